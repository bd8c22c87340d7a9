package dev.faultline.source;

import dev.faultline.entry.LogEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What one read of an {@link ExportSource} produced, for assertions. */
final class Collected {

    final List<LogEntry> entries = new ArrayList<>();
    final List<InputProblem> problems = new ArrayList<>();
    List<SourceStats> stats;

    static Collected read(String... paths) throws IOException {
        return read(new ExportSource(List.of(paths)));
    }

    /** Reads inline (one thread) or split on a helper and parsed on workers, with a small entry cap when maxEntryBytes > 0. */
    static Collected read(List<String> paths, Supplier<InputStream> stdin, int maxEntryBytes, boolean parallel) throws IOException {
        return read(paths, stdin, maxEntryBytes, parallel ? 3 : 0);
    }

    /** Reads with {@code threads} parsing threads (0: all on this thread), with a small entry cap when maxEntryBytes > 0. */
    static Collected read(List<String> paths, Supplier<InputStream> stdin, int maxEntryBytes, int threads) throws IOException {
        return read(new ExportSource(paths, stdin, maxEntryBytes > 0 ? maxEntryBytes : ExportSource.MAX_ENTRY_BYTES, threads));
    }

    static Collected read(EntrySource source) throws IOException {
        Collected c = new Collected();
        c.stats = source.read(c.entries::add, c.problems::add);
        return c;
    }

    List<String> problemLines() {
        return problems.stream().map(InputProblem::oneLine).toList();
    }

    SourceStats only() {
        if (stats.size() != 1) {
            throw new AssertionError("expected one source, got " + stats);
        }
        return stats.get(0);
    }

    List<String> texts() {
        return entries.stream().map(LogEntry::text).toList();
    }

    /** A test resource under src/test/resources/source/. */
    static Path fixture(String name) {
        try {
            return Path.of(Collected.class.getResource("/source/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
