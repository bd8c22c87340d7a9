package dev.faultline.source;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation and repair. Every entry is checked before it is parsed: Jackson decodes some
 * ill-formed sequences without complaint (the overlong {@code C0 BC} becomes '<', {@code F4 90 80 80}
 * and {@code F5..F7} lead bytes become code points above U+10FFFF, {@code ED A0 80} a lone surrogate),
 * so a filter on the decoded text could be fooled. Ill-formed bytes are counted as an input problem
 * and replaced with U+FFFD, never decoded. ASCII, most of any log, is skipped eight bytes at a time.
 */
final class Utf8 {

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Index of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or -1. */
    static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** A copy of the range with each ill-formed sequence replaced by U+FFFD, as {@code new String(..., UTF_8)} would. */
    static byte[] repair(byte[] b, int off, int len) {
        int end = off + len;
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16);
        int i = off;
        while (i < end) {
            int n = sequenceLength(b, i, end);
            if (n < 0) {
                out.write(REPLACEMENT, 0, REPLACEMENT.length);
                i++;
                // skip stray continuation bytes of the same broken sequence
                while (i < end && (b[i] & 0xC0) == 0x80) {
                    i++;
                }
            } else {
                out.write(b, i, n);
                i += n;
            }
        }
        return out.toByteArray();
    }

    /** Length of the well-formed sequence at {@code i} (RFC 3629: no overlongs, no surrogates), or -1. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int min;
        int max = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = c == 0xE0 ? 0xA0 : 0x80;
            max = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = c == 0xF0 ? 0x90 : 0x80;
            max = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return n;
    }
}
