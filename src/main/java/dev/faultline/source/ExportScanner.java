package dev.faultline.source;

import java.io.ByteArrayInputStream;
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

    /** How a scan ended: the format name (json-array, ndjson, empty, unknown; +gzip), whether it was complete, the SHA-256. */
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
                content = new GZIPInputStream(content, 1 << 16);
            } catch (IOException e) { // the header is read at once: a file cut inside it ends here
                handler.problem(0, "truncated: unreadable gzip header (" + e.getMessage() + ")");
                hashed.drain();
                return new Result("unknown" + suffix, false, hashed.hex());
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
                handler.problem(1, "not a log export: starts with " + ElementSplitter.show(splitter.firstByte()));
            }
        }
        hashed.drain(); // the digest covers the whole input, also what was not parsed
        return new Result(format + suffix, complete, hashed.hex());
    }

    /** Hashes the raw bytes as they are read, before any decompression. */
    private static final class Sha256InputStream extends FilterInputStream {
        private final MessageDigest digest;

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
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            }
            return n;
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
