package io.parcours.analytics.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parcours.model.KpiTarget;
import io.parcours.model.Metric;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The KPIs and their intervals against values published or worked by hand from the definitions. */
class KpiStatisticsTest {
    @Test
    void wilsonIntervalsMatchNewcombesTable() {
        // Newcombe, "Two-sided confidence intervals for the single proportion", Stat. Med. 1998, Table II, method 3
        assertInterval(KpiStatistics.wilson(81, 263, KpiStatistics.Z95), 0.2553, 0.3662);
        assertInterval(KpiStatistics.wilson(15, 148, KpiStatistics.Z95), 0.0624, 0.1605);
        assertInterval(KpiStatistics.wilson(0, 20, KpiStatistics.Z95), 0.0000, 0.1611);
        assertInterval(KpiStatistics.wilson(1, 29, KpiStatistics.Z95), 0.0061, 0.1718);
    }

    @Test
    void csatIsTheShareOfFoursAndFivesWithItsWilsonInterval() {
        ScoreCounts counts = new ScoreCounts().add(5, 50).add(4, 31).add(3, 100).add(2, 62).add(1, 20);
        Estimate csat = KpiStatistics.csat(counts);
        assertThat(csat.value()).isCloseTo(100.0 * 81 / 263, within(1e-9));
        assertThat(csat.low()).isCloseTo(25.53, within(0.005));
        assertThat(csat.high()).isCloseTo(36.62, within(0.005));
    }

    @Test
    void unanimousAnswersKeepTheirValueInsideTheInterval() {
        for (int n = 1; n <= 200; n++) {
            Estimate allSatisfied = KpiStatistics.csat(new ScoreCounts().add(5, n));
            assertThat(allSatisfied.value()).isEqualTo(100);
            assertThat(allSatisfied.high()).isEqualTo(100);
            Estimate noneSatisfied = KpiStatistics.csat(new ScoreCounts().add(1, n));
            assertThat(noneSatisfied.low()).isEqualTo(0);
            assertThat(KpiStatistics.rate(n, n).high()).isEqualTo(100);
        }
        // Wilson for 10 of 10: 0.7225 to 1
        assertThat(KpiStatistics.csat(new ScoreCounts().add(5, 10)).low()).isCloseTo(72.25, within(0.01));
    }

    @Test
    void npsVarianceAndIntervalFollowTheTrinomialModel() {
        // 50 promoters, 30 passives, 20 detractors: NPS 30, variance 0.5 + 0.2 - 0.3² = 0.61 per answer
        ScoreCounts counts = new ScoreCounts().add(10, 20).add(9, 30).add(8, 20).add(7, 10).add(6, 5).add(0, 15);
        assertThat(KpiStatistics.npsVariance(counts)).isCloseTo(0.61, within(1e-12));
        Estimate nps = KpiStatistics.nps(counts);
        assertThat(nps.value()).isCloseTo(30, within(1e-9));
        assertThat(nps.standardError()).isCloseTo(100 * Math.sqrt(0.61 / 100), within(1e-9));
        assertThat(nps.standardError()).isCloseTo(7.8102, within(1e-4));
        assertThat(nps.low()).isCloseTo(30 - 1.959964 * 7.8102, within(1e-3));
        assertThat(nps.high()).isCloseTo(30 + 1.959964 * 7.8102, within(1e-3));
    }

    @Test
    void npsIntervalStaysWithinItsScale() {
        Estimate allPromoters = KpiStatistics.nps(new ScoreCounts().add(10, 3));
        assertThat(allPromoters.value()).isEqualTo(100);
        assertThat(allPromoters.high()).isEqualTo(100);
        Estimate mostlyDetractors = KpiStatistics.nps(new ScoreCounts().add(0, 3).add(9, 1));
        assertThat(mostlyDetractors.low()).isEqualTo(-100);
    }

    @Test
    void cesIsTheMeanWithStudentsInterval() {
        // 3, 4, 5, 6, 7, 5: mean 5, sample variance 2, t(0.975; 5) = 2.5706 (tables)
        ScoreCounts counts = ScoreCounts.of(3, 4, 5, 6, 7, 5);
        Estimate ces = KpiStatistics.ces(counts);
        assertThat(ces.value()).isCloseTo(5, within(1e-12));
        assertThat(ces.standardError()).isCloseTo(Math.sqrt(2.0 / 6), within(1e-12));
        assertThat(ces.high() - ces.value()).isCloseTo(2.5706 * Math.sqrt(2.0 / 6), within(1e-3));
    }

    @Test
    void belowTheMinimumThereIsNoEstimate() {
        ScoreCounts counts = new ScoreCounts().add(9, 29);
        assertThat(KpiStatistics.estimate(Metric.NPS, counts, 30)).isEmpty();
        assertThat(KpiStatistics.estimate(Metric.NPS, counts.add(3), 30)).isPresent();
        assertThat(KpiStatistics.estimate(Metric.CES, ScoreCounts.of(5), 1)).as("a t interval needs two answers").isEmpty();
    }

    @Test
    void statusComparesTheIntervalWithTheTarget() {
        Optional<KpiTarget> npsAtLeast30 = Optional.of(new KpiTarget(Metric.NPS, 30));
        assertThat(KpiStatus.of(Optional.of(new Estimate(10, 5, 0, 20)), npsAtLeast30)).isEqualTo(KpiStatus.RED);
        assertThat(KpiStatus.of(Optional.of(new Estimate(28, 5, 18, 38)), npsAtLeast30)).isEqualTo(KpiStatus.AMBER);
        assertThat(KpiStatus.of(Optional.of(new Estimate(45, 5, 35, 55)), npsAtLeast30)).isEqualTo(KpiStatus.GREEN);
        assertThat(KpiStatus.of(Optional.of(new Estimate(40, 5, 30, 50)), npsAtLeast30))
                .as("an interval that starts at the target meets it").isEqualTo(KpiStatus.GREEN);
        assertThat(KpiStatus.of(Optional.empty(), npsAtLeast30)).isEqualTo(KpiStatus.GREY);
        assertThat(KpiStatus.of(Optional.of(new Estimate(10, 5, 0, 20)), Optional.empty())).isEqualTo(KpiStatus.NONE);
        Optional<KpiTarget> dropOffAtMost40 = Optional.of(new KpiTarget(Metric.DROP_OFF, 40));
        assertThat(KpiStatus.of(Optional.of(new Estimate(55, 3, 49, 61)), dropOffAtMost40)).isEqualTo(KpiStatus.RED);
        assertThat(KpiStatus.of(Optional.of(new Estimate(30, 3, 24, 36)), dropOffAtMost40)).isEqualTo(KpiStatus.GREEN);
        assertThat(KpiStatus.of(Optional.of(new Estimate(38, 3, 32, 44)), dropOffAtMost40)).isEqualTo(KpiStatus.AMBER);
    }

    private static void assertInterval(double[] interval, double low, double high) {
        assertThat(interval[0]).isCloseTo(low, within(0.00005));
        assertThat(interval[1]).isCloseTo(high, within(0.00005));
    }
}
