package dev.faultline.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs an {@link ExportScanner} on a helper thread and replays what it finds on the calling
 * thread, so reading, hashing, gunzip and splitting overlap with parsing and with whatever the
 * caller does with each entry. Found elements are copied into batches of about 1 MiB; at most
 * {@link #IN_FLIGHT} batches exist, so memory stays bounded. Every callback runs on the caller's
 * thread, in input order.
 * <p>
 * {@link #run(ExportScanner, ExecutorService, Supplier, Consumer)} adds a pool of workers between the two:
 * each batch is processed (parsed) by one worker, and the results are handed to the caller in
 * input order, so what the caller sees does not depend on the number of workers.
 */
final class Handoff {

    private static final int IN_FLIGHT = 4;
    private static final int BATCH_BYTES = 1 << 20;
    private static final int BATCH_EVENTS = 4096;

    private static final byte ELEMENT = 0;
    private static final byte BROKEN = 1;
    private static final byte PROBLEM = 2;

    private Handoff() {
    }

    /** Scans on a helper thread; {@code sink} sees the same calls, in the same order, as an inline scan would make. */
    static ExportScanner.Result run(ExportScanner scanner, ElementSplitter.Handler sink) throws IOException {
        BlockingQueue<Batch> full = new ArrayBlockingQueue<>(IN_FLIGHT);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT - 1; i++) {
            free.add(new Batch());
        }
        Writer writer = new Writer(full::put, free::take);
        Thread helper = startHelper(scanner, writer);
        boolean done = false;
        try {
            while (true) {
                Batch batch = full.take();
                batch.replay(sink);
                if (batch.last) {
                    done = true;
                    helper.join();
                    return batch.outcome();
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

    /**
     * Scans on a helper thread, has each batch processed by one of {@code workers}' threads, and
     * hands the results to {@code caller} on the calling thread, in input order.
     *
     * @param perBatch makes, on the worker thread, what turns one batch's calls (replayed into the
     *                 handler it returns) into a result, which {@code finish} then gives
     */
    static <P> ExportScanner.Result run(ExportScanner scanner, ExecutorService workers,
                                        Supplier<? extends Worker<P>> perBatch, Consumer<P> caller) throws IOException {
        // Results in input order: the scanner queues each batch's future as it submits the batch, so
        // the caller waits on the oldest. The bound on this queue bounds the batches alive at once.
        BlockingQueue<Pending<P>> order = new ArrayBlockingQueue<>(IN_FLIGHT * 2);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(IN_FLIGHT * 3);
        Writer writer = new Writer(batch -> {
            boolean last = batch.last;
            Future<P> result;
            try {
                result = workers.submit(() -> {
                    Worker<P> worker = perBatch.get();
                    batch.replay(worker);
                    P parsed = worker.finish();
                    if (!last) {
                        batch.clear();
                        free.offer(batch);
                    }
                    return parsed;
                });
            } catch (RejectedExecutionException e) {
                throw new InterruptedException("the caller stopped reading"); // its pool is shut down
            }
            order.put(new Pending<>(result, last ? batch : null));
        }, () -> {
            Batch b = free.poll();
            return b == null ? new Batch() : b;
        });
        Thread helper = startHelper(scanner, writer);
        boolean done = false;
        try {
            while (true) {
                Pending<P> next = order.take();
                try {
                    caller.accept(next.result().get());
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
                if (next.last() != null) {
                    done = true;
                    helper.join();
                    return next.last().outcome(); // its calls were replayed like any batch's
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + scanner.name());
        } finally {
            if (!done) {
                helper.interrupt(); // the caller gave up: stop the helper at its next hand-over
                for (Pending<P> pending : order) {
                    pending.result().cancel(true);
                }
            }
        }
    }

    /** A batch being processed by a worker; {@code last} is the batch itself when it is the scan's last. */
    private record Pending<P>(Future<P> result, Batch last) {
    }

    /** A worker thread's handler: takes one batch's calls, then gives what it made of them. */
    interface Worker<P> extends ElementSplitter.Handler {
        /** The result of the batch's calls. */
        P finish();
    }

    /** A pool of {@code threads} daemon threads for {@link #run(ExportScanner, ExecutorService, Supplier, Consumer)}. */
    static ExecutorService workers(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "faultline-parse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static Thread startHelper(ExportScanner scanner, Writer writer) {
        Thread helper = new Thread(() -> writer.scan(scanner), "faultline-scan " + scanner.name());
        helper.setDaemon(true); // a blocked stdin read must not keep the JVM alive
        helper.start();
        return helper;
    }

    private static IOException rethrow(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }

    /** Where the helper hands a full batch. */
    private interface Outlet {
        void ship(Batch batch) throws InterruptedException;
    }

    /** Where the helper gets an empty batch. */
    private interface Source {
        Batch next() throws InterruptedException;
    }

    /** The helper thread's side: fills batches and queues them. */
    private static final class Writer implements ElementSplitter.Handler {
        private final Outlet full;
        private final Source free;
        private Batch current;

        Writer(Outlet full, Source free) {
            this.full = full;
            this.free = free;
            this.current = new Batch();
        }

        void scan(ExportScanner scanner) {
            Batch last;
            try {
                ExportScanner.Result result = scanner.run(this);
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
                full.ship(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void element(byte[] buf, int off, int len, long entry, long line) {
            if (current.count == BATCH_EVENTS || (current.used > 0 && current.used + len > current.data.length)) {
                ship();
            }
            current.addElement(buf, off, len, entry, line);
        }

        @Override
        public void broken(long entry, long line, String message) {
            room();
            current.addMessage(BROKEN, entry, line, message);
        }

        @Override
        public void problem(long line, String message) {
            room();
            current.addMessage(PROBLEM, 0, line, message);
        }

        private void room() {
            if (current.count == BATCH_EVENTS) {
                ship();
            }
        }

        private void ship() {
            try {
                full.ship(current);
                current = free.next();
            } catch (InterruptedException e) {
                throw new Cancelled();
            }
        }
    }

    /** Unwinds the helper thread out of the splitter when the caller stopped listening. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** Events in input order; element bytes are copied into {@code data}. */
    private static final class Batch {
        byte[] data = new byte[BATCH_BYTES];
        int used;
        int count;
        final byte[] kinds = new byte[BATCH_EVENTS];
        final int[] offsets = new int[BATCH_EVENTS];
        final int[] lengths = new int[BATCH_EVENTS];
        final long[] entries = new long[BATCH_EVENTS];
        final long[] lines = new long[BATCH_EVENTS];
        final String[] messages = new String[BATCH_EVENTS];
        boolean last;
        ExportScanner.Result result;
        Throwable error;

        /** The last batch's outcome: the scan's result, or what ended it. */
        ExportScanner.Result outcome() throws IOException {
            if (error != null) {
                throw rethrow(error);
            }
            return result;
        }

        void addElement(byte[] buf, int off, int len, long entry, long line) {
            if (len > data.length) {
                data = Arrays.copyOf(data, len); // one large element alone in this batch
            }
            System.arraycopy(buf, off, data, used, len);
            kinds[count] = ELEMENT;
            offsets[count] = used;
            lengths[count] = len;
            entries[count] = entry;
            lines[count] = line;
            used += len;
            count++;
        }

        void addMessage(byte kind, long entry, long line, String message) {
            kinds[count] = kind;
            entries[count] = entry;
            lines[count] = line;
            messages[count] = message;
            count++;
        }

        void replay(ElementSplitter.Handler sink) {
            for (int i = 0; i < count; i++) {
                switch (kinds[i]) {
                    case ELEMENT -> sink.element(data, offsets[i], lengths[i], entries[i], lines[i]);
                    case BROKEN -> sink.broken(entries[i], lines[i], messages[i]);
                    case PROBLEM -> sink.problem(lines[i], messages[i]);
                    default -> throw new IllegalStateException("unknown event " + kinds[i]);
                }
            }
        }

        void clear() {
            if (data.length > BATCH_BYTES) {
                data = new byte[BATCH_BYTES]; // do not keep a large element's array around
            }
            Arrays.fill(messages, 0, count, null);
            used = 0;
            count = 0;
        }
    }
}
