package dev.faultline.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs an {@link ExportScanner} on a helper thread and replays what it finds on the calling
 * thread, so reading, hashing, gunzip and splitting overlap with parsing and with whatever the
 * caller does with each entry. Found elements are copied into batches of about 1 MiB; at most
 * {@link #IN_FLIGHT} batches exist, so memory stays bounded. Every callback runs on the caller's
 * thread, in input order.
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
        Writer writer = new Writer(full, free);
        Thread helper = new Thread(() -> writer.scan(scanner), "faultline-scan " + scanner.name());
        helper.setDaemon(true); // a blocked stdin read must not keep the JVM alive
        helper.start();
        boolean done = false;
        try {
            while (true) {
                Batch batch = full.take();
                batch.replay(sink);
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
    private static final class Writer implements ElementSplitter.Handler {
        private final BlockingQueue<Batch> full;
        private final BlockingQueue<Batch> free;
        private Batch current;

        Writer(BlockingQueue<Batch> full, BlockingQueue<Batch> free) {
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
                full.put(last);
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
                full.put(current);
                current = free.take();
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
