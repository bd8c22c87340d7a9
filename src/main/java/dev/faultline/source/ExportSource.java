package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Exported Cloud Logging entries from files, directories and stdin: {@code gcloud logging read
 * --format=json} output (one JSON array) or newline-delimited JSON (what a Cloud Logging sink
 * writes to Cloud Storage), each optionally gzip-compressed. Formats are told by content
 * (gzip magic bytes, then the first non-blank byte), never by file name.
 * <p>
 * Streaming: memory is a few MiB of buffers plus the largest entry (at most
 * {@link #MAX_ENTRY_BYTES}), whatever the size of the input. On a multi-core machine reading,
 * hashing, gunzip and cutting the input into entries run on a helper thread, one per input in
 * turn, while the calling thread parses; every callback still runs on the calling thread, in
 * input order. Bad input is reported, one problem per entry or file, and the rest is read; each
 * input's {@link SourceStats} accounts for every entry ({@code read == parsed + malformed}) and
 * carries the SHA-256 of the bytes as read.
 */
public final class ExportSource implements EntrySource {

    /** The source name that means standard input. */
    public static final String STDIN = "-";

    /** Largest entry read; a larger one is skipped and reported (Cloud Logging's own limit is 256 KiB). */
    public static final int MAX_ENTRY_BYTES = 64 << 20;

    private final List<String> paths;
    private final Supplier<InputStream> stdin;
    private final int maxEntryBytes;
    private final boolean parallel;

    /** Reads {@code paths} (files, directories, or "-" for {@link System#in}). */
    public ExportSource(List<String> paths) {
        this(paths, () -> System.in);
    }

    /** Reads {@code paths}; "-" reads the stream {@code stdin} supplies. */
    public ExportSource(List<String> paths, Supplier<InputStream> stdin) {
        this(paths, stdin, MAX_ENTRY_BYTES, Runtime.getRuntime().availableProcessors() > 1);
    }

    /**
     * @param parallel scan (read, hash, gunzip, split) on a helper thread while this one parses;
     *                 all callbacks still run on the calling thread
     */
    ExportSource(List<String> paths, Supplier<InputStream> stdin, int maxEntryBytes, boolean parallel) {
        this.paths = List.copyOf(paths);
        this.stdin = stdin;
        this.maxEntryBytes = maxEntryBytes;
        this.parallel = parallel;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Every path is checked before anything is read, so a missing file fails the run up front
     * (NoSuchFileException) rather than after half the input was streamed. A file that exists but
     * cannot be read (permissions, an I/O error, a dangling link in a directory) is one problem and
     * an incomplete source of its own: the other inputs are still read.
     */
    @Override
    public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> dangling = new ArrayList<>();
        for (String path : paths) {
            if (path.equals(STDIN)) {
                inputs.add(STDIN);
                continue;
            }
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                List<String> files = filesUnder(p, dangling);
                if (files.isEmpty() && dangling.isEmpty()) {
                    problems.accept(new InputProblem(path, 0, 0, "no files in this directory"));
                }
                inputs.addAll(files);
            } else if (Files.exists(p)) {
                inputs.add(path); // a regular file, or a pipe such as bash's <(gunzip -c export.json.gz)
            } else {
                throw new NoSuchFileException(path);
            }
        }
        LogEntryReader reader = new LogEntryReader();
        List<SourceStats> stats = new ArrayList<>(inputs.size() + dangling.size());
        for (String link : dangling) {
            stats.add(unreadable(link, "cannot read: a symbolic link to nothing", problems));
        }
        for (String input : inputs) {
            if (input.equals(STDIN)) {
                stats.add(readStream(STDIN, stdin.get(), reader, entries, problems));
                continue;
            }
            InputStream in;
            try {
                in = Files.newInputStream(Path.of(input));
            } catch (IOException e) {
                stats.add(unreadable(input, "cannot read: " + why(e), problems));
                continue;
            }
            try (in) {
                stats.add(readStream(input, in, reader, entries, problems));
            }
        }
        return stats;
    }

    /** One problem line and an incomplete source with nothing read: the run goes on with the other inputs. */
    private static SourceStats unreadable(String input, String message, Consumer<InputProblem> problems) {
        problems.accept(new InputProblem(input, 0, 0, message));
        return new SourceStats(input, "unreadable", 0, 0, 0, false, null);
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Regular, non-hidden files below {@code dir} (hidden folders skipped too), sorted by path;
     * symbolic links that lead nowhere go to {@code dangling}. Other special files (pipes, sockets,
     * devices) are left alone: reading one could block the run.
     */
    private static List<String> filesUnder(Path dir, List<String> dangling) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(f -> !isHidden(dir.relativize(f))).sorted().forEach(f -> {
                if (Files.isRegularFile(f)) {
                    files.add(f.toString());
                } else if (Files.isSymbolicLink(f) && !Files.exists(f)) {
                    dangling.add(f.toString());
                }
            });
        }
        return files;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private SourceStats readStream(String name, InputStream raw, LogEntryReader reader,
                                   Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        ExportScanner scanner = new ExportScanner(name, raw, maxEntryBytes);
        Counter counter = new Counter(name, reader, entries, problems);
        ExportScanner.Result result;
        try {
            result = parallel ? Handoff.run(scanner, counter) : scanner.run(counter);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) { // not even the first bytes could be read (e.g. EIO): this input only
            problems.accept(new InputProblem(name, 0, 0, "cannot read: " + why(e)));
            return new SourceStats(name, "unreadable", counter.parsed + counter.malformed, counter.parsed,
                    counter.malformed, false, null);
        }
        return new SourceStats(name, result.format(), counter.parsed + counter.malformed, counter.parsed,
                counter.malformed, result.complete(), result.sha256());
    }

    /** Parses the elements the splitter finds and counts where each went. */
    private static final class Counter implements ElementSplitter.Handler {
        private final String source;
        private final LogEntryReader reader;
        private final Consumer<LogEntry> entries;
        private final Consumer<InputProblem> problems;
        long parsed;
        long malformed;

        Counter(String source, LogEntryReader reader, Consumer<LogEntry> entries, Consumer<InputProblem> problems) {
            this.source = source;
            this.reader = reader;
            this.entries = entries;
            this.problems = problems;
        }

        @Override
        public void element(byte[] buf, int off, int len, long entry, long line) {
            LogEntry parsedEntry = reader.read(buf, off, len, new Origin(source, entry, line), problems);
            if (parsedEntry == null) {
                malformed++;
            } else {
                parsed++;
                entries.accept(parsedEntry);
            }
        }

        @Override
        public void broken(long entry, long line, String message) {
            malformed++;
            problems.accept(new InputProblem(source, entry, line, message));
        }

        @Override
        public void problem(long line, String message) {
            problems.accept(new InputProblem(source, 0, line, message));
        }
    }
}
