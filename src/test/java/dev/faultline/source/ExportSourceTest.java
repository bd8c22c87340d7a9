package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Formats, compression, directories, stdin and per-source accounting. */
class ExportSourceTest {

    private static final Path ARRAY = Collected.fixture("shop-api-export.json");
    private static final Path NDJSON = Collected.fixture("shop-api-sink.jsonl");

    @TempDir
    Path dir;

    @Test
    void gcloudArray() throws IOException {
        Collected c = Collected.read(ARRAY.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.only()).isEqualTo(new SourceStats(ARRAY.toString(), "json-array", 10, 10, 0, true, sha256(ARRAY)));
        assertThat(c.entries.get(0).timestamp()).isAfter(c.entries.get(9).timestamp()); // newest first, as gcloud prints
    }

    @Test
    void ndjsonSinkHoldsTheSameEntriesOldestFirst() throws IOException {
        Collected array = Collected.read(ARRAY.toString());
        Collected sink = Collected.read(NDJSON.toString());

        assertThat(sink.problems).isEmpty();
        assertThat(sink.only()).isEqualTo(new SourceStats(NDJSON.toString(), "ndjson", 10, 10, 0, true, sha256(NDJSON)));
        assertThat(sink.entries).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        List<LogEntry> reversed = new ArrayList<>(array.entries);
        java.util.Collections.reverse(reversed);
        for (int i = 0; i < 10; i++) {
            LogEntry a = reversed.get(i);
            LogEntry s = sink.entries.get(i);
            assertThat(s.timestamp()).isEqualTo(a.timestamp());
            assertThat(s.insertId()).isEqualTo(a.insertId());
            assertThat(s.resource()).isEqualTo(a.resource());
            assertThat(s.severity()).isEqualTo(a.severity());
            assertThat(s.httpStatus()).isEqualTo(a.httpStatus());
            if (!a.text().startsWith("{")) { // compact jsonPayload differs only by key order
                assertThat(s.text()).isEqualTo(a.text());
            }
        }
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        Path array = gzip(ARRAY, dir.resolve("export.json"));      // a gzip file named .json
        Path sink = gzip(NDJSON, dir.resolve("sink-000001"));     // no extension at all
        Path named = gzip(NDJSON, dir.resolve("sink.jsonl.gz"));

        Collected c = Collected.read(array.toString(), sink.toString(), named.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.stats).extracting(SourceStats::format).containsExactly("json-array+gzip", "ndjson+gzip", "ndjson+gzip");
        assertThat(c.stats).extracting(SourceStats::parsed).containsExactly(10L, 10L, 10L);
        assertThat(c.stats.get(0).sha256()).isEqualTo(sha256(array)).isNotEqualTo(sha256(ARRAY)); // of the bytes as read
        assertThat(c.entries.subList(0, 10)).extracting(LogEntry::text).isEqualTo(Collected.read(ARRAY.toString()).texts());
    }

    @Test
    void concatenatedGzipMembersAndConcatenatedArraysAreRead() throws IOException {
        byte[] twice = concat(gzipBytes(Files.readAllBytes(ARRAY)), gzipBytes(Files.readAllBytes(ARRAY)));
        Path members = Files.write(dir.resolve("two-members"), twice);
        Path arrays = Files.write(dir.resolve("two-arrays.json"), concat(Files.readAllBytes(ARRAY), Files.readAllBytes(ARRAY)));

        Collected c = Collected.read(members.toString(), arrays.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.stats).extracting(SourceStats::read).containsExactly(20L, 20L);
        assertThat(c.stats).allMatch(SourceStats::complete);
        assertThat(c.entries.get(10).origin().entry()).isEqualTo(11);
    }

    @Test
    void directoriesAreWalkedInPathOrderSkippingHiddenFiles() throws IOException {
        Files.createDirectories(dir.resolve("b/deeper"));
        Files.createDirectories(dir.resolve(".cache"));
        Files.copy(ARRAY, dir.resolve("b/deeper/2.json"));
        gzip(NDJSON, dir.resolve("a-sink"));
        Files.copy(ARRAY, dir.resolve("b/1.json"));
        Files.copy(ARRAY, dir.resolve(".hidden.json"));
        Files.copy(ARRAY, dir.resolve(".cache/x.json"));

        Collected c = Collected.read(dir.toString());

        assertThat(c.stats).extracting(SourceStats::source).containsExactly(
                dir.resolve("a-sink").toString(), dir.resolve("b/1.json").toString(), dir.resolve("b/deeper/2.json").toString());
        assertThat(c.stats).extracting(SourceStats::parsed).containsExactly(10L, 10L, 10L);
        assertThat(c.entries).hasSize(30);
    }

    @Test
    void stdinIsNamedDash() throws IOException {
        byte[] bytes = Files.readAllBytes(NDJSON);
        Collected c = Collected.read(new ExportSource(List.of("-"), () -> new ByteArrayInputStream(bytes)));

        assertThat(c.only()).isEqualTo(new SourceStats("-", "ndjson", 10, 10, 0, true, sha256(bytes)));
        assertThat(c.entries).allMatch(e -> e.origin().source().equals("-"));
    }

    @Test
    void pipesAndDevicesAreReadAsStreamsAndEmptyDirectoriesReported() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/null")), "no /dev/null here");
        Path empty = Files.createDirectories(dir.resolve("nothing-here"));

        Collected c = Collected.read("/dev/null", empty.toString());

        assertThat(c.stats).singleElement().extracting(SourceStats::source, SourceStats::format, SourceStats::complete)
                .containsExactly("/dev/null", "empty", true);
        assertThat(c.problemLines()).containsExactly(empty + ": no files in this directory");
    }

    @Test
    void aMissingPathFailsBeforeAnythingIsRead() {
        List<LogEntry> seen = new ArrayList<>();
        ExportSource source = new ExportSource(List.of(ARRAY.toString(), dir.resolve("nope.json").toString()));

        assertThatThrownBy(() -> source.read(seen::add, p -> { }))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.json");
        assertThat(seen).isEmpty();
    }

    @Test
    void emptyInputsHoldNoEntries() throws IOException {
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        Path emptyArray = Files.writeString(dir.resolve("empty-array.json"), "\uFEFF[\n]\n");
        Path blankLines = Files.writeString(dir.resolve("blank.jsonl"), "\n  \n");

        Collected c = Collected.read(empty.toString(), emptyArray.toString(), blankLines.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.stats).extracting(SourceStats::format).containsExactly("empty", "json-array", "empty");
        assertThat(c.stats).allMatch(s -> s.read() == 0 && s.complete());
        assertThat(c.stats.get(0).sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /** Reads that return a few bytes at a time hit every buffer boundary; the result must not change. */
    @Test
    void trickledInputReadsExactlyLikeWholeFiles() throws IOException {
        String bad = Files.readString(ARRAY).replace("\"textPayload\": \"Container called exit(1).\",",
                "\"textPayload\": \"Container called exit(1).\" oops,");
        for (byte[] bytes : List.of(Files.readAllBytes(ARRAY), Files.readAllBytes(NDJSON), bad.getBytes(StandardCharsets.UTF_8),
                truncatedGcloudLayout(), trickyStrings())) {
            Path file = Files.write(dir.resolve("whole"), bytes);
            Collected whole = Collected.read(List.of(file.toString()), null, 0, false);
            for (int seed = 0; seed < 20; seed++) {
                Random random = new Random(seed);
                boolean parallel = seed % 2 == 0;
                Collected trickled = Collected.read(List.of("-"), () -> new Trickle(bytes, random), 0, parallel);
                assertThat(trickled.texts()).isEqualTo(whole.texts());
                assertThat(trickled.entries).extracting(e -> e.origin().line())
                        .isEqualTo(whole.entries.stream().map(e -> e.origin().line()).toList());
                assertThat(trickled.problemLines()).isEqualTo(whole.problemLines().stream()
                        .map(l -> l.replace(file.toString(), "-")).toList());
                SourceStats w = whole.only();
                assertThat(trickled.only()).isEqualTo(new SourceStats("-", w.format(), w.read(), w.parsed(), w.malformed(),
                        w.complete(), w.sha256()));
            }
        }
    }

    /** Quotes, brackets and backslashes inside strings must not move element boundaries. */
    @Test
    void bracketsQuotesAndBackslashesInsideStrings() throws IOException {
        Path f = Files.write(dir.resolve("tricky.json"), trickyStrings());

        Collected c = Collected.read(f.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.texts()).containsExactly("quote \"}]\" then {[ unbalanced", "ends with a backslash \\", "after");
        assertThat(c.entries).extracting(e -> e.origin().line()).containsExactly(2L, 7L, 12L);
    }

    static byte[] trickyStrings() {
        return """
                [
                  {
                    "resource": {"type": "cloud_run_revision"},
                    "textPayload": "quote \\"}]\\" then {[ unbalanced",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    "resource": {"type": "cloud_run_revision"},
                    "textPayload": "ends with a backslash \\\\",
                    "timestamp": "2025-10-28T11:00:02Z"
                  },
                  {
                    "resource": {"type": "cloud_run_revision"},
                    "textPayload": "after",
                    "timestamp": "2025-10-28T11:00:03Z"
                  }
                ]
                """.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void helperThreadAndInlineReadingAgree() throws IOException {
        List<String> paths = List.of(ARRAY.toString(), NDJSON.toString());
        Collected inline = Collected.read(paths, null, 0, false);
        Collected handedOff = Collected.read(paths, null, 0, true);
        assertThat(handedOff.entries).isEqualTo(inline.entries);
        assertThat(handedOff.stats).isEqualTo(inline.stats);
    }

    @Test
    void aFailingConsumerStopsTheReadAndTheHelperThread() throws Exception {
        // more entries than the batches in flight can hold, so the helper thread is blocked when the consumer fails
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            lines.append("{\"timestamp\":\"2025-10-28T11:00:01Z\",\"resource\":{\"type\":\"global\"},\"textPayload\":\"line ")
                    .append(i).append("\"}\n");
        }
        Path big = Files.writeString(dir.resolve("big.jsonl"), lines);
        ExportSource source = new ExportSource(List.of(big.toString()), () -> null, ExportSource.MAX_ENTRY_BYTES, 3);
        int[] seen = {0};
        // only this read's helpers count: another test's may still be winding down in this JVM
        java.util.Set<Thread> before = helpers();

        assertThatThrownBy(() -> source.read(e -> {
            if (++seen[0] == 3) {
                throw new IllegalStateException("downstream broke");
            }
        }, p -> { })).isInstanceOf(IllegalStateException.class).hasMessage("downstream broke");

        assertThat(seen[0]).isEqualTo(3);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (newHelpers(before) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(newHelpers(before)).isZero();
    }

    private static java.util.Set<Thread> helpers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> (t.getName().startsWith("faultline-scan") || t.getName().startsWith("faultline-parse")) && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static long newHelpers(java.util.Set<Thread> before) {
        return helpers().stream().filter(t -> !before.contains(t)).count();
    }

    /** gcloud layout where entry 2 was cut off mid-string and entry 3 follows. */
    static byte[] truncatedGcloudLayout() {
        return """
                [
                  {
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    "textPayload": "two is cut off here
                  {
                    "textPayload": "three",
                    "timestamp": "2025-10-28T11:00:03Z"
                  }
                ]
                """.getBytes(StandardCharsets.UTF_8);
    }

    static Path gzip(Path from, Path to) throws IOException {
        return Files.write(to, gzipBytes(Files.readAllBytes(from)));
    }

    static byte[] gzipBytes(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** An input stream that hands out 1 to 7 bytes per read. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int pos;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
