package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Runs the faultline command line in-process, as a user would call it, and captures what it prints. */
final class Cli {

    static final Path HOME = Path.of(System.getProperty("faultline.home", "."));
    static final Path SAMPLES = HOME.resolve("samples");
    static final Path BAD = HOME.resolve("src/test/resources/samples-bad");

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("not JSON: " + out, e);
            }
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String sample(String name) {
        return SAMPLES.resolve(name).toString();
    }

    private Cli() {
    }
}
