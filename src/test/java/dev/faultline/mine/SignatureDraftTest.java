package dev.faultline.mine;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureDraftTest {

    private static Template template(String text, String... lines) {
        List<Example> examples = java.util.Arrays.stream(lines)
                .map(l -> new Example(Instant.EPOCH, "svc", "svc-00001-abc", "i", "id", "run.googleapis.com/stderr", "ERROR", l, l))
                .toList();
        return new Template(Templates.id(null, text), text, null, ErrorShape.Kind.LEVEL, lines.length, List.of("svc-00001-abc"), 1, 1,
                Instant.EPOCH, Instant.EPOCH, examples);
    }

    @Test
    void fixedTextIsEscapedAndEachValueIsANamedGroup() throws Exception {
        SignatureDraft.Regex r = SignatureDraft.regex("connect to (<IP>:<NUM>) failed after <DUR> [code=<*>]",
                List.of("connect to (10.0.0.5:5432) failed after 2.5s [code=ECONNREFUSED]"));
        assertThat(r.regex()).isEqualTo("connect to \\((?P<ip>[0-9a-fA-F:.]+):(?P<num>[-+]?\\d[\\w.]*)\\) failed after "
                + "(?P<duration>\\d[\\d.]*[a-zµ]+) \\[code=(?P<value>\\S+?)\\]");
        assertThat(r.extract()).containsExactly("ip", "duration");
        assertThat(Pattern.compile(r.regex()).matcher("x connect to (10.1.2.3:6432) failed after 30ms [code=E] y").find()).isTrue();
    }

    @Test
    void unevenSpacingFallsBackToWhitespaceRuns() throws Exception {
        SignatureDraft.Regex r = SignatureDraft.regex("ERROR: Exception in ASGI application", List.of("ERROR:    Exception in ASGI application"));
        assertThat(r.regex()).isEqualTo("ERROR:\\s+Exception\\s+in\\s+ASGI\\s+application");
    }

    @Test
    void idsComeFromTheExceptionNameOrTheFirstWords() {
        assertThat(SignatureDraft.suggestId(template("json.decoder.JSONDecodeError: Expecting value: line <NUM>")))
                .isEqualTo("draft.json-decode-error");
        assertThat(SignatureDraft.suggestId(template("Failed to load recommendations for product <NUM>")))
                .isEqualTo("draft.failed-to-load-recommendations-for");
    }

    @Test
    void aTemplateSeenOnceGetsAVariedSecondExampleAndSaysSo() throws Exception {
        Template once = template("Payment webhook <NUM> rejected: signature mismatch", "Payment webhook 1042 rejected: signature mismatch");
        Template other = template("Payment webhook <NUM> accepted", "Payment webhook 1043 accepted");
        Template third = template("Refund <NUM> queued", "Refund 77 queued");
        SignatureDraft d = SignatureDraft.of(once, List.of(once, other, third), List.of(), null, "test");
        assertThat(d.match()).containsExactly("Payment webhook 1042 rejected: signature mismatch", "Payment webhook 7148 rejected: signature mismatch");
        assertThat(d.notes()).singleElement().asString().contains("values changed");
        assertThat(d.noMatch()).containsExactly("Payment webhook 1043 accepted", "Refund 77 queued");
        assertThat(d.toYaml()).contains("# NOTE: only one event was seen").contains("status: experimental");
    }

    @Test
    void withoutEnoughNearMissesThereIsNoDraft() {
        Template alone = template("Payment webhook <NUM> rejected", "Payment webhook 1 rejected", "Payment webhook 2 rejected");
        assertThatThrownBy(() -> SignatureDraft.of(alone, List.of(alone), List.of(), null, "test"))
                .isInstanceOf(SignatureDraft.DraftException.class).hasMessageContaining("nearby lines");
    }

    @Test
    void yamlQuotesSingleQuotesAndKeepsMultiLineExamplesAsBlocks() {
        assertThat(SignatureDraft.quote("KeyError: 'X'")).isEqualTo("'KeyError: ''X'''");
    }
}
