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
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Exported Cloud Logging entries from files, directories and stdin: {@code gcloud logging read
 * --format=json} output (one JSON array) or newline-delimited JSON (what a Cloud Logging sink
 * writes to Cloud Storage), each optionally gzip-compressed. Formats are told by content
 * (gzip magic bytes, then the first non-blank byte), never by file name.
 * <p>
 * Streaming: memory is a few MiB of buffers plus the largest entry (at most
 * {@link #MAX_ENTRY_BYTES}) times a few batches in flight, whatever the size of the input.
 * <p>
 * Threads: with more than one, reading, hashing, gunzip and cutting the input into entries run
 * on a helper thread, one input after the other, and batches of about 1 MiB of entries are
 * parsed (and prepared, see {@link #read(Function, BiConsumer, Consumer)}) by {@code threads}
 * worker threads, each with its own parser; the results come back to the calling thread in input
 * order, so every callback still runs there, in input order, whatever the number of threads. With
 * one, the calling thread parses; the helper still reads and splits ahead of it when the machine
 * has more than one processor (that layout used less CPU than doing both on one thread).
 * <p>
 * Bad input is reported, one problem per entry or file, and the rest is read; each
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
    private final int threads;

    /** Reads {@code paths} (files, directories, or "-" for {@link System#in}) with {@link #defaultThreads()}. */
    public ExportSource(List<String> paths) {
        this(paths, defaultThreads());
    }

    /** Reads {@code paths} with {@code threads} parsing threads (1: parse on the calling thread). */
    public ExportSource(List<String> paths, int threads) {
        this(paths, () -> System.in, MAX_ENTRY_BYTES, Math.max(1, threads));
    }

    /** Reads {@code paths}; "-" reads the stream {@code stdin} supplies. */
    public ExportSource(List<String> paths, Supplier<InputStream> stdin) {
        this(paths, stdin, MAX_ENTRY_BYTES, defaultThreads());
    }

    /**
     * @param threads 0: read, split and parse on the calling thread (tests); 1: parse on the calling
     *                thread, split on a helper when there is more than one processor; more: split on a
     *                helper and parse on this many workers. All callbacks run on the calling thread.
     */
    ExportSource(List<String> paths, Supplier<InputStream> stdin, int maxEntryBytes, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative: " + threads);
        }
        this.paths = List.copyOf(paths);
        this.stdin = stdin;
        this.maxEntryBytes = maxEntryBytes;
        this.threads = threads;
    }

    /** One parsing thread per available processor. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
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
        return read(entry -> null, (entry, nothing) -> entries.accept(entry), problems);
    }

    /**
     * {@inheritDoc}
     * <p>
     * With more than one thread, {@code prepare} runs on the worker that parsed the entry.
     */
    @Override
    public <T> List<SourceStats> read(Function<LogEntry, T> prepare, BiConsumer<LogEntry, T> entries,
                                      Consumer<InputProblem> problems) throws IOException {
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
        ExecutorService workers = threads > 1 ? Handoff.workers(threads) : null;
        try {
            Reading<T> reading = new Reading<>(workers, prepare, entries, problems);
            List<SourceStats> stats = new ArrayList<>(inputs.size() + dangling.size());
            for (String link : dangling) {
                stats.add(unreadable(link, "cannot read: a symbolic link to nothing", problems));
            }
            for (String input : inputs) {
                if (input.equals(STDIN)) {
                    stats.add(reading.stream(STDIN, stdin.get()));
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
                    stats.add(reading.stream(input, in));
                }
            }
            return stats;
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
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

    /** One read: the inputs in turn, each scanned, parsed and counted. */
    private final class Reading<T> {
        private final ExecutorService workers;
        private final Function<LogEntry, T> prepare;
        private final BiConsumer<LogEntry, T> entries;
        private final Consumer<InputProblem> problems;
        /** One parser per thread (it reuses buffers); worker threads end with the read. */
        private final ThreadLocal<LogEntryReader> readers = ThreadLocal.withInitial(LogEntryReader::new);

        Reading(ExecutorService workers, Function<LogEntry, T> prepare, BiConsumer<LogEntry, T> entries,
                Consumer<InputProblem> problems) {
            this.workers = workers;
            this.prepare = prepare;
            this.entries = entries;
            this.problems = problems;
        }

        SourceStats stream(String name, InputStream raw) throws IOException {
            ExportScanner scanner = new ExportScanner(name, raw, maxEntryBytes);
            Counter<T> counter = new Counter<>(entries, problems);
            ExportScanner.Result result;
            try {
                if (workers != null) {
                    result = Handoff.run(scanner, workers, () -> new Parser<>(name, readers.get(), prepare, new Parsed<>()),
                            parsed -> parsed.replay(counter));
                } else if (threads == 1 && Runtime.getRuntime().availableProcessors() > 1) {
                    result = Handoff.run(scanner, new Parser<>(name, readers.get(), prepare, counter));
                } else {
                    result = scanner.run(new Parser<>(name, readers.get(), prepare, counter));
                }
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
    }

    /** What parsing one element (or failing to) comes to, in the order it happened. */
    private interface Steps<T> {
        void entry(LogEntry entry, T prepared);

        void problem(InputProblem problem);

        /** An element that did not parse; its one problem came before. */
        void malformed();

        /** An element the splitter could not cut out whole. */
        void broken(InputProblem problem);
    }

    /** Counts where each element went and passes entries and problems on, on the calling thread. */
    private static final class Counter<T> implements Steps<T> {
        private final BiConsumer<LogEntry, T> entries;
        private final Consumer<InputProblem> problems;
        long parsed;
        long malformed;

        Counter(BiConsumer<LogEntry, T> entries, Consumer<InputProblem> problems) {
            this.entries = entries;
            this.problems = problems;
        }

        @Override
        public void entry(LogEntry entry, T prepared) {
            parsed++;
            entries.accept(entry, prepared);
        }

        @Override
        public void problem(InputProblem problem) {
            problems.accept(problem);
        }

        @Override
        public void malformed() {
            malformed++;
        }

        @Override
        public void broken(InputProblem problem) {
            malformed++;
            problems.accept(problem);
        }
    }

    /**
     * Parses the elements the splitter finds: straight into a {@link Counter} on the calling thread,
     * or, on a worker thread, into a {@link Parsed} per batch. The reader must be this thread's own.
     */
    private static final class Parser<T> implements Handoff.Worker<Parsed<T>> {
        private final String source;
        private final LogEntryReader reader;
        private final Function<LogEntry, T> prepare;
        private final Steps<T> out;

        Parser(String source, LogEntryReader reader, Function<LogEntry, T> prepare, Steps<T> out) {
            this.source = source;
            this.reader = reader;
            this.prepare = prepare;
            this.out = out;
        }

        @Override
        public void element(byte[] buf, int off, int len, long entry, long line) {
            LogEntry parsedEntry = reader.read(buf, off, len, new Origin(source, entry, line), out::problem);
            if (parsedEntry == null) {
                out.malformed();
            } else {
                out.entry(parsedEntry, prepare.apply(parsedEntry));
            }
        }

        @Override
        public void broken(long entry, long line, String message) {
            out.broken(new InputProblem(source, entry, line, message));
        }

        @Override
        public void problem(long line, String message) {
            out.problem(new InputProblem(source, 0, line, message));
        }

        /** The batch parsed (only for a parser made with a {@link Parsed}). */
        @Override
        public Parsed<T> finish() {
            return (Parsed<T>) out;
        }
    }

    /** One batch as a worker parsed it: the steps, to replay on the calling thread in input order. */
    private static final class Parsed<T> implements Steps<T> {
        private static final Object MALFORMED = new Object();
        private static final Object BROKEN = new Object();
        // an entry (its prepared value in the next slot), a problem, or a marker (BROKEN: its problem next)
        private final List<Object> steps = new ArrayList<>(2048);

        @Override
        public void entry(LogEntry entry, T prepared) {
            steps.add(entry);
            steps.add(prepared);
        }

        @Override
        public void problem(InputProblem problem) {
            steps.add(problem);
        }

        @Override
        public void malformed() {
            steps.add(MALFORMED);
        }

        @Override
        public void broken(InputProblem problem) {
            steps.add(BROKEN);
            steps.add(problem);
        }

        @SuppressWarnings("unchecked")
        void replay(Steps<T> to) {
            for (int i = 0; i < steps.size(); i++) {
                Object step = steps.get(i);
                if (step instanceof LogEntry entry) {
                    to.entry(entry, (T) steps.get(++i));
                } else if (step instanceof InputProblem problem) {
                    to.problem(problem);
                } else if (step == MALFORMED) {
                    to.malformed();
                } else if (step == BROKEN) {
                    to.broken((InputProblem) steps.get(++i));
                }
            }
        }
    }
}
