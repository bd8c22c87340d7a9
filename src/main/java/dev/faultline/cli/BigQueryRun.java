package dev.faultline.cli;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.history.Digest;
import dev.faultline.history.ReportJob;
import dev.faultline.history.StateException;
import dev.faultline.source.BigQuerySource;
import dev.faultline.source.CatalogSql;
import dev.faultline.source.InputProblem;
import dev.faultline.source.LogTable;
import dev.faultline.source.SqlDialect;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code --bigquery} side of triage and report: the catalog compiled to one BigQuery query
 * over the time range, run where the logs are. The only cli class that touches the BigQuery
 * client (through {@link BigQuerySource}), so file triage does not load it.
 */
final class BigQueryRun {

    /** The environment variable that sets --endpoint for BigQuery. */
    static final String ENDPOINT_ENV = "FAULTLINE_BIGQUERY_ENDPOINT";

    private BigQueryRun() {
    }

    static TriageResult triage(LiveOptions options, Catalog catalog, Triage triage, int evidence, Consumer<InputProblem> problems,
                               CommandLine cl, boolean quiet) throws IOException {
        Instant[] range = options.range(Clock.systemUTC(), cl);
        return triage.run(source(options, catalog, new LogTable.Scope(range[0], range[1], options.service, options.revision),
                evidence, cl, quiet), problems);
    }

    /** One scheduled report run: each run's window becomes the query's time range. */
    static Digest report(ReportJob job, LiveSelection selection, Catalog catalog, ReportJob.Options options,
                         Consumer<InputProblem> problems, CommandLine cl, boolean quiet) throws IOException, StateException {
        return job.run(window -> source(selection, catalog, new LogTable.Scope(window.start(), window.end(), selection.service,
                selection.revision), options.evidence(), cl, quiet), List.of(), options, problems);
    }

    private static BigQuerySource source(LiveSelection s, Catalog catalog, LogTable.Scope scope, int evidence, CommandLine cl,
                                         boolean quiet) {
        BigQuerySource.Target target;
        try {
            target = BigQuerySource.Target.parse(s.bigquery, s.sink, s.billingProject, s.maxBytesBilled, endpoint(s), s.credentials);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--bigquery: " + e.getMessage());
        }
        CatalogSql.Options options = new CatalogSql.Options(scope, evidence, Stitcher.GAP, Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2);
        PrintWriter err = cl.getErr();
        return new BigQuerySource(target, table -> CatalogSql.of(catalog, SqlDialect.BIGQUERY, table, options), note -> {
            if (note.startsWith("query:\n")) {
                if (s.showQuery) {
                    err.println(note.substring("query:\n".length()));
                }
            } else if (!quiet || note.startsWith("BigQuery will scan")) {
                err.println("faultline: " + note); // what a query costs is always said
            }
            err.flush();
        });
    }

    private static String endpoint(LiveSelection s) {
        if (s.endpoint != null) {
            return s.endpoint;
        }
        String env = System.getenv(ENDPOINT_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }
}
