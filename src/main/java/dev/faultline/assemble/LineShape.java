package dev.faultline.assemble;

/**
 * What one log line looks like to the stitcher: part of a Python or Java (or Node) stack trace,
 * a pydantic validation report, a Go panic, or plain. Judged from the text alone, never from
 * neighbours, so that oldest-first and newest-first input classify alike. ANSI colour codes
 * (loguru, rich) are ignored.
 */
enum LineShape {
    /** Anything else: emitted on its own and ends the stream's pending block. */
    PLAIN,
    /** "Traceback (most recent call last):" ending the line, possibly after a prefix like uvicorn's "ERROR:    ". */
    HEAD,
    /** {@code Exception in thread "main" java.lang.X: ...} */
    JAVA_HEAD,
    /** An indented line: a Python frame or source line, "^^^^" markers, a Java "\tat ..." or "\t... 12 more". */
    FRAME,
    /** Java's "Caused by: ..." */
    CAUSED_BY,
    /** Python's chain separators between the tracebacks of one chained exception. */
    SEPARATOR,
    /** Empty or whitespace only. */
    BLANK,
    /** {@code ValueError: x}, {@code psycopg2.errors.UndefinedTable: x}, {@code java.lang.IllegalStateException} */
    EXCEPTION,
    /** pydantic's report without a class in front: {@code 2 validation errors for Settings} */
    VALIDATION,
    /** A bare field location of a pydantic report ({@code database_url}, {@code items.0.name}), or any one-word line. */
    NAME,
    /** {@code panic: ...} or {@code fatal error: ...}: a Go program dying */
    GO_PANIC,
    /** {@code goroutine 1 [running]:} */
    GOROUTINE,
    /** A function line of a goroutine dump: {@code main.main()}, {@code net/http.(*conn).serve(0xc000126000)}, {@code created by ...} */
    GO_FUNC,
    /** {@code [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b8a2e]} */
    GO_SIGNAL;

    private static final String TRACEBACK = "Traceback (most recent call last):";

    /** Whether entries of this shape may belong to a multi-line event. */
    boolean structural() {
        return this != PLAIN;
    }

    /** The shape of {@code line}, which holds no '\n'. */
    static LineShape of(String line) {
        String s = line.indexOf('\u001b') >= 0 ? stripAnsi(line) : line;
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return BLANK;
        }
        boolean indented = Character.isWhitespace(s.charAt(0));
        if (s.startsWith(TRACEBACK, end - TRACEBACK.length())) {
            // an indented head belongs to an exception group ("  | Traceback ..."), except the group's own first line
            return !indented || s.stripLeading().startsWith("+ Exception Group") ? HEAD : FRAME;
        }
        if (indented || s.startsWith("> File \"")) { // loguru marks the failing frame with '>'
            return FRAME;
        }
        if (s.startsWith("Caused by: ")) {
            return CAUSED_BY;
        }
        if (s.startsWith("During handling of the above exception, another exception occurred:")
                || s.startsWith("The above exception was the direct cause of the following exception:")) {
            return SEPARATOR;
        }
        if (s.startsWith("Exception in thread \"")) {
            return JAVA_HEAD;
        }
        if (s.startsWith("panic: ") || s.startsWith("fatal error: ")) {
            return GO_PANIC;
        }
        if (s.startsWith("[signal ")) {
            return GO_SIGNAL;
        }
        if (s.startsWith("goroutine ") && s.startsWith("]:", end - 2) && end > 10 && Character.isDigit(s.charAt(10))) {
            return GOROUTINE;
        }
        if (isException(s, end)) {
            return EXCEPTION;
        }
        if (isValidationHead(s)) {
            return VALIDATION;
        }
        if (isGoFunction(s, end)) {
            return GO_FUNC;
        }
        return isName(s, end) ? NAME : PLAIN;
    }

    /**
     * Whether a line ends in pydantic's {@code N validation error(s) for Model} (after a class name or
     * not): the last " for " is followed by one word and preceded by a digit and " validation error(s)".
     * (The SQL form of {@link Stitcher#mayJoin} says the same: {@code \p{Nd} validation errors? for [^ ]+$}.)
     */
    static boolean isValidationHead(String s) {
        int forAt = s.lastIndexOf(" for ");
        if (forAt < 0 || forAt + 5 >= s.length() || s.indexOf(' ', forAt + 5) >= 0) {
            return false;
        }
        String before = s.substring(0, forAt);
        int at = before.endsWith(" validation errors") ? forAt - 18 : before.endsWith(" validation error") ? forAt - 17 : -1;
        return at > 0 && Character.isDigit(s.charAt(at - 1));
    }

    /**
     * {@code pkg.Func(args)} or {@code created by pkg.Func ...}: no space before the first '(', a dot
     * in that part (or the builtin {@code panic}), and a ')' at the end.
     */
    private static boolean isGoFunction(String s, int end) {
        if (s.startsWith("created by ")) {
            return true;
        }
        int paren = s.indexOf('(');
        if (paren <= 0 || s.charAt(end - 1) != ')') {
            return false;
        }
        for (int i = 0; i < paren; i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return s.lastIndexOf('.', paren) > 0 || s.startsWith("panic(");
    }

    /** One token of letters, digits, '_', '.', '[', ']' or '-', or several joined by " -> " (pydantic 1's location). */
    private static boolean isName(String s, int end) {
        if (end > 200 || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == ' ' && s.startsWith(" -> ", i)) {
                i += 3;
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Whether an indented line is a Java/Node frame: "at ...", "... 12 more", "Suppressed: ...", "Caused by: ...". */
    static boolean isJavaFrame(String line) {
        String s = line.indexOf('\u001b') >= 0 ? stripAnsi(line) : line;
        String t = s.stripLeading();
        if (t.length() == s.length() && !t.startsWith("Caused by: ")) {
            return false; // not indented
        }
        return t.startsWith("at ") || t.startsWith("... ") || t.startsWith("Suppressed: ") || t.startsWith("Caused by: ");
    }

    /**
     * {@code Name} or {@code Name: message} where Name is a dotted identifier ending in Error,
     * Exception, Exit, Interrupt, Warning or containing Timeout (as the brief's regex
     * {@code ^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Timeout\w*)(: .*)?$}), or a
     * module-qualified class name such as {@code psycopg2.errors.UndefinedTable} (Python prints
     * whatever the class is called; a dot and a capitalised last part is what tells it from prose).
     */
    static boolean isException(String s, int end) {
        char c = s.charAt(0);
        if (!(Character.isLetter(c) || c == '_')) {
            return false;
        }
        int i = 1;
        int lastDot = -1;
        while (i < end) {
            char d = s.charAt(i);
            if (d == '.') {
                lastDot = i;
            } else if (!(Character.isLetterOrDigit(d) || d == '_' || d == '$')) {
                break;
            }
            i++;
        }
        if (i < end && !(s.charAt(i) == ':' && (i + 1 == end || s.charAt(i + 1) == ' '))) {
            return false;
        }
        String last = s.substring(lastDot + 1, i);
        if (last.isEmpty()) {
            return false;
        }
        if (last.endsWith("Error") || last.endsWith("Exception") || last.endsWith("Exit")
                || last.endsWith("Interrupt") || last.endsWith("Warning") || last.contains("Timeout")) {
            return true;
        }
        return lastDot > 0 && Character.isUpperCase(last.charAt(0)) && !last.equals(last.toUpperCase(java.util.Locale.ROOT));
    }

    /** Removes ANSI CSI sequences such as "\u001b[31m". */
    static String stripAnsi(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                i += 2;
                while (i < s.length() && !(s.charAt(i) >= '@' && s.charAt(i) <= '~')) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
