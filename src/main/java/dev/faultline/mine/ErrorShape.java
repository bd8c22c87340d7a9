package dev.faultline.mine;

import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Severity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an event that no signature matched looks like an error, how strongly, and the one line
 * that stands for it. Only the event's own text and severity are read.
 *
 * <p>{@link Kind#EXCEPTION}: a stitched traceback (Python, Java, Node, Go), an exception line such
 * as {@code SomeError: ...} or {@code java.net.ConnectException: ...}, {@code Caused by:},
 * {@code panic:}, {@code Fatal error:}, a bare {@code Error: ...} followed by a stack, or a line that
 * names a dotted exception class ({@code (psycopg2.OperationalError) ...}).
 * {@link Kind#LEVEL}: anything else at severity ERROR or above, or, for entries without a severity
 * (plain stdout/stderr), a level written in the text: {@code ERROR}, {@code CRITICAL}, {@code FATAL}
 * or {@code SEVERE} as a word ({@code [ERROR]}, loguru's {@code | ERROR |}, {@code ERROR:}),
 * {@code level=error} (logfmt), {@code "level":"error"}, glog's {@code E0915 ...}. An entry whose
 * severity says INFO or WARNING is never an error, whatever its text: the application said so.
 * Request and audit log entries are the platform's account, never the application's error.
 *
 * <p>A traceback is reduced to its final exception line (Java: the deepest {@code Caused by:}, the
 * root cause) and its first application frame counted from where it was raised (frames of the
 * language's runtime and of installed packages are skipped), so that the same failure groups into
 * one template whatever the stack above it.
 *
 * @param line  the exception line, or the event's first non-blank line, verbatim (without surrounding blanks)
 * @param frame the first application frame ({@code /app/orders/repo.py in list_orders}), or null
 */
public record ErrorShape(Kind kind, String line, String frame) {

    /** How an event looks like an error; exception-shaped events rank above a bare level. */
    public enum Kind {
        EXCEPTION, LEVEL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String TRACEBACK = "Traceback (most recent call last):";
    private static final Pattern PY_FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line \\d+, in (\\S+)");
    private static final Pattern JAVA_FRAME = Pattern.compile("^\\s+at ([\\w$.<>]+)\\(([^)]*)\\)");
    private static final Pattern NODE_FRAME = Pattern.compile("^\\s+at (?:(.+?) \\()?((?:/|[A-Za-z]:\\\\|file:)[^)\\s]*?)(?::\\d+)*\\)?\\s*$");
    private static final Pattern GO_FUNC = Pattern.compile("^([\\w./*()-]+)\\(.*\\)$");
    private static final Pattern LEVEL_WORD = Pattern.compile("(?<![\\w=.-])(?:ERROR|CRITICAL|FATAL|SEVERE)(?![\\w.-])");
    private static final Pattern LEVEL_FIELD = Pattern.compile(
            "(?i)(?:\\blevel|\\blvl|\"level\"|\"severity\"|\\bseverity)\\s*[=:]\\s*\"?(?:error|err|eror|fatal|crit|critical|panic)\\b");
    /** "Error: ..." or "error: ..." opening a line: how command-line tools and many runtimes print an error. */
    private static final Pattern ERROR_PREFIX = Pattern.compile("^(?:Error|error|ERROR)(?:\\[\\w+\\])?:\\s");
    private static final Pattern GLOG = Pattern.compile("^[EF]\\d{4} \\d\\d:\\d\\d:\\d\\d");
    /** A timestamp opening a line ("2025-09-15 21:35:17,123 - ", "[2025-09-11 07:31:58 +0000] "): the log's own header. */
    private static final Pattern LEADING_TIME = Pattern.compile(
            "^\\[?\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d| [+-]\\d{4})?\\]?\\s*(?:[|-]\\s*)?");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]");
    /** Java and Kotlin packages of the platform and of widely used libraries: frames there are not the application's. */
    private static final List<String> JVM_LIBRARIES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.",
            "scala.", "org.springframework.", "org.apache.", "org.eclipse.", "io.netty.", "io.grpc.", "com.google.", "reactor.",
            "io.micronaut.", "io.quarkus.", "io.undertow.", "org.hibernate.", "com.fasterxml.", "com.zaxxer.", "org.postgresql.",
            "com.mysql.", "org.jboss.", "org.glassfish.", "io.vertx.", "okhttp3.", "retrofit2.", "ch.qos.", "org.slf4j.");

    /**
     * The Cloud Logging condition that selects, server-side, every entry this class could call an
     * error: ERROR and above, and plain lines holding one of the words its rules need ({@code :} is a
     * case-insensitive substring test, so this is a superset). A prefiltered live read adds it, so
     * that what nothing in the catalog matches can still be mined.
     */
    public static final String QUERY = "severity>=ERROR OR textPayload:(\"error\" OR \"exception\" OR \"traceback\" OR \"panic\""
            + " OR \"fatal\" OR \"critical\" OR \"severe\" OR \"caused by\")";

    /** The shape of an event, or null when it does not look like an error (most events). */
    public static ErrorShape of(Event event) {
        LogEntry head = event.head();
        if (head.isRequestLog() || head.isAudit() || head.httpStatus() != 0) {
            return null;
        }
        Severity severity = Severity.DEFAULT;
        for (LogEntry part : event.parts()) {
            if (part.severity().compareTo(severity) > 0) {
                severity = part.severity();
            }
        }
        return of(event.text(), severity);
    }

    /** The shape of a text logged at {@code severity} ({@link Severity#DEFAULT} when the entry had none). */
    public static ErrorShape of(String text, Severity severity) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (severity != Severity.DEFAULT && !severity.atLeast(Severity.ERROR)) {
            return null; // the application said INFO or WARNING
        }
        boolean severe = severity.atLeast(Severity.ERROR);
        if (!severe && !mayBeError(text)) {
            return null;
        }
        String clean = text.indexOf('\u001b') >= 0 ? ANSI.matcher(text).replaceAll("") : text;
        String[] lines = lines(clean);
        ErrorShape trace = traceback(lines);
        if (trace != null) {
            return trace;
        }
        String first = firstLine(lines);
        if (first == null) {
            return null;
        }
        if (exceptionLine(first)) {
            return new ErrorShape(Kind.EXCEPTION, first, null);
        }
        if (severe || levelInText(first)) {
            return new ErrorShape(Kind.LEVEL, first, null);
        }
        return null;
    }

    /** A cheap test that rules out most lines before any parsing: every rule below needs one of these. */
    private static boolean mayBeError(String t) {
        return t.contains("rror") || t.contains("RROR") || t.contains("xception") || t.contains("Traceback")
                || t.contains("panic") || t.contains("atal") || t.contains("ATAL") || t.contains("RITICAL")
                || t.contains("EVERE") || t.contains("aused by") || t.contains("crit") || glogPrefix(t);
    }

    private static boolean glogPrefix(String t) {
        return t.length() > 5 && (t.charAt(0) == 'E' || t.charAt(0) == 'F') && Character.isDigit(t.charAt(1))
                && GLOG.matcher(t).lookingAt();
    }

    /** Lines of the text; a traceback logged as one JSON message with literal {@code \n} separators is split there too. */
    static String[] lines(String text) {
        if (text.indexOf('\n') >= 0) {
            return text.split("\r?\n");
        }
        if (text.contains("\\n") && (text.contains(TRACEBACK) || text.contains("\\n  File \"") || text.contains("\\n\tat ")
                || text.contains("\\n    at "))) {
            return text.split("\\\\n");
        }
        return new String[] {text};
    }

    private static String firstLine(String[] lines) {
        for (String l : lines) {
            if (!l.isBlank()) {
                return l.strip();
            }
        }
        return null;
    }

    /**
     * The line without the timestamp a log format may open it with: what is grouped into templates
     * ({@link #line} stays verbatim, for examples).
     */
    public String core() {
        Matcher time = LEADING_TIME.matcher(line);
        return time.lookingAt() && time.end() < line.length() ? line.substring(time.end()) : line;
    }

    /** A stitched traceback of one of the languages faultline knows, reduced; or null. */
    private static ErrorShape traceback(String[] lines) {
        if (lines.length < 2 && !lines[0].contains(TRACEBACK)) {
            return null;
        }
        for (String l : lines) {
            if (l.endsWith(TRACEBACK) || l.contains(TRACEBACK)) {
                return python(lines);
            }
        }
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.startsWith("panic: ") || s.startsWith("fatal error: ")) {
                return new ErrorShape(Kind.EXCEPTION, s, goFrame(lines, i + 1));
            }
        }
        for (int i = 0; i + 1 < lines.length; i++) {
            String s = lines[i].strip();
            String start = s.startsWith("Exception in thread \"") ? s.substring(s.indexOf('"', 21) + 1).strip() : s;
            if ((exceptionName(start) || start.startsWith("Error: ") || start.startsWith("Error ")) && stackFollows(lines, i + 1)) {
                return stack(lines, i, start);
            }
        }
        return null;
    }

    private static ErrorShape python(String[] lines) {
        String exception = null;
        for (int i = lines.length - 1; i >= 0 && exception == null; i--) {
            String l = lines[i];
            if (l.isBlank() || Character.isWhitespace(l.charAt(0)) || l.strip().startsWith("^")) {
                continue;
            }
            String s = l.strip();
            if (exceptionName(s) || qualifiedName(s)) {
                exception = s;
            }
        }
        if (exception == null) {
            // cut off before its exception line: the head is all there is
            for (String l : lines) {
                if (l.contains(TRACEBACK)) {
                    exception = l.strip();
                    break;
                }
            }
        }
        String frame = null;
        for (String l : lines) {
            Matcher m = PY_FRAME.matcher(l);
            if (m.find() && appPath(m.group(1))) {
                frame = m.group(1) + " in " + m.group(2); // the last one wins: the innermost
            }
        }
        return new ErrorShape(Kind.EXCEPTION, exception, frame);
    }

    /** A Java or Node stack starting at line {@code at} (whose text without a thread prefix is {@code head}). */
    private static ErrorShape stack(String[] lines, int at, String head) {
        String exception = head;
        int from = at + 1;
        for (int i = at + 1; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.startsWith("Caused by: ")) {
                exception = s.substring("Caused by: ".length()).strip();
                from = i + 1;
            }
        }
        String frame = null;
        for (int i = from; i < lines.length && frame == null; i++) {
            Matcher java = JAVA_FRAME.matcher(lines[i]);
            if (java.find()) {
                String method = java.group(1);
                if (JVM_LIBRARIES.stream().noneMatch(method::startsWith)) {
                    frame = method;
                }
                continue;
            }
            Matcher node = NODE_FRAME.matcher(lines[i]);
            if (node.find() && !node.group(2).contains("node_modules") && !node.group(2).startsWith("node:")) {
                frame = node.group(2) + (node.group(1) == null ? "" : " in " + node.group(1));
            }
        }
        return new ErrorShape(Kind.EXCEPTION, exception, frame);
    }

    private static boolean stackFollows(String[] lines, int from) {
        for (int i = from; i < Math.min(lines.length, from + 3); i++) {
            String s = lines[i].stripLeading();
            if (s.length() < lines[i].length() && (s.startsWith("at ") || s.startsWith("..."))) {
                return true;
            }
        }
        return false;
    }

    /** Go: after "goroutine N [running]:", function lines alternate with "\t/path/file.go:12 +0x1d". */
    private static String goFrame(String[] lines, int from) {
        for (int i = from; i + 1 < lines.length; i++) {
            Matcher f = GO_FUNC.matcher(lines[i].strip());
            String next = lines[i + 1].strip();
            if (!lines[i].startsWith("\t") && f.matches() && next.contains(".go:")) {
                String path = next.split(":")[0];
                if (!path.contains("/go/src/") && !path.contains("/pkg/mod/") && !path.contains("/usr/local/go/")
                        && !f.group(1).startsWith("runtime.")) {
                    return path + " in " + f.group(1);
                }
                i++;
            }
        }
        return null;
    }

    /** Frames in the runtime's library or in installed packages are not the application's. */
    private static boolean appPath(String path) {
        return !(path.contains("/site-packages/") || path.contains("/dist-packages/") || path.contains("/lib/python")
                || path.startsWith("<") || path.contains("/.venv/") || path.contains("/venv/"));
    }

    /**
     * {@code Name: message} or {@code Name} where Name is a dotted identifier whose last part ends in
     * Error, Exception, Exit or Interrupt (Python, Java, Node): an exception, never a warning.
     */
    static boolean exceptionName(String s) {
        int end = nameEnd(s);
        if (end <= 0) {
            return false;
        }
        String name = s.substring(s.lastIndexOf('.', end - 1) + 1, end);
        return name.endsWith("Error") && !name.equals("Error") || name.endsWith("Exception") || name.endsWith("Exit")
                || name.endsWith("Interrupt") || name.endsWith("Fault");
    }

    /** {@code psycopg2.errors.UndefinedTable: ...}: a module-qualified class name, as the last line of a traceback prints it. */
    private static boolean qualifiedName(String s) {
        int end = nameEnd(s);
        if (end <= 0) {
            return false;
        }
        int dot = s.lastIndexOf('.', end - 1);
        return dot > 0 && dot + 1 < end && Character.isUpperCase(s.charAt(dot + 1));
    }

    /** Where a leading dotted identifier ends when it is followed by ": " or the end of the line; else -1. */
    private static int nameEnd(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return -1;
        }
        int i = 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
                || s.charAt(i) == '$')) {
            i++;
        }
        if (i == s.length() || (s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' '))) {
            return i;
        }
        return -1;
    }

    /** An exception line outside a traceback: a named exception, Caused by:, panic:, Fatal error:, or a dotted exception class in the text. */
    private static boolean exceptionLine(String s) {
        if (exceptionName(s) || s.startsWith("Caused by: ") || s.startsWith("panic: ") || s.startsWith("fatal error: ")
                || s.contains("Fatal error: ") || s.contains("Uncaught ")) {
            return true;
        }
        // "Failed to run migrations: (psycopg2.OperationalError) connection ..." names the class inside the line
        for (int at = indexOfSuffix(s, 0); at >= 0; at = indexOfSuffix(s, at + 1)) {
            int start = at;
            while (start > 0 && (Character.isLetterOrDigit(s.charAt(start - 1)) || s.charAt(start - 1) == '.'
                    || s.charAt(start - 1) == '_')) {
                start--;
            }
            String name = s.substring(start, at);
            if (name.indexOf('.') > 0 && !name.endsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The next position from {@code from} where "Error" or "Exception" ends a word ("...Error" followed by a non-letter). */
    private static int indexOfSuffix(String s, int from) {
        int e = s.indexOf("Error", from);
        int x = s.indexOf("Exception", from);
        int at = e < 0 ? x : x < 0 ? e : Math.min(e, x);
        while (at >= 0) {
            int end = at + (s.startsWith("Error", at) ? 5 : 9);
            if (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end))) {
                return at;
            }
            int e2 = s.indexOf("Error", at + 1);
            int x2 = s.indexOf("Exception", at + 1);
            at = e2 < 0 ? x2 : x2 < 0 ? e2 : Math.min(e2, x2);
        }
        return -1;
    }

    /** A level written in the text of an entry that has no severity of its own. */
    static boolean levelInText(String line) {
        String head = line.length() > 300 ? line.substring(0, 300) : line;
        return LEVEL_WORD.matcher(head).find() || LEVEL_FIELD.matcher(head).find() || ERROR_PREFIX.matcher(head).find()
                || glogPrefix(head);
    }
}
