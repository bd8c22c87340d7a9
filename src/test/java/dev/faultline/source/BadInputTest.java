package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad input is one problem line naming file, line and entry; reading goes on;
 * every entry is accounted for: read == parsed + malformed.
 */
class BadInputTest {

    private static final String R = "\"resource\": {\"labels\": {\"revision_name\": \"r-1\"}, \"type\": \"cloud_run_revision\"},";

    @TempDir
    Path dir;

    @Test
    void malformedEntryIsSkippedAndTheRestRead() throws IOException {
        Path f = write("bad.json", """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    %s
                    "textPayload": "two",
                    "timestamp": "2025-10-28T11:00:02Z"
                    "severity": "ERROR"
                  },
                  {
                    %s
                    "textPayload": "three",
                    "timestamp": "2025-10-28T11:00:03Z"
                  }
                ]
                """.formatted(R, R, R));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":11: entry 2: malformed JSON: Unexpected character "
                + "('\"' (code 34)): was expecting comma to separate Object entries");
        assertThat(c.texts()).containsExactly("one", "three");
        assertThat(c.entries.get(1).origin().entry()).isEqualTo(3);
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed, SourceStats::complete)
                .containsExactly(3L, 2L, 1L, true);
    }

    @Test
    void truncatedInsideAnEntryKeepsTheEntriesBefore() throws IOException {
        Path f = write("cut.json", """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    %s
                    "textPayload": "two",
                    "timestamp": "2025-10-28T11:00:02Z"
                  },
                  {
                    %s
                    "textPayload": "thr""".formatted(R, R, R));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":12: entry 3: truncated: file ends inside entry 3");
        assertThat(c.texts()).containsExactly("one", "two");
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed, SourceStats::complete)
                .containsExactly(3L, 2L, 1L, false);
    }

    @Test
    void missingClosingBracketMakesTheSourceIncomplete() throws IOException {
        Path f = write("open.json", """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                """.formatted(R));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":6: truncated: no closing ']' after entry 1");
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed, SourceStats::complete)
                .containsExactly(1L, 1L, 0L, false);
    }

    @Test
    void entryCutOffInGcloudLayoutResynchronisesOnTheNextEntryLine() throws IOException {
        Path f = Files.write(dir.resolve("spliced.json"), ExportSourceTest.truncatedGcloudLayout());

        Collected c = read(f);

        assertThat(c.problemLines()).contains(f + ":6: entry 2: malformed JSON: entry ends early, the next one starts on line 8");
        assertThat(c.texts()).containsExactly("one", "three");
        assertThat(c.entries.get(1).origin()).extracting(o -> o.entry(), o -> o.line()).containsExactly(3L, 8L);
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed, SourceStats::complete)
                .containsExactly(3L, 2L, 1L, true);
    }

    @Test
    void invalidUtf8IsReplacedAndTheEntryKept() throws IOException {
        byte[] bytes = """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    %s
                    "textPayload": "caf@ ol@",
                    "timestamp": "2025-10-28T11:00:02Z"
                  }
                ]
                """.formatted(R, R).getBytes(StandardCharsets.UTF_8);
        replace(bytes, (byte) '@', (byte) 0xFF); // first: a byte that never occurs in UTF-8
        Path f = Files.write(dir.resolve("latin.json"), bytes);

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":9: entry 2: invalid UTF-8 (byte 0xFF): replaced with U+FFFD");
        assertThat(c.texts()).containsExactly("one", "caf\uFFFD ol\uFFFD");
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed).containsExactly(2L, 2L, 0L);
    }

    @Test
    void invalidUtf8InNdjsonCutSequence() throws IOException {
        byte[] bytes = ("{\"timestamp\":\"2025-10-28T11:00:01Z\"," + R + "\"textPayload\":\"ok\"}\n"
                + "{\"timestamp\":\"2025-10-28T11:00:02Z\"," + R + "\"textPayload\":\"h@\"}\n").getBytes(StandardCharsets.UTF_8);
        replace(bytes, (byte) '@', (byte) 0xC3); // the start of a two-byte sequence, followed by a quote
        Path f = Files.write(dir.resolve("cut-utf8.jsonl"), bytes);

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":2: entry 2: invalid UTF-8 (byte 0xC3): replaced with U+FFFD");
        assertThat(c.texts()).containsExactly("ok", "h\uFFFD");
    }

    @Test
    void noTimestampFallsBackToReceiveTimestampElseMalformed() throws IOException {
        Path f = write("times.jsonl", String.join("\n",
                "{" + R + "\"textPayload\":\"late\",\"receiveTimestamp\":\"2025-10-28T11:00:05.123Z\"}",
                "{" + R + "\"textPayload\":\"lost\"}",
                "{" + R + "\"textPayload\":\"odd\",\"timestamp\":\"last tuesday\",\"receiveTimestamp\":\"2025-10-28T11:00:06Z\"}",
                ""));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(
                f + ":1: entry 1: no timestamp: used receiveTimestamp",
                f + ":2: entry 2: no timestamp and no receiveTimestamp",
                f + ":3: entry 3: bad timestamp 'last tuesday': used receiveTimestamp");
        assertThat(c.entries).extracting(LogEntry::timestamp)
                .containsExactly(Instant.parse("2025-10-28T11:00:05.123Z"), Instant.parse("2025-10-28T11:00:06Z"));
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed).containsExactly(3L, 2L, 1L);
    }

    @Test
    void noResourceIsKeptButOutOfRevisionGrouping() throws IOException {
        Path f = write("global.json", """
                [
                  {
                    "textPayload": "who am I",
                    "timestamp": "2025-10-28T11:00:01Z"
                  }
                ]
                """);

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":2: entry 1: no resource: kept out of revision grouping");
        assertThat(c.entries).singleElement().extracting(LogEntry::resource).isEqualTo(Resource.NONE);
        assertThat(c.only().parsed()).isEqualTo(1);
    }

    @Test
    void elementsThatAreNotObjectsAreMalformed() throws IOException {
        Path f = write("scalars.json", """
                [
                  42,
                  "a string",
                  null,
                  [],
                  {
                    %s
                    "textPayload": "fine",
                    "timestamp": "2025-10-28T11:00:01Z"
                  }
                ]
                """.formatted(R));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(
                f + ":2: entry 1: not a LogEntry object but a number",
                f + ":3: entry 2: not a LogEntry object but a string",
                f + ":4: entry 3: not a LogEntry object but null",
                f + ":5: entry 4: not a LogEntry object but an array");
        assertThat(c.texts()).containsExactly("fine");
        assertThat(c.entries.get(0).origin().entry()).isEqualTo(5);
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed).containsExactly(5L, 1L, 4L);
    }

    @Test
    void notALogExportIsOneProblemAndSkipped() throws IOException {
        Path text = write("notes.txt", "hello\n");
        Path png = Files.write(dir.resolve("pic.json"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10});

        Collected c = Collected.read(text.toString(), png.toString());

        assertThat(c.problemLines()).containsExactly(
                text + ":1: not a log export (starts with 'h'): skipped",
                png + ":1: not a log export (starts with byte 0x89): skipped");
        assertThat(c.stats).extracting(SourceStats::format).containsExactly("unknown", "unknown");
        assertThat(c.stats).noneMatch(SourceStats::complete);
        // skipped, not cut short: a stray README among the exports does not make the input incomplete
        assertThat(c.stats).noneMatch(SourceStats::isLogExport).noneMatch(SourceStats::incomplete);
        assertThat(c.stats.get(0).sha256()).isEqualTo(ExportSourceTest.sha256(text));
    }

    @Test
    void ndjsonBadLinesTrailingDataAndACutLastLine() throws IOException {
        Path f = write("sink.jsonl", String.join("\n",
                "{\"timestamp\":\"2025-10-28T11:00:01Z\"," + R + "\"textPayload\":\"one\"}",
                "",
                "{\"timestamp\":\"2025-10-28T11:00:02Z\"," + R + "\"textPayload\":\"two\"",
                "{\"timestamp\":\"2025-10-28T11:00:03Z\"," + R + "\"textPayload\":\"three\"} {\"extra\":1}",
                "{\"timestamp\":\"2025-10-28T11:00:04Z\"," + R + "\"textPayload\":\"four\"}",
                "{\"timestamp\":\"2025-10-28T11:00:05Z\"," + R + "\"textPay"));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(
                f + ":3: entry 2: malformed JSON: Unexpected end-of-input: expected close marker for Object",
                f + ":4: entry 3: trailing data after the entry",
                f + ":6: entry 5: truncated: file ends inside entry 5");
        assertThat(c.texts()).containsExactly("one", "four");
        assertThat(c.entries.get(1).origin()).extracting(o -> o.entry(), o -> o.line()).containsExactly(4L, 5L);
        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed, SourceStats::complete)
                .containsExactly(5L, 2L, 3L, false);
    }

    @Test
    void binaryGarbageLinesInNdjsonAreMalformed() throws IOException {
        byte[] ok = ("{\"timestamp\":\"2025-10-28T11:00:01Z\"," + R + "\"textPayload\":\"ok\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] nul = {0, 0, 0, '{', 0, 0, 0, '}', '\n'};          // what Jackson would take for UTF-32
        byte[] utf16 = {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}', '\n'};
        Path f = Files.write(dir.resolve("garbage.jsonl"), ExportSourceTest.concat(ExportSourceTest.concat(ok, nul),
                ExportSourceTest.concat(utf16, ok)));

        Collected c = read(f);

        assertThat(c.problems).extracting(InputProblem::entry, InputProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, 2L), org.assertj.core.groups.Tuple.tuple(3L, 3L));
        // Jackson takes the first for UTF-32 "{}": an empty object, so malformed for lack of a timestamp; the
        // UTF-16 byte order mark is no UTF-8, so the second is invalid UTF-8 (exports are UTF-8)
        assertThat(c.problemLines().get(0)).endsWith("no timestamp and no receiveTimestamp");
        assertThat(c.problemLines().get(1)).contains("malformed JSON").contains("invalid UTF-8 (byte 0xFE)");
        assertThat(c.texts()).containsExactly("ok", "ok");
    }

    @Test
    void dataAfterTheClosingBracketIsReported() throws IOException {
        Path f = write("tail.json", """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  }
                ]
                garbage
                """.formatted(R));

        Collected c = read(f);

        assertThat(c.problemLines()).containsExactly(f + ":8: unexpected data after the closing ']' (starts with 'g'): the rest is not read");
        assertThat(c.only()).extracting(SourceStats::parsed, SourceStats::complete).containsExactly(1L, false);
    }

    @Test
    void tenMegabyteLineIsReadAndItsTextCut() throws IOException {
        String huge = "x".repeat(10 << 20);
        Path array = write("huge.json", """
                [
                  {
                    %s
                    "textPayload": "START%sEND",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    %s
                    "textPayload": "after",
                    "timestamp": "2025-10-28T11:00:02Z"
                  }
                ]
                """.formatted(R, huge, R));
        Path lines = write("huge.jsonl", "{\"textPayload\":\"START" + huge + "END\",\"timestamp\":\"2025-10-28T11:00:01Z\"," + R
                + "\"severity\":\"INFO\"}\n{\"textPayload\":\"after\",\"timestamp\":\"2025-10-28T11:00:02Z\"," + R + "\"severity\":\"INFO\"}\n");

        for (Path f : List.of(array, lines)) {
            Collected c = read(f);
            long line = f == array ? 2 : 1;
            assertThat(c.problemLines()).containsExactly(f + ":" + line + ": entry 1: text of 10485768 chars cut to its first 1048576");
            assertThat(c.entries.get(0).text()).hasSize(LogEntryReader.MAX_TEXT_CHARS).startsWith("STARTxxx");
            assertThat(c.texts().get(1)).isEqualTo("after");
            assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed).containsExactly(2L, 2L);
        }
    }

    @Test
    void entriesOverTheSizeCapAreSkippedAndReadingGoesOn() throws IOException {
        String big = "y".repeat(10_000);
        Path array = write("big.json", """
                [
                  {
                    %s
                    "textPayload": "one",
                    "timestamp": "2025-10-28T11:00:01Z"
                  },
                  {
                    %s
                    "textPayload": "%s",
                    "timestamp": "2025-10-28T11:00:02Z"
                  },
                  {
                    %s
                    "textPayload": "three",
                    "timestamp": "2025-10-28T11:00:03Z"
                  }
                ]
                """.formatted(R, R, big, R));
        Path lines = write("big.jsonl", "{\"textPayload\":\"one\",\"timestamp\":\"2025-10-28T11:00:01Z\"," + R + "\"x\":1}\n"
                + "{\"textPayload\":\"" + big + "\"}\n"
                + "{\"textPayload\":\"three\",\"timestamp\":\"2025-10-28T11:00:03Z\"," + R + "\"x\":1}\n");

        for (boolean parallel : new boolean[] {false, true}) {
            Collected c = Collected.read(List.of(array.toString(), lines.toString()), null, 4096, parallel);
            assertThat(c.problemLines()).containsExactly(
                    array + ":7: entry 2: entry larger than 4096 bytes: skipped",
                    lines + ":2: entry 2: entry larger than 4096 bytes: skipped");
            assertThat(c.texts()).containsExactly("one", "three", "one", "three");
            assertThat(c.stats).allMatch(s -> s.read() == 3 && s.parsed() == 2 && s.malformed() == 1 && s.complete());
        }
    }

    @Test
    void truncatedGzipReportsWhereTheEntriesStopped() throws IOException {
        byte[] gz = ExportSourceTest.gzipBytes(Files.readAllBytes(Collected.fixture("shop-api-export.json")));
        Path f = Files.write(dir.resolve("cut.json.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));

        Collected c = read(f);

        SourceStats s = c.only();
        assertThat(s.format()).isEqualTo("json-array+gzip");
        assertThat(s.complete()).isFalse();
        assertThat(s.parsed()).isBetween(1L, 9L);
        assertThat(s.read()).isEqualTo(s.parsed() + s.malformed());
        assertThat(c.entries).hasSize((int) s.parsed());
        assertThat(c.problemLines()).singleElement().asString()
                .matches(f + ":\\d+: entry " + s.read() + ": truncated: file ends inside entry " + s.read()
                        + " \\(Unexpected end of ZLIB input stream\\)");
    }

    @Test
    void gzipCutInsideItsHeader() throws IOException {
        Path f = Files.write(dir.resolve("stub.gz"), new byte[] {0x1F, (byte) 0x8B, 8});

        Collected c = read(f);

        assertThat(c.only()).extracting(SourceStats::format, SourceStats::read, SourceStats::complete)
                .containsExactly("gzip", 0L, false);
        assertThat(c.only().incomplete()).isTrue(); // an export cut short, not a file to skip
        assertThat(c.problemLines()).singleElement().asString()
                .isEqualTo(f + ": truncated: unreadable gzip header (the file ends after 3 bytes)");
    }

    /**
     * Sequences Jackson would decode without complaint (issue 18 item 7): an overlong '<' (C0 BC and
     * E0 80 BC), a UTF-16 surrogate (ED A0 80), code points above U+10FFFF (F4 90 80 80, F5 ...).
     * Each is an input problem and becomes U+FFFD; none is decoded into the character it pretends to be.
     */
    @Test
    void overlongAndOutOfRangeUtf8IsReplacedNeverDecoded() throws IOException {
        int[][] sequences = {{0xC0, 0xBC}, {0xC1, 0x81}, {0xE0, 0x80, 0xBC}, {0xED, 0xA0, 0x80}, {0xF0, 0x80, 0x80, 0xBC},
                {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < sequences.length; i++) {
            out.write(("{\"timestamp\":\"2025-10-28T11:00:0" + i + "Z\"," + R + "\"textPayload\":\"a").getBytes(StandardCharsets.UTF_8));
            for (int b : sequences[i]) {
                out.write(b);
            }
            out.write("script>\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("{\"timestamp\":\"2025-10-28T11:00:09Z\"," + R + "\"textPayload\":\"caf\u00e9 \u2713 \uD83D\uDE00\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(dir.resolve("overlong.jsonl"), out.toByteArray());

        Collected c = read(f);

        assertThat(c.only()).extracting(SourceStats::read, SourceStats::parsed, SourceStats::malformed).containsExactly(8L, 8L, 0L);
        assertThat(c.problems).hasSize(sequences.length);
        for (int i = 0; i < sequences.length; i++) {
            assertThat(c.problemLines().get(i)).isEqualTo(String.format("%s:%d: entry %d: invalid UTF-8 (byte 0x%02X): replaced with U+FFFD",
                    f, i + 1, i + 1, sequences[i][0]));
            assertThat(c.texts().get(i)).startsWith("a\uFFFD").endsWith("script>").doesNotContain("<")
                    .doesNotContainPattern("[\\x{D800}-\\x{DFFF}]");
        }
        assertThat(c.texts().get(7)).isEqualTo("caf\u00e9 \u2713 \uD83D\uDE00"); // well-formed UTF-8 stays as it is
    }

    /**
     * A gzip bomb (issue 18 item 8): 80 MiB of blanks after '[' in a file of about 80 KiB. Reading stops
     * once the data expands more than 400 times past 64 MiB, with one problem line that says why.
     */
    @Test
    void aGzipBombIsStoppedAndSaidSo() throws IOException {
        Path f = dir.resolve("bomb.json.gz");
        byte[] blanks = new byte[1 << 20];
        Arrays.fill(blanks, (byte) ' ');
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
            gz.write('[');
            for (int i = 0; i < 80; i++) {
                gz.write(blanks);
            }
            gz.write(']');
        }
        assertThat(Files.size(f)).isLessThan(200 << 10);

        Collected c = read(f);

        assertThat(c.only().complete()).isFalse();
        assertThat(c.only().incomplete()).isTrue();
        assertThat(c.problemLines()).singleElement().asString().contains("truncated")
                .contains("the gzip data expands more than 400 times").contains("gzip bomb");
        assertThat(c.only().sha256()).isEqualTo(ExportSourceTest.sha256(f)); // still the hash of the whole file
    }

    private Collected read(Path f) throws IOException {
        Collected c = Collected.read(f.toString());
        SourceStats s = c.only();
        assertThat(s.read()).isEqualTo(s.parsed() + s.malformed());
        assertThat((long) c.entries.size()).isEqualTo(s.parsed());
        return c;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void replace(byte[] bytes, byte from, byte to) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == from) {
                bytes[i] = to;
            }
        }
    }
}
