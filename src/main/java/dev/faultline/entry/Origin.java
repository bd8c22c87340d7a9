package dev.faultline.entry;

/**
 * Where an entry was read: the source's name (file path, "-" for stdin, or the live query),
 * the entry's 1-based position in that source, and the 1-based line it starts on (0 when unknown).
 */
public record Origin(String source, long entry, long line) {

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + " (entry " + entry + ")" : source + " (entry " + entry + ")";
    }
}
