package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts one stream's block of structural lines, already in chronological order, into events.
 * A Python traceback runs from its head through its frames to the exception line after them;
 * a chain separator (and the blank lines around it) keeps the next head in the same event.
 * A Java/Node trace starts at an exception line followed by an "at" frame (or at
 * {@code Exception in thread}) and takes "at", "... n more", "Caused by:" and "Suppressed:" lines.
 * A pydantic report ({@code N validation errors for Model}, alone or as a traceback's last line)
 * takes the field locations and the indented details under them. A Go panic takes the signal
 * line, goroutine headers, function lines and their indented file:line frames, and the blank
 * lines between goroutines. Whatever fits none of these becomes an event of its own, so every
 * entry ends up in exactly one event.
 */
final class EventCutter {

    private enum Mode { NONE, PYTHON, PYTHON_DONE, PYTHON_CHAIN, JAVA, PYDANTIC, GO }

    private final Consumer<Event> out;
    private List<Line> current;
    private Mode mode = Mode.NONE;

    private EventCutter(Consumer<Event> out) {
        this.out = out;
    }

    /** Emits the events of {@code block} (chronological) to {@code out}, in order. */
    static void cut(List<Line> block, Consumer<Event> out) {
        new EventCutter(out).run(block);
    }

    private void run(List<Line> block) {
        for (int i = 0; i < block.size(); i++) {
            Line e = block.get(i);
            String[] lines = lines(e);
            LineShape shape = LineShape.of(lines[0]);
            switch (shape) {
                case HEAD -> {
                    if (mode == Mode.PYTHON_CHAIN) {
                        append(e);
                    } else {
                        start(e);
                    }
                    mode = Mode.PYTHON;
                }
                case JAVA_HEAD -> {
                    start(e);
                    mode = Mode.JAVA;
                }
                case EXCEPTION -> {
                    boolean report = LineShape.isValidationHead(lines[0]);
                    if (javaFrameFollows(block, i, lines)) {
                        start(e);
                        mode = Mode.JAVA;
                    } else if (mode == Mode.PYTHON) {
                        append(e);
                        mode = report ? Mode.PYDANTIC : Mode.PYTHON_DONE;
                    } else if (report) {
                        start(e);
                        mode = Mode.PYDANTIC;
                    } else {
                        single(e);
                    }
                }
                case VALIDATION -> {
                    start(e);
                    mode = Mode.PYDANTIC;
                }
                case NAME -> {
                    if (mode == Mode.PYDANTIC && detailFollows(block, i, lines)) {
                        append(e);
                    } else {
                        single(e);
                    }
                }
                case FRAME -> {
                    if (mode == Mode.PYTHON || mode == Mode.PYDANTIC || mode == Mode.GO
                            || (mode == Mode.JAVA && LineShape.isJavaFrame(lines[0]))) {
                        append(e);
                    } else {
                        single(e); // e.g. an indented config dump ("  PORT: 8000") is not a trace
                    }
                }
                case CAUSED_BY -> {
                    if (mode == Mode.JAVA) {
                        append(e);
                    } else {
                        single(e);
                    }
                }
                case SEPARATOR -> {
                    if (mode == Mode.PYTHON || mode == Mode.PYTHON_DONE) {
                        append(e);
                        mode = Mode.PYTHON_CHAIN;
                    } else {
                        single(e);
                    }
                }
                case BLANK -> {
                    if (mode == Mode.PYTHON || mode == Mode.PYTHON_CHAIN || (mode == Mode.GO && goFollows(block, i, lines))
                            || (mode == Mode.PYTHON_DONE && separatorFollows(block, i, lines))) {
                        append(e);
                    } else {
                        single(e);
                    }
                }
                case GO_PANIC -> {
                    start(e);
                    mode = Mode.GO;
                }
                case GO_SIGNAL, GOROUTINE, GO_FUNC -> {
                    if (mode == Mode.GO) {
                        append(e);
                    } else {
                        single(e);
                    }
                }
                default -> single(e); // PLAIN never reaches a block; handled anyway
            }
            if (mode != Mode.NONE) {
                for (int k = 1; k < lines.length; k++) {
                    mode = next(mode, LineShape.of(lines[k]), lines[k]);
                }
            }
        }
        flush();
    }

    /** How the lines after the first of a merged entry move a trace along. */
    private static Mode next(Mode mode, LineShape line, String text) {
        return switch (mode) {
            case PYTHON -> switch (line) {
                case HEAD, FRAME, BLANK -> Mode.PYTHON;
                case SEPARATOR -> Mode.PYTHON_CHAIN;
                case EXCEPTION -> LineShape.isValidationHead(text) ? Mode.PYDANTIC : Mode.PYTHON_DONE;
                default -> Mode.PYTHON_DONE;
            };
            case PYTHON_DONE, PYTHON_CHAIN -> switch (line) {
                case HEAD -> Mode.PYTHON;
                case SEPARATOR -> Mode.PYTHON_CHAIN;
                case BLANK -> mode;
                default -> Mode.PYTHON_DONE;
            };
            default -> mode;
        };
    }

    private void start(Line e) {
        flush();
        current = new ArrayList<>();
        current.add(e);
    }

    private void append(Line e) {
        if (current == null) {
            current = new ArrayList<>();
        }
        current.add(e);
    }

    private void single(Line e) {
        flush();
        out.accept(event(List.of(e)));
        mode = Mode.NONE;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        out.accept(event(current));
        current = null;
        mode = Mode.NONE;
    }

    /** The event of consecutive lines: every fragment of every line, the cleaned texts joined with '\n'. */
    static Event event(List<Line> lines) {
        if (lines.size() == 1 && lines.get(0).fragments().size() == 1) {
            Line only = lines.get(0);
            return new Event(List.of(only.first()), only.text(), 0, only.cleaned());
        }
        List<LogEntry> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int joined = 0;
        boolean cleaned = false;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (i > 0) {
                text.append('\n');
            }
            text.append(line.text());
            parts.addAll(line.fragments());
            joined += line.fragments().size() - 1;
            cleaned |= line.cleaned();
        }
        return new Event(parts, text.toString(), joined, cleaned);
    }

    /** Whether the line after an exception line (in the same entry or the next) is a Java/Node "at" frame. */
    private static boolean javaFrameFollows(List<Line> block, int i, String[] lines) {
        if (lines.length > 1) {
            return LineShape.isJavaFrame(lines[1]);
        }
        return i + 1 < block.size() && LineShape.isJavaFrame(lines(block.get(i + 1))[0]);
    }

    /** Whether a field location of a pydantic report is followed by its indented detail (a bare word alone is not). */
    private static boolean detailFollows(List<Line> block, int i, String[] lines) {
        if (lines.length > 1) {
            return LineShape.of(lines[1]) == LineShape.FRAME;
        }
        return i + 1 < block.size() && LineShape.of(lines(block.get(i + 1))[0]) == LineShape.FRAME;
    }

    /** Whether the next non-blank line after a blank one (Python prints them around separators) is a chain separator. */
    private static boolean separatorFollows(List<Line> block, int i, String[] lines) {
        LineShape s = nextNonBlank(block, i, lines);
        return s == LineShape.SEPARATOR;
    }

    /** Whether a blank line inside a Go panic is followed by more of it (a goroutine header or the signal line). */
    private static boolean goFollows(List<Line> block, int i, String[] lines) {
        LineShape s = nextNonBlank(block, i, lines);
        return s == LineShape.GOROUTINE || s == LineShape.GO_SIGNAL;
    }

    private static LineShape nextNonBlank(List<Line> block, int i, String[] lines) {
        for (int k = 1; k < lines.length; k++) {
            LineShape s = LineShape.of(lines[k]);
            if (s != LineShape.BLANK) {
                return s;
            }
        }
        // blank lines are looked past a few at a time: a run of them that long ends the trace anyway
        for (int j = i + 1; j < block.size() && j <= i + 8; j++) {
            for (String line : lines(block.get(j))) {
                LineShape s = LineShape.of(line);
                if (s != LineShape.BLANK) {
                    return s;
                }
            }
        }
        return null;
    }

    static String[] lines(Line e) {
        String text = e.text();
        return text.indexOf('\n') < 0 ? new String[] {text} : text.split("\n", -1);
    }
}
