package dev.faultline.source;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Everything about one input that is not parsing entries: hashing the raw bytes, gzip by
 * magic bytes, the format by the first byte, and cutting the content into elements. It needs
 * no parser, so it can run on its own thread ahead of the one that parses (see {@link Handoff}).
 */
final class ExportScanner {

    /**
     * How a scan ended: the format name (json-array, ndjson, empty, unknown; +gzip; or gzip alone when
     * not even the gzip header could be read), whether it was complete, the SHA-256.
     */
    record Result(String format, boolean complete, String sha256) {
    }

    private final String name;
    private final InputStream raw;
    private final int maxEntryBytes;

    ExportScanner(String name, InputStream raw, int maxEntryBytes) {
        this.name = name;
        this.raw = raw;
        this.maxEntryBytes = maxEntryBytes;
    }

    String name() {
        return name;
    }

    /**
     * Scans the whole input, handing elements and problems to {@code handler} in input order.
     *
     * @throws IOException when not even the first bytes can be read
     */
    Result run(ElementSplitter.Handler handler) throws IOException {
        Sha256InputStream hashed = new Sha256InputStream(raw);
        byte[] magic = hashed.readNBytes(2);
        InputStream content = new SequenceInputStream(new ByteArrayInputStream(magic), hashed);
        String suffix = "";
        if (magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            suffix = "+gzip";
            try {
                content = new ExpansionGuard(new GZIPInputStream(content, 1 << 16), hashed);
            } catch (IOException e) { // the header is read at once: a file cut inside it ends here
                handler.problem(0, "truncated: unreadable gzip header (" + (e instanceof EOFException
                        ? "the file ends after " + hashed.count() + " bytes" : String.valueOf(e.getMessage())) + ")");
                hashed.drain();
                return new Result("gzip", false, hashed.hex()); // an export cut short, not something else
            }
        }
        ElementSplitter splitter = new ElementSplitter(content, maxEntryBytes);
        String format;
        boolean complete;
        switch (splitter.detect()) {
            case JSON_ARRAY -> {
                format = "json-array";
                complete = splitter.splitArray(handler);
            }
            case NDJSON -> {
                format = "ndjson";
                complete = splitter.splitLines(handler);
            }
            case EMPTY -> {
                format = "empty";
                complete = splitter.readError() == null;
                if (!complete) {
                    handler.problem(0, "unreadable: " + splitter.readError().getMessage());
                }
            }
            default -> {
                format = "unknown";
                complete = false;
                // a README or notes file among the exports: said once, then left out (not an export cut short)
                handler.problem(1, "not a log export (starts with " + ElementSplitter.show(splitter.firstByte()) + "): skipped");
            }
        }
        hashed.drain(); // the digest covers the whole input, also what was not parsed
        return new Result(format + suffix, complete, hashed.hex());
    }

    /**
     * Stops a gzip bomb: real exports compress about 10:1, and even identical entries repeated
     * (one health check a second, nothing else) stay near 230:1, while deflate reaches 1032:1 on
     * filler. Past {@link #MIN_CHECKED} of output, more than {@link #MAX_RATIO} times the bytes read
     * from the file ends the read as an error: the source is incomplete and the problem line says
     * why. Time then grows with the file, not with what it claims to hold.
     */
    static final class ExpansionGuard extends FilterInputStream {
        static final long MAX_RATIO = 400;
        static final long MIN_CHECKED = 64L << 20;

        private final Sha256InputStream raw;
        private long expanded;

        ExpansionGuard(InputStream in, Sha256InputStream raw) {
            super(in);
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                expanded += n;
                if (expanded > MIN_CHECKED && expanded > MAX_RATIO * raw.count()) {
                    throw new IOException("stopped: the gzip data expands more than " + MAX_RATIO + " times ("
                            + (expanded >> 20) + " MiB from " + Math.max(1, raw.count() >> 10) + " KiB), the mark of a gzip bomb, "
                            + "not of a log export");
                }
            }
            return n;
        }
    }

    /** Hashes the raw bytes as they are read, before any decompression. */
    static final class Sha256InputStream extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        Sha256InputStream(InputStream in) {
            super(in);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        /** Bytes read so far. */
        long count() {
            return count;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(sink, 0, (int) Math.min(sink.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads to the end so the digest covers every byte; a read error just ends it. */
        void drain() {
            byte[] sink = new byte[1 << 16];
            try {
                while (read(sink, 0, sink.length) >= 0) {
                    // hashing only
                }
            } catch (IOException e) {
                // already reported where the content stopped; the digest covers what could be read
            }
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
