package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.catalog.CandidateFilter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake server's query evaluator, checked on its own before anything relies on it. */
class LoggingFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stderr line of the port sample, shaped as gcloud prints it. */
    private static final String STDERR = """
            {"insertId": "68be41c3000a1b2c3d4e5f60", "logName": "projects/netra-staging/logs/run.googleapis.com%2Fstderr",
             "resource": {"type": "cloud_run_revision", "labels": {"service_name": "netra-backend-staging",
                          "revision_name": "netra-backend-staging-00161-67z"}},
             "textPayload": "Quote \\" and back\\\\slash: Container called exit(3).",
             "timestamp": "2025-09-08T02:53:07.184522Z"}""";

    private static final String REQUEST = """
            {"insertId": "req-1", "logName": "projects/netra-staging/logs/run.googleapis.com%2Frequests",
             "resource": {"type": "cloud_run_revision", "labels": {"service_name": "netra-backend-staging"}},
             "httpRequest": {"status": 503, "requestUrl": "/health"}, "severity": "ERROR",
             "timestamp": "2025-09-08T02:53:07Z"}""";

    private static JsonNode entry(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static boolean matches(String filter, String entry) throws IOException {
        return LoggingFilter.parse(filter).matches(entry(entry));
    }

    @Test
    void equalityAndHasOnNestedFields() throws IOException {
        assertThat(matches("resource.type=\"cloud_run_revision\"", STDERR)).isTrue();
        assertThat(matches("resource.type=\"gce_instance\"", STDERR)).isFalse();
        assertThat(matches("resource.labels.service_name=\"NETRA-backend-staging\"", STDERR)).as("strings compare case-insensitively").isTrue();
        assertThat(matches("resource.labels.service_name=\"netra-backend\"", STDERR)).as("= is not a substring test").isFalse();
        assertThat(matches("resource.labels.service_name:\"backend\"", STDERR)).isTrue();
        assertThat(matches("textPayload:\"CONTAINER CALLED exit(\"", STDERR)).as(": ignores case").isTrue();
        assertThat(matches("textPayload:\"exit(4)\"", STDERR)).isFalse();
        assertThat(matches("jsonPayload.message:\"exit(\"", STDERR)).as("a missing field never matches").isFalse();
        assertThat(matches("NOT jsonPayload.message:\"exit(\"", STDERR)).as("but its negation does").isTrue();
        assertThat(matches("resource:\"00161-67z\"", STDERR)).as(": on an object looks inside it").isTrue();
    }

    @Test
    void quotedValuesUnescapeQuotesAndBackslashes() throws IOException {
        assertThat(matches("textPayload:\"Quote \\\" and back\\\\slash\"", STDERR)).isTrue();
        assertThat(matches("textPayload:\"Quote \\\\\"", STDERR)).as("an escaped backslash, then the closing quote").isFalse();
        assertThat(matches("textPayload:\"back\\\\slash\"", STDERR)).isTrue();
        assertThatThrownBy(() -> matches("textPayload:\"Quote \\\\\" and\"", STDERR)).as("the string ended at \\\\\"")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(matches("textPayload:\"back\\\\\\\\slash\"", STDERR)).as("two backslashes are not one").isFalse();
        // What CandidateFilter.quote writes is what the evaluator reads back.
        String awkward = "Quote \" and back\\slash: Container";
        assertThat(matches("textPayload:" + CandidateFilter.quote(awkward), STDERR)).isTrue();
        assertThat(matches("textPayload:" + CandidateFilter.quote(awkward + "x"), STDERR)).isFalse();
    }

    @Test
    void valueListsAreAnyOf() throws IOException {
        assertThat(matches("textPayload:(\"nothing here\" OR \"exit(3)\")", STDERR)).isTrue();
        assertThat(matches("textPayload:(\"nothing here\" OR \"exit(4)\")", STDERR)).isFalse();
        assertThat(matches("resource.type=(\"gce_instance\" OR \"cloud_run_revision\")", STDERR)).isTrue();
    }

    @Test
    void notBindsTightestThenOrThenAnd() throws IOException {
        // As the query language page reads it: ("a" OR (NOT "b")) AND ((NOT "c") OR "d").
        String a = "log_id(\"run.googleapis.com/stderr\")";
        String b = "textPayload:\"exit(\"";
        String c = "resource.type=\"cloud_run_revision\"";
        String d = "insertId=\"nope\"";
        // stderr: a true, b true, c true, d false: (T OR F) AND (F OR F) = false; with AND first it would be true.
        assertThat(matches(a + " OR NOT " + b + " AND NOT " + c + " OR " + d, STDERR)).isFalse();
        assertThat(matches("(" + a + " OR NOT " + b + ") AND NOT " + c, STDERR)).isFalse();
        assertThat(matches(a + " OR (NOT " + b + " AND NOT " + c + ")", STDERR)).isTrue();
        assertThat(matches(a + " " + c, STDERR)).as("juxtaposition is AND").isTrue();
        assertThat(matches(a + " " + d, STDERR)).isFalse();
        assertThat(matches("NOT NOT " + a, STDERR)).isTrue();
    }

    @Test
    void logIdMatchesTheEncodedLogName() throws IOException {
        assertThat(matches("log_id(\"run.googleapis.com/stderr\")", STDERR)).isTrue();
        assertThat(matches("log_id(\"run.googleapis.com/stdout\")", STDERR)).isFalse();
        assertThat(matches("log_id(\"run.googleapis.com/requests\")", REQUEST)).isTrue();
        assertThat(matches("log_id(\"stderr\")", STDERR)).as("the whole log id, not a suffix of it").isFalse();
    }

    @Test
    void timestampsCompareAsInstantsAndStatusAsNumbers() throws IOException {
        assertThat(matches("timestamp>=\"2025-09-08T02:53:07.184522Z\"", STDERR)).isTrue();
        assertThat(matches("timestamp<\"2025-09-08T02:53:07.184522Z\"", STDERR)).isFalse();
        assertThat(matches("timestamp<\"2025-09-08T04:53:08+02:00\"", STDERR)).as("offsets are instants").isTrue();
        assertThat(matches("timestamp>=\"2025-09-08T02:53:08Z\"", STDERR)).isFalse();
        assertThat(matches("httpRequest.status>=500", REQUEST)).isTrue();
        assertThat(matches("httpRequest.status>=504", REQUEST)).isFalse();
        assertThat(matches("httpRequest.status<500", REQUEST)).isFalse();
        assertThat(matches("httpRequest.status>=500", STDERR)).as("no httpRequest, no match").isFalse();
        assertThat(matches("severity>=ERROR", REQUEST)).isTrue();
        assertThat(matches("severity>=ERROR", STDERR)).as("an export leaves DEFAULT out").isFalse();
        assertThat(matches("severity=DEFAULT", STDERR)).isTrue();
    }

    /** sample() keeps about the fraction asked for, the same entries every time, and more of them for a larger fraction. */
    @Test
    void sampleIsDeterministicAndKeepsAboutTheFraction() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            entries.add(entry(REQUEST.replace("\"req-1\"", "\"req-" + i + "\"")));
        }
        LoggingFilter five = LoggingFilter.parse("sample(insertId, 0.05)");
        LoggingFilter twenty = LoggingFilter.parse("sample(insertId, 0.2)");
        List<Integer> kept = IntStream.range(0, entries.size()).filter(i -> five.matches(entries.get(i))).boxed().toList();
        assertThat(kept.size()).isBetween(150, 250);
        assertThat(IntStream.range(0, entries.size()).filter(i -> five.matches(entries.get(i))).boxed().toList()).isEqualTo(kept);
        assertThat(kept).allMatch(i -> twenty.matches(entries.get(i)));
        assertThat(LoggingFilter.parse("sample(insertId, 0)").matches(entries.get(0))).isFalse();
        assertThat(LoggingFilter.parse("sample(insertId, 1)").matches(entries.get(0))).isTrue();
    }

    @Test
    void blankSelectsEverything() throws IOException {
        assertThat(matches("", STDERR)).isTrue();
        assertThat(matches(" \n ", REQUEST)).isTrue();
    }

    @Test
    void whatItDoesNotKnowIsRefused() {
        for (String bad : List.of("textPayload=~\"exit\"", "\"exit(3)\"", "textPayload:\"unterminated", "(resource.type=\"x\"",
                "resource.type=\"x\")", "search(\"exit\")", "sample(insertId, 2)", "textPayload:(\"a\" AND \"b\")", "severity>=LOUD",
                "resource.type", "a ! b")) {
            assertThatThrownBy(() -> LoggingFilter.parse(bad).matches(entry(REQUEST))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
