package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.RevisionConfig;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Runs an {@link ExportScanner} and the parsing of what it finds on a helper thread, and replays
 * the parsed entries, problems and revision configurations on the calling thread, so that reading,
 * hashing, gunzip, splitting and parsing overlap with whatever the caller does with each entry
 * (stitching and matching). Measured on the benchmark (bench/RESULTS.md), parsing on the calling
 * thread left the helper half idle and made the caller the bottleneck.
 * <p>
 * Results travel in batches of at most {@link #BATCH_ITEMS} items or about {@link #BATCH_CHARS}
 * chars of text; at most {@link #IN_FLIGHT} batches exist, so memory stays bounded. Every callback
 * runs on the caller's thread, in input order.
 */
final class Handoff {

    private static final int IN_FLIGHT = 4;
    private static final int BATCH_ITEMS = 2048;
    private static final int BATCH_CHARS = 1 << 20;

    /** What parsing produces, in order; the helper side fills a batch, the caller's side acts on it. */
    interface Outbox {
        void entry(LogEntry entry);

        void problem(InputProblem problem);

        void config(LogEntry entry, RevisionConfig config);
    }

    private record Config(LogEntry entry, RevisionConfig config) {
    }

    private Handoff() {
    }

    /**
     * Scans and parses on a helper thread; {@code caller} sees the same calls, in the same order,
     * as an inline run would make.
     *
     * @param parser given the helper's outbox, the handler that parses the elements the scanner finds
     *               (it runs on the helper thread only)
     */
    static ExportScanner.Result run(ExportScanner scanner, Function<Outbox, ElementSplitter.Handler> parser, Outbox caller)
            throws IOException {
        BlockingQueue<Batch> full = new ArrayBlockingQueue<>(IN_FLIGHT);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT - 1; i++) {
            free.add(new Batch());
        }
        Writer writer = new Writer(full, free);
        ElementSplitter.Handler handler = parser.apply(writer);
        Thread helper = new Thread(() -> writer.scan(scanner, handler), "faultline-scan " + scanner.name());
        helper.setDaemon(true); // a blocked stdin read must not keep the JVM alive
        helper.start();
        boolean done = false;
        try {
            while (true) {
                Batch batch = full.take();
                batch.replay(caller);
                if (batch.last) {
                    done = true;
                    helper.join();
                    if (batch.error instanceof IOException e) {
                        throw e;
                    }
                    if (batch.error instanceof RuntimeException e) {
                        throw e;
                    }
                    if (batch.error instanceof Error e) {
                        throw e;
                    }
                    return batch.result;
                }
                batch.clear();
                free.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + scanner.name());
        } finally {
            if (!done) {
                helper.interrupt(); // the caller gave up (a consumer threw): stop the helper at its next hand-over
            }
        }
    }

    /** The helper thread's side: fills batches and queues them. */
    private static final class Writer implements Outbox {
        private final BlockingQueue<Batch> full;
        private final BlockingQueue<Batch> free;
        private Batch current;

        Writer(BlockingQueue<Batch> full, BlockingQueue<Batch> free) {
            this.full = full;
            this.free = free;
            this.current = new Batch();
        }

        void scan(ExportScanner scanner, ElementSplitter.Handler handler) {
            Batch last;
            try {
                ExportScanner.Result result = scanner.run(handler);
                last = current;
                last.result = result;
            } catch (Cancelled e) {
                return; // nobody is listening any more
            } catch (Throwable e) {
                last = current;
                last.error = e;
            }
            last.last = true;
            try {
                full.put(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void entry(LogEntry entry) {
            add(entry, entry.text() == null ? 0 : entry.text().length());
        }

        @Override
        public void problem(InputProblem problem) {
            add(problem, 0);
        }

        @Override
        public void config(LogEntry entry, RevisionConfig config) {
            add(new Config(entry, config), 0);
        }

        private void add(Object item, int chars) {
            if (current.count == BATCH_ITEMS || (current.count > 0 && current.chars + chars > BATCH_CHARS)) {
                try {
                    full.put(current);
                    current = free.take();
                } catch (InterruptedException e) {
                    throw new Cancelled();
                }
            }
            current.items[current.count++] = item;
            current.chars += chars;
        }
    }

    /** Unwinds the helper thread out of the splitter when the caller stopped listening. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** Parse results in input order: entries, problems and revision configurations. */
    private static final class Batch {
        final Object[] items = new Object[BATCH_ITEMS];
        int count;
        long chars;
        boolean last;
        ExportScanner.Result result;
        Throwable error;

        void replay(Outbox caller) {
            for (int i = 0; i < count; i++) {
                Object item = items[i];
                if (item instanceof LogEntry e) {
                    caller.entry(e);
                } else if (item instanceof InputProblem p) {
                    caller.problem(p);
                } else {
                    Config c = (Config) item;
                    caller.config(c.entry(), c.config());
                }
            }
        }

        void clear() {
            Arrays.fill(items, 0, count, null);
            count = 0;
            chars = 0;
        }
    }
}
