package dev.faultline.cli;

import dev.faultline.catalog.CatalogException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code faultline pull --project P ... -o FILE}: save live Cloud Run logs as an export triage reads back. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Save Cloud Run logs from Cloud Logging as a gzip-compressed JSONL export; "
                + "'faultline triage FILE' reads it back with the same results as a live triage.",
                "The file appears only when every page was read; until then it is FILE.partial, and running the "
                        + "same command again resumes where the last run stopped."})
final class PullCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The export file to write.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary on stderr.")
    boolean quiet;

    @Mixin
    LiveOptions live;

    @Mixin
    CatalogOptions catalogOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, CatalogException {
        if (!live.live()) {
            throw new ParameterException(spec.commandLine(), "pull reads live: give --project P");
        }
        LiveRun.pull(live, catalogOptions.load(), output, spec.commandLine(), quiet);
        return 0;
    }
}
