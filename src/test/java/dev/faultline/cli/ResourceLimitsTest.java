package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.bench.ManyRevisions;
import dev.faultline.incident.Grouper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 4b, in a child JVM with a small heap, as a user runs faultline: an input with far
 * more distinct revisions than are kept in detail stays in bounded memory, and running out of
 * memory anyway is one line on stderr and exit 1, never a stack trace.
 */
class ResourceLimitsTest {

    /**
     * 200,000 distinct revisions (1,000 failing) on stdin with a 128 MiB heap: the build before the
     * cap ran out of memory here (a revision in detail takes about 1 KB). Now 10,000 are judged, the
     * rest counted, and the report says so.
     */
    @Test
    void manyDistinctRevisionsAreCountedNotKeptAndTheReportSaysSo(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Child run = child(List.of("-Xmx128m"), Map.of(), out -> ManyRevisions.write(out, 1_000, 199_000, false),
                "triage", "-", "--quiet", "--format", "json", "-o", report.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        // with -o, the one-line verdict still comes on stderr; nothing else does
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("faultline: 1000 failing revisions");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("revisions")).hasSize(Grouper.MAX_REVISIONS);
        assertThat(json.at("/summary/failing").asInt()).isEqualTo(1_000); // every failing revision kept and judged
        assertThat(json.at("/summarised/entries").asLong()).isEqualTo(190_000);
        assertThat(json.at("/summarised/estimated").asBoolean()).isTrue();
        assertThat((double) json.at("/summarised/revisions").asLong()).isCloseTo(190_000,
                org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(json.at("/input/entriesRead").asLong()).isEqualTo(200_000);
    }

    /** The text report says it too, in one line, before the verdicts (10 + 10,100 revisions: 110 only counted). */
    @Test
    void theTextReportSaysWhatWasOnlyCounted(@TempDir Path dir) throws Exception {
        Child run = child(List.of("-Xmx128m"), Map.of(), out -> ManyRevisions.write(out, 10, 10_100, false), "triage", "-");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        assertThat(run.out()).contains("110 more revisions (110 entries) only counted, not judged: faultline keeps 10,000 "
                + "revisions in full detail, failing ones first");
    }

    /** One 40 MB entry needs a 64 MB buffer: with a 32 MiB heap that is an OutOfMemoryError, told in one line. */
    @Test
    void runningOutOfMemoryIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.jsonl");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("{\"timestamp\":\"2025-09-15T10:00:00Z\",\"textPayload\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
            }
            out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Child run = child(List.of("-Xmx32m"), Map.of(), null, "triage", big.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("faultline: out of memory (Java heap space, heap limit ").contains("FAULTLINE_JAVA_OPTS=-Xmx4g");
        assertThat(run.out()).isEmpty();

        Child debug = child(List.of("-Xmx32m"), Map.of("FAULTLINE_DEBUG", "1"), null, "triage", big.toString());
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).startsWith("faultline: out of memory").contains("java.lang.OutOfMemoryError").contains("\tat ");
    }

    interface Input {
        void write(OutputStream out) throws IOException;
    }

    record Child(int exitCode, String out, String err) {
    }

    /** faultline in its own JVM with {@code jvm} options, {@code input} fed to its stdin. */
    static Child child(List<String> jvm, Map<String, String> env, Input input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.faultline.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("FAULTLINE_DEBUG");
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = p.getOutputStream()) {
                if (input != null) {
                    input.write(stdin);
                }
            } catch (IOException e) {
                if (p.isAlive()) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        feeder.start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread errReader = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        feeder.join();
        return new Child(code, out, err.get());
    }
}
