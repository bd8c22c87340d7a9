package dev.faultline.incident;

import java.util.TreeSet;

/**
 * Counts distinct keys in fixed memory: exactly up to {@link #EXACT_UP_TO}, then estimated from the
 * k smallest 64-bit hashes seen (the "k minimum values" sketch, about 1.6% error for k = 4096).
 * A key set that grows with the input is what {@link Summarised} exists to avoid.
 */
final class DistinctCount {

    static final int EXACT_UP_TO = 4096;

    private final TreeSet<Long> smallest = new TreeSet<>(Long::compareUnsigned);

    void add(String a, String b) {
        long h = hash(a, b);
        if (smallest.size() < EXACT_UP_TO) {
            smallest.add(h);
        } else if (Long.compareUnsigned(h, smallest.last()) < 0 && smallest.add(h)) {
            smallest.pollLast();
        }
    }

    boolean estimated() {
        return smallest.size() >= EXACT_UP_TO;
    }

    long count() {
        if (smallest.size() < EXACT_UP_TO) {
            return smallest.size();
        }
        double kth = (smallest.last() >>> 11) * 0x1.0p-53; // the k-th smallest hash as a fraction of the hash space
        return Math.round((EXACT_UP_TO - 1) / kth);
    }

    /** FNV-1a over both strings, then splitmix64's finaliser so that the bits are uniform. */
    private static long hash(String a, String b) {
        long h = 0xcbf29ce484222325L;
        for (String s : new String[] {a == null ? "\u0000null" : a, "\u0000", b == null ? "\u0000null" : b}) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
