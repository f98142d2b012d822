package io.parcours.analytics.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.hipparchus.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The group tests against published values, and Welch's test against Hipparchus's own on raw data. */
class GroupTestsTest {
    @Test
    void twoProportionsMatchNewcombesExample() {
        // Newcombe, "Interval estimation for the difference between independent proportions", Stat. Med. 1998:
        // 56/70 against 48/80, difference 0.2, simple asymptotic (Wald) interval 0.0575 to 0.3425
        Difference difference = GroupTests.twoProportions(48, 80, 56, 70);
        assertThat(difference.estimate()).isCloseTo(20, within(1e-9));
        assertThat(difference.low()).isCloseTo(5.75, within(0.005));
        assertThat(difference.high()).isCloseTo(34.25, within(0.005));
        // pooled share 104/150: z = 0.2 / sqrt(0.6933 * 0.3067 * (1/70 + 1/80)) = 2.650, chi-square 7.02 on 1 df
        assertThat(difference.statistic()).isCloseTo(2.650, within(0.001));
        assertThat(difference.statistic() * difference.statistic()).isCloseTo(7.02, within(0.01));
        assertThat(difference.pValue()).isCloseTo(0.00805, within(0.0001));
        assertThat(difference.significant()).isTrue();
    }

    @Test
    void equalGroupsAreNotDifferent() {
        Difference difference = GroupTests.twoProportions(30, 100, 30, 100);
        assertThat(difference.estimate()).isZero();
        assertThat(difference.pValue()).isCloseTo(1, within(1e-12));
        assertThat(difference.significant()).isFalse();
    }

    @Test
    void welchMatchesHipparchusOnRawAnswers() {
        Random random = new Random(5);
        for (int round = 0; round < 50; round++) {
            int nA = 2 + random.nextInt(60);
            int nB = 2 + random.nextInt(60);
            ScoreCounts a = new ScoreCounts();
            ScoreCounts b = new ScoreCounts();
            double[] rawA = new double[nA];
            double[] rawB = new double[nB];
            for (int i = 0; i < nA; i++) {
                int score = 1 + random.nextInt(7);
                a.add(score);
                rawA[i] = score;
            }
            for (int i = 0; i < nB; i++) {
                int score = 1 + Math.min(6, random.nextInt(7) + random.nextInt(2));
                b.add(score);
                rawB[i] = score;
            }
            if (a.variance() == 0 && b.variance() == 0) {
                continue;
            }
            Difference difference = GroupTests.means(a, b);
            TTest reference = new TTest();
            assertThat(difference.statistic()).as("round %d", round).isCloseTo(reference.t(rawB, rawA), within(1e-9));
            assertThat(difference.pValue()).as("round %d", round).isCloseTo(reference.tTest(rawB, rawA), within(1e-9));
        }
    }

    @Test
    void npsDifferenceAddsTheVariances() {
        ScoreCounts a = new ScoreCounts().add(10, 40).add(7, 30).add(3, 30);
        ScoreCounts b = new ScoreCounts().add(10, 55).add(7, 30).add(3, 15);
        Difference difference = GroupTests.nps(a, b);
        assertThat(difference.estimate()).isCloseTo(30, within(1e-9));
        double errorA = 100 * Math.sqrt((0.4 + 0.3 - 0.01) / 100);
        double errorB = 100 * Math.sqrt((0.55 + 0.15 - 0.16) / 100);
        assertThat(difference.standardError()).isCloseTo(Math.sqrt(errorA * errorA + errorB * errorB), within(1e-9));
        assertThat(difference.significant()).isTrue();
    }

    @Test
    void sampleSizesFollowFleiss() {
        // 10 % against 15 %, two-sided 5 %, power 80 %: 686 per group (Fleiss 4.14 without continuity correction)
        assertThat(GroupTests.sampleSizeProportions(0.10, 0.15)).isEqualTo(686);
        assertThat(GroupTests.sampleSizeProportions(0.15, 0.10)).isEqualTo(686);
        // a mean with standard deviation 1, an effect of half a point: 2 * 7.849 / 0.25 = 62.8 -> 63 per group
        assertThat(GroupTests.sampleSizeMeans(1.0, 0.5)).isEqualTo(63);
    }
}
