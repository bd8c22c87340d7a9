package dev.faultline.cli;

import dev.faultline.catalog.CatalogException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code faultline pull --project P ... -o FILE}: save live Cloud Run logs as an export triage reads back. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Save Cloud Run logs from Cloud Logging as a gzip-compressed JSONL export; "
                + "'faultline triage FILE' reads it back with the same results as a live triage.",
                "The file appears only when every page was read; until then it is FILE.partial, and running the "
                        + "same command again resumes where the last run stopped."},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline pull --project acme-prod --service orders-api --since 1d -o orders.jsonl.gz",
                "  faultline triage orders.jsonl.gz --format markdown -o ticket.md"})
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
        live.check(spec.commandLine(), false);
        OutputOptions.checkWritable(spec.commandLine(), "-o", output);
        LiveRun.pull(live, catalogOptions.load(), output, spec.commandLine(), quiet);
        return 0;
    }
}
