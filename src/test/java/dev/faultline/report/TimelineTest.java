package dev.faultline.report;

import dev.faultline.Triage;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.incident.Verdict;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The piecewise axis: the failing windows get the room, long healthy stretches a bounded share each. */
class TimelineTest {

    private static final Path SAMPLES = Path.of(System.getProperty("faultline.home", ".")).resolve("samples");

    @Test
    void portSeedFailureGetsMostOfTheAxisAndTheHealthyHoursAreCompressed() throws Exception {
        Timeline.Scale scale = seed("netra-staging-2025-09-08-port-timeout.json").scale();
        assertFailuresAreWidest(scale);
        // one failure (hits 02:53:07-02:53:08) with 15 s of margin each side; the 5 h 40 min before are one break
        assertThat(scale.windows()).singleElement().satisfies(w -> {
            assertThat(w.from()).isEqualTo(Instant.parse("2025-09-08T02:52:52.108344Z"));
            assertThat(w.share()).isGreaterThan(0.8);
        });
        // so the one second of failure gets more than 2 % of the axis (about 15 px of a 730 px plot)
        assertThat(scale.at(Instant.parse("2025-09-08T02:53:08.108344Z")) - scale.at(Instant.parse("2025-09-08T02:53:07.108344Z")))
                .isGreaterThan(0.02);
        Timeline.Scale.Segment before = scale.segments().get(0);
        assertThat(before.focus()).isFalse();
        assertThat(before.length()).isGreaterThan(Duration.ofHours(5));
        assertThat(before.share()).isLessThanOrEqualTo(Timeline.Scale.BREAK_SHARE);
    }

    @Test
    void dbSeedEachFailingWindowIsWiderThanAnyBreak() throws Exception {
        Timeline timeline = seed("netra-staging-2025-09-15-db-timeout.json");
        Timeline.Scale scale = timeline.scale();
        assertFailuresAreWidest(scale);
        // five failing revisions; 00709 and 00711 failed a minute apart, so they share a window
        assertThat(scale.windows()).hasSize(4);
        for (Timeline.Row row : timeline.rows()) {
            if (row.verdict() != Verdict.HEALTHY) {
                for (Timeline.Bar bar : row.bars()) {
                    assertThat(scale.windows()).as(bar.signature() + " on " + row.revision())
                            .anySatisfy(w -> assertThat(bar.from()).isBetween(w.from(), w.until()))
                            .anySatisfy(w -> assertThat(bar.until()).isBetween(w.from(), w.until()));
                }
            }
        }
    }

    @Test
    void sixHealthyHoursAndTwoFailingMinutes() {
        Instant t0 = Instant.parse("2025-10-01T00:00:00Z");
        Instant fail = t0.plus(Duration.ofHours(6));
        Timeline timeline = timeline(
                new Timeline.Row("svc-00001-aaa", "00001-aaa", Verdict.HEALTHY, "HEALTHY", t0, fail.plusSeconds(300), 900, List.of()),
                new Timeline.Row("svc-00002-bbb", "00002-bbb", Verdict.NEW, "NEW", fail.minusSeconds(30), fail.plusSeconds(120), 40,
                        List.of(new Timeline.Bar("cloudrun.container-exit", "symptom", 4, fail, fail.plusSeconds(120)))));
        Timeline.Scale scale = timeline.scale();
        assertFailuresAreWidest(scale);
        assertThat(scale.windows()).singleElement().satisfies(w -> assertThat(w.share()).isGreaterThan(0.9));
        // the window (15 s of margin, and the last 3 quiet minutes taken in) is about 5 minutes: the two failing
        // minutes get 40 % of it, over 35 % of the axis; drawn linearly they would get 0.6 %
        assertThat(scale.at(fail.plusSeconds(120)) - scale.at(fail)).isGreaterThan(0.35);
        assertThat(scale.at(t0)).isEqualTo(0.0);
        assertThat(scale.at(fail.plusSeconds(300))).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void withoutFailureTheBurstsOfActivityAreTheWindows() {
        Instant t0 = Instant.parse("2025-10-01T00:00:00Z");
        Timeline timeline = timeline(
                new Timeline.Row("a", "a", Verdict.HEALTHY, "HEALTHY", t0, t0.plusSeconds(600), 10, List.of()),
                new Timeline.Row("b", "b", Verdict.HEALTHY, "HEALTHY", t0.plus(Duration.ofDays(2)), t0.plus(Duration.ofDays(2)).plusSeconds(900), 10, List.of()));
        Timeline.Scale scale = timeline.scale();
        assertThat(scale.segments()).extracting(Timeline.Scale.Segment::focus).containsExactly(true, false, true);
        assertFailuresAreWidest(scale);
    }

    /** The map is monotonic and covers 0 to 1, and the narrowest window is wider than the widest break. */
    private static void assertFailuresAreWidest(Timeline.Scale scale) {
        List<Timeline.Scale.Segment> segments = scale.segments();
        assertThat(segments.get(0).start()).isEqualTo(0.0);
        double end = 0;
        for (Timeline.Scale.Segment s : segments) {
            assertThat(s.start()).isCloseTo(end, within(1e-9));
            end = s.start() + s.share();
        }
        assertThat(end).isCloseTo(1.0, within(1e-9));
        Timeline.Scale.Segment widest = segments.stream().max(Comparator.comparingDouble(Timeline.Scale.Segment::share)).orElseThrow();
        assertThat(widest.focus()).as("the widest segment is a failing window").isTrue();
        double narrowestWindow = scale.windows().stream().mapToDouble(Timeline.Scale.Segment::share).min().orElseThrow();
        double widestBreak = segments.stream().filter(s -> !s.focus()).mapToDouble(Timeline.Scale.Segment::share).max().orElse(0);
        assertThat(narrowestWindow).isGreaterThanOrEqualTo(2 * widestBreak);
        assertThat(scale.windows().stream().mapToDouble(Timeline.Scale.Segment::share).sum()).isGreaterThanOrEqualTo(1 - Timeline.Scale.BREAKS_TOTAL);
    }

    private static Timeline timeline(Timeline.Row... rows) {
        List<Timeline.Row> list = List.of(rows);
        return new Timeline(list.stream().map(Timeline.Row::from).min(Comparator.naturalOrder()).orElseThrow(),
                list.stream().map(Timeline.Row::until).max(Comparator.naturalOrder()).orElseThrow(), list);
    }

    private static Timeline seed(String name) throws Exception {
        var result = new Triage(CatalogLoader.loadBundled(), 3).run(new ExportSource(List.of(SAMPLES.resolve(name).toString())), p -> { });
        return Timeline.of(result);
    }
}
