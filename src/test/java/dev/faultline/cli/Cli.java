package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Runs the faultline command line in-process, as a user would call it, and captures what it prints. */
final class Cli {

    static final Path HOME = Path.of(System.getProperty("faultline.home", "."));
    static final Path SAMPLES = HOME.resolve("samples");
    static final Path BAD = HOME.resolve("src/test/resources/samples-bad");
    /** The seed team's catalog overlay (its known issues #1263 and #1278), which the bundled catalog no longer carries. */
    static final String SEED_CATALOG = SAMPLES.resolve("catalog").toString();

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

    /** A child JVM runs faultline with class loading logged; {@code run.out()} is that log and its output. */
    static Run withClassLoading(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
                "-cp", System.getProperty("java.class.path"), "-Dfaultline.home=" + HOME, "dev.faultline.cli.Main"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Run(p.waitFor(), log, "");
    }

    /** What a file command must not load: the Cloud Logging and BigQuery clients and the live side of faultline. */
    static final java.util.List<String> CLOUD_CLASSES = java.util.List.of("com.google.cloud.logging", "io.grpc", "com.google.api.gax",
            "com.google.cloud.bigquery", "dev.faultline.source.LiveSource", "dev.faultline.cli.LiveRun",
            "dev.faultline.source.BigQuerySource", "dev.faultline.cli.BigQueryRun");

    static String sample(String name) {
        return SAMPLES.resolve(name).toString();
    }

    private Cli() {
    }
}
