package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduled report remembers unclassified error templates per service and lists only the ones it has not seen. */
class ReportTemplatesTest {

    @TempDir
    Path dir;

    private Cli.Run report(Path state, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("report", sample(UnclassifiedCommandTest.DB_ERRORS), "--state",
                state.toString(), "--format", "json"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void aTemplateIsNewInTheFirstRunThatSeesItAndNotAfter() throws Exception {
        Path state = dir.resolve("state.db");
        // 07:00-09:30: the old revision and the first errors of the new one
        Cli.Run r1 = report(state, "--since", "150m", "--until", "2025-10-06T09:30:00Z");
        assertThat(r1.exitCode()).as(r1.err()).isZero();
        JsonNode d1 = r1.json();
        assertThat(d1.get("summary").get("newTemplates").asInt()).isEqualTo(1);
        JsonNode t = d1.get("newTemplates").get(0);
        assertThat(t.get("service").asText()).isEqualTo("storefront-api");
        assertThat(t.get("template").asText()).startsWith("Failed to load recommendations for product <NUM>");
        assertThat(texts(t.get("revisions"))).containsExactly("storefront-api-00231-mep");
        assertThat(t.get("example").asText()).contains("operator does not exist: character varying = integer");
        assertThat(t.get("draft").asText()).isEqualTo("faultline catalog draft --template " + t.get("id").asText() + " "
                + sample(UnclassifiedCommandTest.DB_ERRORS));
        long first = t.get("events").asLong();
        assertThat(first).isPositive().isLessThan(30);

        // 09:30-11:00: the same error keeps coming: not new any more
        Cli.Run r2 = report(state, "--until", "2025-10-06T11:00:00Z");
        assertThat(r2.exitCode()).as(r2.err()).isZero();
        assertThat(r2.json().get("newTemplates")).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT events, runs_seen FROM templates WHERE service = 'storefront-api'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("events")).isEqualTo(30);
            assertThat(rs.getLong("runs_seen")).isEqualTo(2);
        }
        // the other digest formats show the section too
        assertThat(run("report", sample(UnclassifiedCommandTest.DB_ERRORS), "--state", dir.resolve("other.db").toString(),
                "--since", "1d", "--until", "2025-10-06T11:00:00Z").out())
                .contains("New error templates, not in the catalog (1)").contains("draft: faultline catalog draft --template");
    }

    private static List<String> texts(JsonNode array) {
        return UnclassifiedCommandTest.texts(array);
    }
}
