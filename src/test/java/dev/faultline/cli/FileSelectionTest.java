package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static dev.faultline.cli.TriageCommandTest.DB_SAMPLE;
import static dev.faultline.cli.TriageCommandTest.PORT_SAMPLE;
import static dev.faultline.cli.TriageCommandTest.assertBalanced;
import static org.assertj.core.api.Assertions.assertThat;

/** --service, --revision, --since, --from and --until select entries of exported files too; live-only options are refused. */
class FileSelectionTest {

    private static final String HEALTHY = "healthy-rollout.json";

    @Test
    void serviceSelectsOnlyThatServicesRevisionsAndCountsTheRest() {
        Cli.Run all = run("triage", sample(PORT_SAMPLE), sample(HEALTHY), "--format", "json");
        Cli.Run r = run("triage", sample(PORT_SAMPLE), sample(HEALTHY), "--service", "orders-api", "--format", "json");
        JsonNode json = r.json();

        assertThat(all.exitCode()).isEqualTo(4); // the port sample's failing revision is in the input...
        assertThat(r.exitCode()).isEqualTo(0);   // ...but not in the selection
        assertThat(services(json)).containsOnly("orders-api").isNotEmpty();
        JsonNode in = json.get("input");
        assertThat(in.get("selection").get("service").asText()).isEqualTo("orders-api");
        assertThat(in.get("excluded").asLong()).isPositive();
        assertThat(in.get("parsed").asLong()).isEqualTo(all.json().get("input").get("parsed").asLong());
        assertBalanced(json);
    }

    @Test
    void revisionAndTimeRangeSelectOnFiles() {
        JsonNode json = run("triage", sample(DB_SAMPLE), "--revision", "netra-backend-staging-00711-d6z",
                "--format", "json").json();
        assertThat(json.get("revisions")).hasSize(1);
        assertThat(json.get("revisions").get(0).get("revision").asText()).isEqualTo("netra-backend-staging-00711-d6z");
        assertBalanced(json);

        // the db sample's first failing revisions are on 2025-09-12; from the 15th on only later ones are left
        JsonNode later = run("triage", sample(DB_SAMPLE), "--from", "2025-09-15T00:00:00Z", "--until", "2025-09-15T20:30:00Z",
                "--format", "json").json();
        List<String> revisions = new ArrayList<>();
        later.get("revisions").forEach(rev -> revisions.add(rev.get("revision").asText()));
        assertThat(revisions).contains("netra-backend-staging-00697-gp6", "netra-backend-staging-00704-ds8")
                .doesNotContain("netra-backend-staging-00690-k2m", "netra-backend-staging-00711-d6z");
        later.get("revisions").forEach(rev -> rev.get("hits").forEach(h -> {
            assertThat(h.get("firstSeen").asText()).isGreaterThanOrEqualTo("2025-09-15T00:00:00");
            assertThat(h.get("lastSeen").asText()).isLessThan("2025-09-15T20:30:00");
        }));
        assertBalanced(later);
    }

    @Test
    void aSelectionThatLeavesNothingIsAnErrorThatShowsWhatTheInputHolds() {
        Cli.Run r = run("triage", sample(DB_SAMPLE), "--since", "1d");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("faultline: none of the").contains("--from")
                .contains("netra-backend-staging").contains("2025-09-1").doesNotContain("\n");
    }

    @Test
    void liveOnlyOptionsAreRefusedWithFilesNotIgnored() {
        for (List<String> option : List.of(List.of("--show-query"), List.of("--filter", "severity>=ERROR"),
                List.of("--all-entries"), List.of("--endpoint", "127.0.0.1:9"), List.of("--follow"))) {
            List<String> args = new ArrayList<>(List.of("triage", sample(PORT_SAMPLE)));
            args.addAll(option);
            Cli.Run r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(option.toString()).isEqualTo(2);
            assertThat(r.err()).as(option.toString()).contains(option.get(0)).contains("--project");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void textReportSaysWhatWasSelected() {
        Cli.Run r = run("triage", sample(PORT_SAMPLE), "--service", "netra-backend-staging");
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("selected by --service netra-backend-staging");
    }

    private static List<String> services(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.get("revisions").forEach(r -> out.add(r.get("service").asText()));
        return out;
    }
}
