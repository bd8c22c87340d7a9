package dev.faultline.source;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Saves a live read as a gzip-compressed JSONL export (one entry's export JSON a line, oldest
 * first) that {@link ExportSource} reads back to the same entries. The file only appears under
 * its name when every page was read; until then it is {@code FILE.partial}, flushed after every
 * page, beside {@code FILE.partial.query} (the query, with its fixed time range). Running the
 * same pull again resumes: it keeps the complete lines of the partial file (a crash may have cut
 * the last one) and asks for the rest from the last timestamp kept, skipping the entries of that
 * instant it already has.
 */
public final class LivePull {

    /**
     * @param kept    entries taken over from an earlier, interrupted pull
     * @param pulled  entries fetched by this run
     * @param failure why this run stopped early (the partial file stays for a resume), or null
     */
    public record Result(Path file, long kept, long pulled, long pages, Instant lastTimestamp, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveSource source;
    private final Path output;

    public LivePull(LiveSource source, Path output) {
        this.source = source;
        this.output = output;
    }

    public Path partialFile() {
        return output.resolveSibling(output.getFileName() + ".partial");
    }

    Path queryFile() {
        return output.resolveSibling(output.getFileName() + ".partial.query");
    }

    /**
     * Pulls {@code query}, or resumes the interrupted pull of the same query (same project,
     * service, revision, filters; its original time range is kept).
     *
     * @throws LiveReadException when the partial file is from another query, or the read fails
     *                           outright (the partial file is kept)
     */
    public Result run(LiveQuery query, Consumer<String> notes) throws IOException {
        Path partial = partialFile();
        Path next = output.resolveSibling(output.getFileName() + ".partial.tmp");
        LiveQuery asked = query;
        Resume resume = null;
        if (Files.exists(partial) && Files.exists(queryFile())) {
            LiveQuery earlier = readQuery(queryFile());
            if (!sameSelection(earlier, query)) {
                throw new LiveReadException(partial + " is from a pull of another query: delete it, or pull into another file", null);
            }
            asked = earlier;
        }
        Files.deleteIfExists(next);
        Counts walk;
        try (OutputStream file = Files.newOutputStream(next);
             GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16, true)) {
            if (Files.exists(partial) && Files.exists(queryFile())) {
                resume = keepCompleteLines(partial, gzip);
            } else {
                writeQuery(asked, queryFile());
            }
            LiveQuery remaining = resume == null || resume.last == null ? asked : asked.from(resume.last);
            Resume skip = resume;
            walk = new Counts();
            try {
                LiveSource.Walk w = source.walkWithContext(remaining, (json, entry) -> {
                    if (skip != null && skip.alreadyKept(entry)) {
                        return;
                    }
                    gzip.write(json);
                    gzip.write('\n');
                    walk.pulled++;
                }, notes);
                walk.result = w;
            } finally {
                gzip.flush();
            }
        } catch (IOException | RuntimeException e) {
            keep(next, partial);
            throw e;
        }
        long kept = resume == null ? 0 : resume.lines;
        LiveSource.Walk w = walk.result;
        Instant last = w.lastTimestamp() != null ? w.lastTimestamp() : resume == null ? null : resume.last;
        if (!w.complete()) {
            keep(next, partial);
            return new Result(partial, kept, walk.pulled, w.pages(), last, w.failure());
        }
        Files.move(next, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(partial);
        Files.deleteIfExists(queryFile());
        return new Result(output, kept, walk.pulled, w.pages(), last, null);
    }

    private static void writeQuery(LiveQuery q, Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("project", q.project());
        fields.put("service", q.service());
        fields.put("revision", q.revision());
        fields.put("from", q.from() == null ? null : q.from().toString());
        fields.put("until", q.until() == null ? null : q.until().toString());
        fields.put("extra", q.extra());
        fields.put("candidates", q.candidates());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), fields);
    }

    private static LiveQuery readQuery(Path file) throws IOException {
        Map<String, String> f = JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
        return new LiveQuery(f.get("project"), f.get("service"), f.get("revision"),
                f.get("from") == null ? null : Instant.parse(f.get("from")),
                f.get("until") == null ? null : Instant.parse(f.get("until")), f.get("extra"), f.get("candidates"));
    }

    private static void keep(Path next, Path partial) throws IOException {
        if (Files.exists(next)) {
            Files.move(next, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Everything but the time range and the candidates' exact text (a catalog may have grown) must match. */
    private static boolean sameSelection(LiveQuery a, LiveQuery b) {
        return a.project().equals(b.project()) && Objects.equals(a.service(), b.service())
                && Objects.equals(a.revision(), b.revision()) && Objects.equals(a.extra(), b.extra())
                && a.candidates().isEmpty() == b.candidates().isEmpty();
    }

    private static final class Counts {
        long pulled;
        LiveSource.Walk result;
    }

    /** What an interrupted pull left: how many lines, the last timestamp, the insertIds at that instant. */
    private static final class Resume {
        long lines;
        Instant last;
        final Set<String> idsAtLast = new HashSet<>();

        boolean alreadyKept(com.google.logging.v2.LogEntry entry) {
            Instant t = Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
            return t.equals(last) && idsAtLast.contains(entry.getInsertId());
        }
    }

    /** Copies the complete lines of the gzip file {@code partial} to {@code out}; a cut-off end is dropped. */
    private static Resume keepCompleteLines(Path partial, OutputStream out) throws IOException {
        Resume resume = new Resume();
        LogEntryReader reader = new LogEntryReader();
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(partial), 1 << 16), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] json = line.toByteArray();
                line.reset();
                LogEntry entry = reader.read(json, 0, json.length, new Origin(partial.toString(), resume.lines + 1, resume.lines + 1), p -> { });
                out.write(json);
                out.write('\n');
                resume.lines++;
                if (entry != null) {
                    if (!entry.timestamp().equals(resume.last)) {
                        resume.last = entry.timestamp();
                        resume.idsAtLast.clear();
                    }
                    resume.idsAtLast.add(entry.insertId());
                }
            }
        } catch (EOFException | ZipException e) {
            // a crash cut the file: the complete lines before the cut are kept
        }
        return resume;
    }
}
