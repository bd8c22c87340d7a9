package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.ExampleTriage;
import dev.faultline.Triage;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Coverage;
import dev.faultline.catalog.KnownIssue;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.EntrySelection;
import dev.faultline.incident.Grouper;
import dev.faultline.match.ExampleRunner;
import dev.faultline.mine.Mined;
import dev.faultline.mine.Miner;
import dev.faultline.mine.SignatureDraft;
import dev.faultline.mine.Template;
import dev.faultline.report.Redactor;
import dev.faultline.source.ExportSource;
import dev.faultline.match.Matcher;
import dev.faultline.report.JsonReport;
import dev.faultline.source.CatalogSql;
import dev.faultline.source.LogTable;
import dev.faultline.source.SqlDialect;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code faultline catalog list|show|test|lint|filter}: inspect and test the signature catalog. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Inspect and test the signature catalog (the bundled one, extended by --catalog DIR).",
        subcommands = {CatalogCommand.ListCommand.class, CatalogCommand.ShowCommand.class, CatalogCommand.TestCommand.class,
                CatalogCommand.LintCommand.class, CatalogCommand.FilterCommand.class, CatalogCommand.SqlCommand.class,
                CatalogCommand.DraftCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline catalog list",
                "  faultline catalog show cloudrun.port-listen-timeout",
                "  faultline catalog test --catalog ./our-signatures     # the bundled catalog plus yours",
                "  faultline catalog lint --catalog ./our-signatures",
                "  gcloud logging read \"$(faultline catalog filter)\" --format=json > candidates.json",
                "  faultline catalog sql --table acme-logs.app_logs._AllLogs --from 2025-09-15T00:00:00Z   # for BigQuery",
                "  faultline catalog draft --template 148079f8cfe8 logs.json -o ./our-signatures/drafts.yaml"})
final class CatalogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list, show, test, lint, filter, sql or draft");
    }

    /** What every catalog subcommand shares: the catalog it works on and where it prints. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        CatalogOptions catalogOptions;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** Prints "faultline: ..." on stderr and returns the error exit code. */
        int fail(String message) {
            err().println("faultline: " + message);
            err().flush();
            return Errors.ERROR;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the signatures (deprecated ones included).",
                    "With --coverage: active signatures counted per family and runtime, so gaps are visible; "
                            + "--format markdown writes signatures/COVERAGE.md."})
    static final class ListCommand extends Sub {
        enum Format { text, json, markdown }

        @Option(names = {"-f", "--format"}, defaultValue = "text",
                description = "text or json; markdown with --coverage (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--coverage", description = "Count active signatures per family (rows) and runtime (columns).")
        boolean coverage;

        @Override
        public Integer call() throws Exception {
            Catalog catalog = catalogOptions.load();
            if (coverage) {
                printCoverage(Coverage.of(catalog));
                return 0;
            }
            if (format == Format.markdown) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format markdown needs --coverage");
            }
            if (format == Format.json) {
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = json.createObjectNode();
                JsonReport.catalogJson(root.putObject("catalog"), catalog.version(), catalog.layers());
                ArrayNode list = root.putArray("signatures");
                for (Signature s : catalog.signatures()) {
                    ObjectNode n = list.addObject();
                    n.put("id", s.id()).put("version", s.version()).put("ref", s.ref()).put("title", s.title())
                            .put("layer", lower(s.layer())).put("severity", lower(s.severity())).put("role", lower(s.role()))
                            .put("status", lower(s.status())).put("file", s.file());
                    s.extract().forEach(n.putArray("extract")::add);
                    s.overlaps().forEach(n.putArray("overlaps")::add);
                    n.putObject("examples").put("match", s.examplesMatch().size()).put("noMatch", s.examplesNoMatch().size());
                    n.put("family", s.family());
                    s.runtimes().forEach(n.putArray("runtimes")::add);
                }
                ArrayNode issues = root.putArray("knownIssues");
                for (KnownIssue k : catalog.knownIssues()) {
                    ObjectNode n = issues.addObject();
                    n.put("id", k.id()).put("title", k.title()).put("status", lower(k.status())).put("file", k.file());
                    k.signatures().forEach(n.putArray("signatures")::add);
                    ObjectNode scope = n.putObject("appliesTo");
                    k.scope().projects().forEach(scope.putArray("projects")::add);
                    k.scope().services().forEach(scope.putArray("services")::add);
                    k.scope().revisions().forEach(scope.putArray("revisions")::add);
                }
                out().println(json.writeValueAsString(root));
            } else {
                out().printf("catalog %s: %d signatures (%d active), %d known issues%n", catalog.version(), catalog.signatures().size(),
                        catalog.active().size(), catalog.knownIssues().size());
                out().println(Catalog.describe(catalog.version(), catalog.layers()));
                out().println();
                out().printf("%-46s %3s %-10s %-8s %-7s %-10s %s%n", "ID", "VER", "LAYER", "SEVERITY", "ROLE", "STATUS", "TITLE");
                for (Signature s : catalog.signatures()) {
                    out().printf("%-46s %3d %-10s %-8s %-7s %-10s %s%n", s.id(), s.version(), lower(s.layer()),
                            lower(s.severity()), lower(s.role()), lower(s.status()), s.title());
                }
                if (!catalog.knownIssues().isEmpty()) {
                    out().println();
                    int width = catalog.knownIssues().stream().mapToInt(k -> k.scope().describe().length()).max().orElse(0);
                    String row = "%-12s %-10s %-" + Math.max(width, "APPLIES TO".length()) + "s  %s%n";
                    out().printf(row, "KNOWN ISSUE", "STATUS", "APPLIES TO", "TITLE");
                    for (KnownIssue k : catalog.knownIssues()) {
                        out().printf(row, k.id(), lower(k.status()), k.scope().describe(), k.title());
                    }
                }
            }
            out().flush();
            return 0;
        }

        private void printCoverage(Coverage c) throws Exception {
            switch (format) {
                case text -> out().print(c.text());
                case markdown -> out().print(c.markdown());
                case json -> {
                    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                    ObjectNode root = json.createObjectNode();
                    root.putObject("catalog").put("version", c.version());
                    root.put("active", c.active());
                    c.columns().forEach(root.putArray("runtimes")::add);
                    ArrayNode families = root.putArray("families");
                    for (Coverage.Row row : c.rows()) {
                        ObjectNode f = families.addObject().put("family", row.family()).put("total", row.total());
                        ObjectNode counts = f.putObject("counts");
                        for (int i = 0; i < c.columns().size(); i++) {
                            counts.put(c.columns().get(i), row.counts().get(i));
                        }
                    }
                    ObjectNode totals = root.putObject("totals");
                    for (int i = 0; i < c.columns().size(); i++) {
                        totals.put(c.columns().get(i), c.totals().get(i));
                    }
                    out().println(json.writeValueAsString(root));
                }
            }
            out().flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one signature: match, examples, remediation.")
    static final class ShowCommand extends Sub {
        @Parameters(paramLabel = "ID", description = "A signature id, e.g. cloudrun.port-listen-timeout.")
        String id;

        @Override
        public Integer call() throws Exception {
            Catalog catalog = catalogOptions.load();
            Optional<Signature> found = catalog.signature(id);
            if (found.isEmpty()) {
                return fail("no signature '" + id + "' in catalog " + catalog.version() + " (faultline catalog list shows the ids)");
            }
            Signature s = found.get();
            PrintWriter o = out();
            o.printf("%s  %s%n", s.ref(), s.title());
            o.printf("layer %s · severity %s · role %s · status %s · %s%n", lower(s.layer()), lower(s.severity()),
                    lower(s.role()), lower(s.status()), s.file());
            if (!s.logNames().isEmpty()) {
                o.println("logs:      " + String.join(", ", s.logNames()));
            }
            for (Signature.MatchPattern p : s.patterns()) {
                o.println("regex:     " + p.regex());
                o.println("  literal: " + String.join(" | ", p.literals()) + (p.caseInsensitive() ? " (case-insensitive)" : ""));
            }
            if (!s.extract().isEmpty()) {
                o.println("extract:   " + String.join(", ", s.extract()));
            }
            if (!s.overlaps().isEmpty()) {
                o.println("overlaps:  " + String.join(", ", s.overlaps()));
            }
            s.examplesMatch().forEach(e -> o.println("match:     " + e));
            s.examplesNoMatch().forEach(e -> o.println("no match:  " + e));
            s.references().forEach(r -> o.println("reference: " + r));
            o.println("remediation: " + s.remediation());
            List<String> issues = catalog.knownIssues().stream()
                    .filter(k -> k.signatures().contains(s.id()) || k.optional().contains(s.id()))
                    .map(k -> k.id() + (k.scope().isAny() ? "" : " (" + k.scope().describe() + ")")).toList();
            if (!issues.isEmpty()) {
                o.println("known issues: " + String.join(", ", issues));
            }
            o.flush();
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run every example of every active signature through the matcher and through the whole triage path "
                    + "(entry, stitch, match, group). A match example must fire its signature and no other unless an overlap "
                    + "is declared; a no_match example must not fire its signature; a line of the catalog's benign corpus "
                    + "(benign.yaml: healthy samples, the benchmark's benign lines) must fire none but known noise.",
                    "Exit 1 with one line per failing example."})
    static final class TestCommand extends Sub {
        @Override
        public Integer call() throws Exception {
            Catalog catalog = catalogOptions.load();
            List<BenignLine> benign = catalogOptions.loadBenign();
            List<String> failures = new ArrayList<>();
            Matcher matcher = new Matcher(catalog.active());
            ExampleRunner.run(matcher).forEach(f -> failures.add("matcher: " + f.describe()));
            // known noise is allowed to recognise a benign line: that is what it is for
            ExampleRunner.runBenign(new Matcher(catalog.diagnostic()), benign).forEach(f -> failures.add("matcher: " + f.describe()));
            ExampleTriage.run(catalog, benign).forEach(f -> failures.add("triage: " + f.describe()));
            long examples = catalog.active().stream().mapToLong(s -> s.examplesMatch().size() + s.examplesNoMatch().size()).sum();
            failures.forEach(line -> err().println("faultline: " + line));
            err().flush();
            out().printf("catalog %s: %d signatures, %d examples, %d benign lines, %s%n", catalog.version(),
                    catalog.active().size(), examples, benign.size(), failures.isEmpty() ? "all pass" : failures.size() + " failures");
            out().flush();
            return failures.isEmpty() ? 0 : Errors.ERROR;
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Check the catalog beyond what loading enforces (unique ids, required fields, RE2J regexes with a "
                    + "literal, no generic-word regex, known overlaps and placeholders): YAML files the catalog does not list, "
                    + "fewer than 2 examples each way, references missing or none a reviewer can follow (a URL, a seed or "
                    + "realworld case), known issues citing retired signatures.",
                    "Exit 1 with one line per problem."})
    static final class LintCommand extends Sub {
        static final int MIN_EXAMPLES = 2;

        @Override
        public Integer call() throws Exception {
            Catalog catalog;
            try {
                catalog = catalogOptions.load();
            } catch (CatalogException e) {
                e.problems().forEach(p -> err().println("faultline: " + p));
                err().flush();
                return Errors.ERROR;
            }
            List<String> problems = new ArrayList<>();
            for (Path dir : directories(catalog)) {
                CatalogLoader.unlistedFiles(dir).forEach(f -> problems.add(dir.resolve(f) + ": not listed in catalog.yaml, so never loaded"));
            }
            for (Signature s : catalog.signatures()) {
                String where = s.file() + ": " + s.id() + ": ";
                if (s.examplesMatch().size() < MIN_EXAMPLES) {
                    problems.add(where + "needs at least " + MIN_EXAMPLES + " match examples, has " + s.examplesMatch().size());
                }
                if (s.examplesNoMatch().size() < MIN_EXAMPLES) {
                    problems.add(where + "needs at least " + MIN_EXAMPLES + " no_match examples, has " + s.examplesNoMatch().size());
                }
                if (s.references().isEmpty()) {
                    problems.add(where + "no references: cite where the wording was seen");
                } else if (s.references().stream().noneMatch(r -> followable(r) || observed(s, r))) {
                    problems.add(where + "references cite no documentation page, library source or public issue (an http(s) URL),"
                            + " nor a seed or realworld case" + (s.status() == Signature.Status.EXPERIMENTAL
                            ? ", nor the logs it was observed in ('observed in ...')" : ""));
                }
            }
            for (KnownIssue k : catalog.knownIssues()) {
                if (k.scope().isAny()) {
                    problems.add(k.file() + ": " + k.id() + ": no applies_to: it would judge every project and service this"
                            + " catalog is used on; name its projects, services or revisions");
                }
                for (String id : k.signatures()) {
                    catalog.signature(id).filter(s -> s.status() == Signature.Status.DEPRECATED).ifPresent(s ->
                            problems.add(k.file() + ": " + k.id() + ": fingerprint signature '" + id + "' is deprecated and never matches"));
                }
            }
            problems.forEach(p -> err().println("faultline: " + p));
            err().flush();
            out().printf("catalog %s: %d signatures, %s%n", catalog.version(), catalog.signatures().size(),
                    problems.isEmpty() ? "no problems" : problems.size() + " problems");
            out().flush();
            return problems.isEmpty() ? 0 : Errors.ERROR;
        }

        /**
         * A reference a reviewer can follow: a URL (documentation page, library source file, public issue),
         * or one of the seed incidents and real-world cases in the project's shared data.
         */
        /**
         * An experimental signature may cite the team's own logs it was drafted from ({@code catalog draft}
         * writes "observed in FILE ..."): a draft passes lint unchanged; promoted, it needs a source others can follow.
         */
        static boolean observed(Signature s, String reference) {
            return s.status() == Signature.Status.EXPERIMENTAL && reference.startsWith("observed in ");
        }

        static boolean followable(String reference) {
            return reference.startsWith("https://") || reference.startsWith("http://")
                    || reference.startsWith("seed ") || reference.startsWith("realworld ");
        }

        /** The catalog directories on disk: the bundled one when installed as files, and every team catalog loaded. */
        private List<Path> directories(Catalog catalog) {
            List<Path> dirs = new ArrayList<>();
            String home = System.getProperty(CatalogLoader.HOME_PROPERTY);
            if (home != null && Files.isDirectory(Path.of(home, CatalogLoader.BUNDLED_ROOT))) {
                dirs.add(Path.of(home, CatalogLoader.BUNDLED_ROOT));
            }
            catalogOptions.overlays().stream().map(CatalogLoader.Overlay::path).filter(Files::isDirectory).forEach(dirs::add);
            return dirs;
        }
    }

    @Command(name = "filter", mixinStandardHelpOptions = true,
            description = "Print the Cloud Logging query that selects, server-side, the entries that could match "
                    + "(all active signatures, or the IDS given). Use it with gcloud logging read '...'.")
    static final class FilterCommand extends Sub {
        @Parameters(arity = "0..*", paramLabel = "ID", description = "Signature ids (default: every active signature).")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Catalog catalog = catalogOptions.load();
            String query;
            if (ids.isEmpty()) {
                query = CandidateFilter.of(catalog);
            } else {
                List<Signature> chosen = new ArrayList<>();
                for (String id : ids) {
                    Optional<Signature> s = catalog.signature(id).filter(x -> x.status() != Signature.Status.DEPRECATED);
                    if (s.isEmpty()) {
                        return fail("no active signature '" + id + "' in catalog " + catalog.version());
                    }
                    chosen.add(s.get());
                }
                query = CandidateFilter.of(chosen);
            }
            out().println(query);
            out().flush();
            return 0;
        }
    }

    @Command(name = "draft", mixinStandardHelpOptions = true,
            description = {"Draft a signature for an unclassified error template: a suggested id, an RE2 regex with a named group "
                    + "where each masked value was, status experimental, examples.match from the template's events and "
                    + "examples.no_match from the nearest other templates (then the catalog's nearest examples).",
                    "The template comes from a report (--template ID with the same input files) or from lines (--lines FILE, - for stdin: "
                            + "the largest template among them). The draft is checked as catalog test and lint would check it "
                            + "before it is written; with -o FILE, a catalog.yaml listing it is created next to it when there is none.",
                    "Example: faultline catalog draft --template 148079f8cfe8 logs.json -o team-catalog/drafts.yaml"})
    static final class DraftCommand extends Sub {
        @Option(names = "--template", paramLabel = "ID", description = "A template id (or a unique prefix) from a report's unclassified templates.")
        String template;

        @Option(names = "--lines", paramLabel = "FILE|-", description = "Draft from these lines instead (one event per line; - for stdin).")
        String lines;

        @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-", description = "The input the report was made from (with --template).")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--id", paramLabel = "ID", description = "The signature id (default: draft.<words of the template>).")
        String id;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the family file here instead of stdout.")
        Path output;

        @Option(names = "--no-redact", description = "Keep secrets found in the examples (redaction is on by default).")
        boolean noRedact;

        @Override
        public Integer call() throws Exception {
            if ((lines == null) == (template == null || inputs.isEmpty()) && !(lines != null && inputs.isEmpty())) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --template ID with the input files of the report, or --lines FILE");
            }
            Catalog catalog = catalogOptions.load();
            Mined mined;
            String source;
            if (lines != null) {
                List<String> given = lines.equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                        : Files.readAllLines(Path.of(lines), StandardCharsets.UTF_8);
                // the same boundary a triage passes its templates through (Redactor.mined), so the draft quotes masked lines
                mined = new Redactor(!noRedact).mined(Miner.ofLines(given));
                source = lines.equals("-") ? "lines on stdin" : "lines in " + lines;
            } else {
                mined = new Triage(catalog, 1, EntrySelection.ALL, !noRedact).run(new ExportSource(inputs), new Problems(err(), false)).mined();
                source = String.join(" ", inputs);
            }
            Optional<Template> chosen = template == null ? mined.templates().stream().findFirst() : find(mined, template);
            if (chosen.isEmpty()) {
                return fail(template == null ? "no line to draft from in " + source
                        : "no unclassified template " + template + " in " + source + " (its templates: "
                        + String.join(", ", mined.templates().stream().limit(10).map(Template::id).toList()) + ")");
            }
            List<String> catalogLines = new ArrayList<>();
            catalog.active().forEach(s -> {
                catalogLines.addAll(s.examplesMatch());
                catalogLines.addAll(s.examplesNoMatch());
            });
            SignatureDraft draft;
            try {
                draft = SignatureDraft.of(chosen.get(), mined.templates(), catalogLines, id, source);
            } catch (SignatureDraft.DraftException e) {
                return fail(e.getMessage());
            }
            String yaml = draft.toYaml();
            List<String> problems = check(yaml, draft.id());
            if (!problems.isEmpty()) {
                problems.forEach(p -> err().println("faultline: draft " + draft.id() + ": " + p));
                return fail("the draft would not pass catalog test; nothing written");
            }
            if (output == null) {
                out().print(yaml);
                out().flush();
            } else {
                Files.writeString(output, yaml, StandardCharsets.UTF_8);
                listIn(output);
            }
            draft.notes().forEach(n -> err().println("faultline: note: " + n));
            err().flush();
            return 0;
        }

        private static Optional<Template> find(Mined mined, String id) {
            List<Template> found = mined.templates().stream().filter(t -> t.id().startsWith(id)).toList();
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        }

        /** What catalog test would say about the draft, run against the current catalog with the draft added. */
        private List<String> check(String yaml, String draftId) throws IOException {
            Path dir = Files.createTempDirectory("faultline-draft");
            try {
                Files.writeString(dir.resolve("catalog.yaml"), "version: \"draft\"\nname: draft\nfiles:\n  - draft.yaml\n");
                Files.writeString(dir.resolve("draft.yaml"), yaml);
                List<Path> dirs = new ArrayList<>(catalogOptions.dirs);
                dirs.add(dir);
                Catalog with;
                try {
                    with = CatalogLoader.loadBundledWith(dirs);
                } catch (CatalogException e) {
                    return e.problems();
                }
                List<String> problems = new ArrayList<>();
                ExampleRunner.run(with.active()).forEach(f -> problems.add("matcher: " + f.describe()));
                ExampleTriage.run(with).forEach(f -> problems.add("triage: " + f.describe()));
                return problems.stream().filter(p -> p.contains(draftId)).toList();
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }

        /** A catalog directory lists its files: create catalog.yaml beside a draft written where there is none, else say what to add. */
        private void listIn(Path file) throws IOException, CatalogException {
            Path dir = file.toAbsolutePath().getParent();
            Path catalogFile = dir.resolve("catalog.yaml");
            String name = file.getFileName().toString();
            if (!Files.exists(catalogFile)) {
                Files.writeString(catalogFile, "# A team catalog: extends the bundled one (faultline triage --catalog " + dir.getFileName() + ")\n"
                        + "version: \"0.1.0\"\nname: " + dir.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "-") + "\n"
                        + "files:\n  - " + name + "\n", StandardCharsets.UTF_8);
                err().println("faultline: wrote " + file + " and " + catalogFile + "; check it with: faultline catalog test --catalog " + dir);
            } else if (!CatalogLoader.unlistedFiles(dir).contains(name)) {
                err().println("faultline: wrote " + file + "; check it with: faultline catalog test --catalog " + dir);
            } else {
                err().println("faultline: wrote " + file + "; add it to files: in " + catalogFile
                        + ", then: faultline catalog test --catalog " + dir);
            }
        }
    }

    @Command(name = "sql", mixinStandardHelpOptions = true,
            description = {"Print the catalog compiled to one SQL query over a table of LogEntry rows: candidates by the "
                    + "catalog's literals, each signature's regexes (RE2, as in faultline), extracted fields, and per "
                    + "(service, revision, signature) count, first and last seen, instances, values and evidence; per revision "
                    + "its request health and the audit entries stating its configuration. Candidates that may be part of a "
                    + "multi-line event come back whole with their neighbours, for faultline to stitch (docs/bigquery.md).",
                    "Layouts: analytics (a Log Analytics linked dataset view, e.g. PROJECT.DATASET._AllLogs), sink (a Cloud "
                            + "Logging sink dataset, one table per log), json (LogEntry JSON files, DuckDB only)."})
    static final class SqlCommand extends Sub {
        enum Dialect { bigquery, duckdb }

        enum Layout { analytics, sink, json }

        @Option(names = "--dialect", defaultValue = "bigquery", description = "bigquery or duckdb (default: ${DEFAULT-VALUE}).")
        Dialect dialect;

        @Option(names = "--layout", description = "analytics, sink or json (default: analytics for bigquery, json for duckdb).")
        Layout layout;

        @Option(names = "--table", paramLabel = "NAME", description = "The view (analytics), the dataset (sink) or the files "
                + "(json, a path or glob) to read; default: a placeholder to replace.")
        String table;

        @Option(names = "--partitioned", description = "With --layout sink: the sink writes partitioned tables, not date-sharded ones.")
        boolean partitioned;

        @Option(names = "--service", paramLabel = "S", description = "Only the Cloud Run service S.")
        String service;

        @Option(names = "--revision", paramLabel = "R", description = "Only the revision R.")
        String revision;

        @Option(names = "--from", paramLabel = "TIME", converter = TimeConverters.Time.class, description = "Entries at or after TIME.")
        Instant from;

        @Option(names = "--until", paramLabel = "TIME", converter = TimeConverters.Time.class, description = "Entries before TIME.")
        Instant until;

        @Option(names = "--evidence", paramLabel = "N", defaultValue = "" + Grouper.DEFAULT_EVIDENCE,
                description = "Evidence entries per signature and revision (default: ${DEFAULT-VALUE}).")
        int evidence;

        @Override
        public Integer call() throws Exception {
            Catalog catalog = catalogOptions.load();
            SqlDialect d = dialect == Dialect.bigquery ? SqlDialect.BIGQUERY : SqlDialect.DUCKDB;
            Layout l = layout != null ? layout : dialect == Dialect.bigquery ? Layout.analytics : Layout.json;
            if (l == Layout.json && dialect == Dialect.bigquery) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--layout json is read by DuckDB only: "
                        + "BigQuery reads a Log Analytics view (analytics) or a sink dataset (sink)");
            }
            LogTable source = switch (l) {
                case analytics -> new LogTable.AnalyticsView(table != null ? table : "PROJECT.DATASET._AllLogs");
                case sink -> LogTable.SinkDataset.usual(table != null ? table : "PROJECT.DATASET", !partitioned);
                case json -> new LogTable.JsonFiles(table != null ? table : "logs/*.json");
            };
            String sql = CatalogSql.of(catalog, d, source, new CatalogSql.Options(new LogTable.Scope(from, until, service, revision),
                    evidence, Stitcher.GAP, Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2));
            out().println(sql + ";");
            out().flush();
            if (d == SqlDialect.BIGQUERY && sql.length() > CatalogSql.BIGQUERY_MAX_QUERY_CHARS) {
                return fail("the query is " + sql.length() + " characters, more than the " + CatalogSql.BIGQUERY_MAX_QUERY_CHARS
                        + " BigQuery accepts");
            }
            return 0;
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
