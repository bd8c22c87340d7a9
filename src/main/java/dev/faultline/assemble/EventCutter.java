package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts one stream's block of structural entries, already in chronological order, into events.
 * A Python traceback runs from its head through its frames to the exception line after them;
 * a chain separator (and the blank lines around it) keeps the next head in the same event.
 * A Java/Node trace starts at an exception line followed by an "at" frame (or at
 * {@code Exception in thread}) and takes "at", "... n more", "Caused by:" and "Suppressed:" lines.
 * Whatever fits no trace becomes an event of its own, so every entry ends up in exactly one event.
 */
final class EventCutter {

    private enum Mode { NONE, PYTHON, PYTHON_DONE, PYTHON_CHAIN, JAVA }

    private final Consumer<Event> out;
    private List<LogEntry> current;
    private Mode mode = Mode.NONE;

    private EventCutter(Consumer<Event> out) {
        this.out = out;
    }

    /** Emits the events of {@code block} (chronological) to {@code out}, in order. */
    static void cut(List<LogEntry> block, Consumer<Event> out) {
        new EventCutter(out).run(block);
    }

    private void run(List<LogEntry> block) {
        for (int i = 0; i < block.size(); i++) {
            LogEntry e = block.get(i);
            String[] lines = lines(e);
            switch (LineShape.of(lines[0])) {
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
                    if (javaFrameFollows(block, i, lines)) {
                        start(e);
                        mode = Mode.JAVA;
                    } else if (mode == Mode.PYTHON) {
                        append(e);
                        mode = Mode.PYTHON_DONE;
                    } else {
                        single(e);
                    }
                }
                case FRAME -> {
                    if (mode == Mode.PYTHON || (mode == Mode.JAVA && LineShape.isJavaFrame(lines[0]))) {
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
                    if (mode == Mode.PYTHON || mode == Mode.PYTHON_CHAIN
                            || (mode == Mode.PYTHON_DONE && separatorFollows(block, i, lines))) {
                        append(e);
                    } else {
                        single(e);
                    }
                }
                default -> single(e); // PLAIN never reaches a block; handled anyway
            }
            if (mode != Mode.NONE) {
                for (int k = 1; k < lines.length; k++) {
                    mode = next(mode, LineShape.of(lines[k]));
                }
            }
        }
        flush();
    }

    /** How the lines after the first of a merged entry move a trace along. */
    private static Mode next(Mode mode, LineShape line) {
        return switch (mode) {
            case PYTHON -> switch (line) {
                case HEAD, FRAME, BLANK -> Mode.PYTHON;
                case SEPARATOR -> Mode.PYTHON_CHAIN;
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

    private void start(LogEntry e) {
        flush();
        current = new ArrayList<>();
        current.add(e);
    }

    private void append(LogEntry e) {
        if (current == null) {
            current = new ArrayList<>();
        }
        current.add(e);
    }

    private void single(LogEntry e) {
        flush();
        out.accept(Event.of(e));
        mode = Mode.NONE;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        if (current.size() == 1) {
            out.accept(Event.of(current.get(0)));
        } else {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < current.size(); i++) {
                if (i > 0) {
                    text.append('\n');
                }
                String part = current.get(i).text();
                text.append(part == null ? "" : part);
            }
            out.accept(new Event(current, text.toString()));
        }
        current = null;
        mode = Mode.NONE;
    }

    /** Whether the line after an exception line (in the same entry or the next) is a Java/Node "at" frame. */
    private static boolean javaFrameFollows(List<LogEntry> block, int i, String[] lines) {
        if (lines.length > 1) {
            return LineShape.isJavaFrame(lines[1]);
        }
        return i + 1 < block.size() && LineShape.isJavaFrame(lines(block.get(i + 1))[0]);
    }

    /** Whether the next non-blank line after a blank one (Python prints them around separators) is a chain separator. */
    private static boolean separatorFollows(List<LogEntry> block, int i, String[] lines) {
        for (int k = 1; k < lines.length; k++) {
            LineShape s = LineShape.of(lines[k]);
            if (s != LineShape.BLANK) {
                return s == LineShape.SEPARATOR;
            }
        }
        for (int j = i + 1; j < block.size(); j++) {
            for (String line : lines(block.get(j))) {
                LineShape s = LineShape.of(line);
                if (s != LineShape.BLANK) {
                    return s == LineShape.SEPARATOR;
                }
            }
        }
        return false;
    }

    static String[] lines(LogEntry e) {
        String text = e.text() == null ? "" : e.text();
        return text.indexOf('\n') < 0 ? new String[] {text} : text.split("\n", -1);
    }
}
