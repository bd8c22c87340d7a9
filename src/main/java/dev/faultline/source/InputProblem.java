package dev.faultline.source;

/**
 * Something wrong with the input that was skipped, said in one line: what and where.
 *
 * @param source the file path, "-" for stdin, or the live query's name
 * @param entry  1-based entry position in the source (0 when the problem is not about one entry)
 * @param line   1-based line where the problem was found (0 when unknown)
 */
public record InputProblem(String source, long entry, long line, String message) {

    /** {@code samples/x.json:12: entry 3: malformed JSON: Unexpected character ('}' ...)} */
    public String oneLine() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (entry > 0) {
            sb.append(": entry ").append(entry);
        }
        return sb.append(": ").append(message).toString();
    }
}
