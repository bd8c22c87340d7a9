package dev.faultline.cli;

import dev.faultline.history.StateException;
import dev.faultline.history.StateStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Where the report job's memory lives, shared by report, history and issues. */
final class StateOptions {

    @Option(names = "--state", paramLabel = "FILE", required = true,
            description = "The state file (SQLite), created by the first report run.")
    Path file;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "60s", converter = TimeConverters.Span.class,
            description = "How long to wait for another run that holds the state file (default: ${DEFAULT-VALUE}).")
    Duration lockWait;

    StateStore open(boolean create) throws StateException {
        return StateStore.open(file, create, lockWait);
    }
}
