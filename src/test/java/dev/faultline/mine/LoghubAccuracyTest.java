package dev.faultline.mine;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the template mining at least as good on Loghub-2k as measured (bench/RESULTS.md), with the
 * one default configuration. Skipped with the reason printed when {@code ../shared/loghub-2k} is absent.
 */
class LoghubAccuracyTest {

    /** The mean grouping accuracy measured when the miner was written (0.9680), less rounding. */
    static final double MEASURED_MEAN = 0.9675;

    @Test
    void meanGroupingAccuracyOverTheElevenSystemsDoesNotFall() throws Exception {
        Optional<Path> dir = LoghubBench.dataDir();
        if (dir.isEmpty()) {
            System.out.println("LoghubAccuracyTest skipped: ../shared/loghub-2k is not next to this checkout");
        }
        Assumptions.assumeTrue(dir.isPresent(), "../shared/loghub-2k is absent");
        double sum = 0;
        StringBuilder table = new StringBuilder();
        for (String system : LoghubBench.SYSTEMS) {
            LoghubBench.Score s = LoghubBench.score(LoghubBench.load(dir.get(), system));
            assertThat(s.lines()).as(system).isEqualTo(2000);
            table.append(String.format("%s %.3f%n", system, s.groupingAccuracy()));
            sum += s.groupingAccuracy();
        }
        double mean = sum / LoghubBench.SYSTEMS.size();
        assertThat(mean).as("mean grouping accuracy%n%s", table).isGreaterThanOrEqualTo(MEASURED_MEAN);
    }
}
