package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Attribution models: by hand on small paths, and against slow twins on random journeys. */
class AttributionTest {
    private static final double EPSILON = 1e-9;

    private static AttributionPaths bryl() {
        // The example of Anderl et al. and of Sergey Bryl's article on Markov attribution.
        AttributionPaths paths = new AttributionPaths(List.of("c1", "c2", "c3"));
        paths.add(new int[] {0, 1, 2}, 1, 100, 0);
        paths.add(new int[] {0}, 0, 0, 1);
        paths.add(new int[] {1, 2}, 0, 0, 1);
        return paths;
    }

    private static Map<String, Double> conversions(Attribution.Result result) {
        Map<String, Double> credits = new HashMap<>();
        result.channels().forEach(credit -> credits.put(credit.channel(), credit.conversions()));
        return credits;
    }

    @Test
    void markovRemovalEffectsOfTheTextbookExample() {
        Attribution.Result markov = Attribution.attribute(bryl(), Attribution.Model.MARKOV, null);
        // P(conversion) = 1/3; without c1 it is 1/6 (effect 0.5), without c2 or c3 it is 0 (effect 1).
        Map<String, Double> removal = new HashMap<>();
        markov.channels().forEach(credit -> removal.put(credit.channel(), credit.removalEffect()));
        assertThat(removal.get("c1")).isCloseTo(0.5, within(EPSILON));
        assertThat(removal.get("c2")).isCloseTo(1.0, within(EPSILON));
        assertThat(removal.get("c3")).isCloseTo(1.0, within(EPSILON));
        assertThat(conversions(markov).get("c1")).isCloseTo(0.2, within(EPSILON));
        assertThat(conversions(markov).get("c2")).isCloseTo(0.4, within(EPSILON));
        assertThat(markov.channels().stream().mapToDouble(Attribution.Credit::value).sum()).isCloseTo(100, within(EPSILON));
    }

    @Test
    void heuristicModelsShareEachConversionByPosition() {
        AttributionPaths paths = new AttributionPaths(List.of("a", "b", "c"));
        paths.add(new int[] {0, 1, 1, 2}, 2, 40, 3);
        paths.add(new int[] {2}, 1, 10, 0);
        assertThat(conversions(Attribution.attribute(paths, Attribution.Model.FIRST, null)))
                .containsEntry("a", 2.0).containsEntry("b", 0.0).containsEntry("c", 1.0);
        assertThat(conversions(Attribution.attribute(paths, Attribution.Model.LAST, null)))
                .containsEntry("a", 0.0).containsEntry("c", 3.0);
        assertThat(conversions(Attribution.attribute(paths, Attribution.Model.LINEAR, null)))
                .containsEntry("a", 0.5).containsEntry("b", 1.0).containsEntry("c", 1.5);
        Attribution.Result position = Attribution.attribute(paths, Attribution.Model.POSITION, null);
        assertThat(conversions(position)).containsEntry("a", 0.8).containsEntry("c", 1.8);
        assertThat(conversions(position).get("b")).isCloseTo(0.4, within(EPSILON));
        assertThat(position.value()).isEqualTo(50);
        assertThatThrownBy(() -> Attribution.attribute(paths, Attribution.Model.TIME_DECAY, null))
                .hasMessageContaining("time-decay");
    }

    @Test
    void shapleyGivesASoloChannelItsRateAndSplitsWhatChannelsDoTogether() {
        AttributionPaths paths = new AttributionPaths(List.of("a", "b"));
        paths.add(new int[] {0}, 1, 0, 9);
        paths.add(new int[] {1}, 0, 0, 10);
        paths.add(new int[] {0, 1}, 5, 0, 5);
        // v(a) = 0.1, v(b) = 0, v(ab) = 6 / 30 = 0.2: phi(a) = (0.1 + 0.2) / 2, phi(b) = (0 + 0.1) / 2.
        Map<String, Double> credits = conversions(Attribution.attribute(paths, Attribution.Model.SHAPLEY, null));
        assertThat(credits.get("a")).isCloseTo(6 * 0.15 / 0.2, within(EPSILON));
        assertThat(credits.get("b")).isCloseTo(6 * 0.05 / 0.2, within(EPSILON));
    }

    @Test
    void modelsNameTheirLimits() {
        List<String> many = new ArrayList<>();
        for (int c = 0; c <= Attribution.SHAPLEY_LIMIT; c++) {
            many.add("c" + c);
        }
        AttributionPaths paths = new AttributionPaths(many);
        int[] all = new int[many.size()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        paths.add(all, 1, 1, 1);
        // Channels that appear in no path do not count towards the limit.
        AttributionPaths few = new AttributionPaths(many);
        few.add(new int[] {0, 1}, 1, 1, 1);
        assertThat(Attribution.attribute(few, Attribution.Model.SHAPLEY, null).channels().get(0).conversions())
                .isCloseTo(0.5, within(EPSILON));
        assertThatThrownBy(() -> Attribution.attribute(paths, Attribution.Model.SHAPLEY, null))
                .hasMessageContaining("at most 20 channels");
        assertThatThrownBy(() -> Attribution.Model.of("u-shaped")).hasMessageContaining("position");
    }

    @Test
    void randomJourneysGiveWhatSlowTwinsCredit() {
        Random random = new Random(11);
        for (int round = 0; round < 40; round++) {
            RandomJourneys data = new RandomJourneys(random, random.nextInt(1_200), 2 + random.nextInt(8));
            int channels = 1 + random.nextInt(Math.min(6, data.stepCount - 1));
            List<String> channelNames = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                channelNames.add("ch" + c);
            }
            int[] channelOf = new int[data.stepCount];
            for (int s = 0; s < channelOf.length; s++) {
                channelOf[s] = random.nextInt(channels + 1) - 1;
            }
            BitSet conversion = new BitSet();
            conversion.set(random.nextInt(data.stepCount));
            if (random.nextBoolean()) {
                conversion.set(random.nextInt(data.stepCount));
            }
            long lookback = (1 + random.nextInt(30 * 24)) * 3_600_000L;
            long halfLife = (1 + random.nextInt(10 * 24)) * 3_600_000L;
            JourneyAttribution.Result fast = RandomJourneys.runner(random).run(data.steps,
                    JourneyAttribution.of(data.steps, channelOf, channelNames, conversion, lookback, halfLife));
            Slow slow = new Slow(data, channelOf, channels, conversion, lookback, halfLife);
            Attribution.Result chainOnly = RandomJourneys.runner(random).run(data.steps,
                    JourneyAttribution.of(data.steps, channelOf, channelNames, conversion, lookback, halfLife).markovOnly())
                    .attribute(Attribution.Model.MARKOV);
            assertThat(chainOnly.unattributedConversions()).isCloseTo(slow.unattributed, within(1e-6));
            double[][] markov = slow.credits(Attribution.Model.MARKOV);
            for (Attribution.Credit credit : chainOnly.channels()) {
                int c = channelNames.indexOf(credit.channel());
                assertThat(credit.conversions()).as("round %d, chain only, %s", round, credit.channel())
                        .isCloseTo(markov[0][c], within(1e-6));
                assertThat(credit.value()).isCloseTo(markov[1][c], within(1e-6 * Math.max(1, Math.abs(markov[1][c]))));
            }
            for (Attribution.Model model : Attribution.Model.values()) {
                Attribution.Result result = fast.attribute(model);
                double[][] expected = slow.credits(model);
                assertThat(result.conversions()).as("round %d", round).isCloseTo(slow.conversions, within(1e-6));
                assertThat(result.unattributedConversions()).isCloseTo(slow.unattributed, within(1e-6));
                for (Attribution.Credit credit : result.channels()) {
                    int c = channelNames.indexOf(credit.channel());
                    assertThat(credit.conversions()).as("round %d, %s, %s", round, model, credit.channel())
                            .isCloseTo(expected[0][c], within(1e-6));
                    assertThat(credit.value()).as("round %d, %s, %s value", round, model, credit.channel())
                            .isCloseTo(expected[1][c], within(1e-6 * Math.max(1, Math.abs(expected[1][c]))));
                }
            }
        }
    }

    /** Attribution the obvious way: paths as lists, models by their definitions, Markov by iteration. */
    private static final class Slow {
        record Touch(int channel, long time) {}

        record Path(List<Touch> touches, boolean converted, double value, long conversionTime) {}

        final List<Path> paths = new ArrayList<>();
        final int channels;
        final long halfLife;
        double conversions;
        double unattributed;

        Slow(RandomJourneys data, int[] channelOf, int channels, BitSet conversion, long lookback, long halfLife) {
            this.channels = channels;
            this.halfLife = halfLife;
            for (RandomJourneys.Plain journey : data.journeys) {
                List<Touch> touches = new ArrayList<>();
                for (RandomJourneys.Event event : journey.events()) {
                    if (conversion.get(event.step())) {
                        List<Touch> kept = touches.stream().filter(t -> event.time() - t.time() <= lookback).toList();
                        if (kept.isEmpty()) {
                            unattributed++;
                        } else {
                            paths.add(new Path(kept, true, event.value(), event.time()));
                            conversions++;
                        }
                        touches = new ArrayList<>();
                    } else if (channelOf[event.step()] >= 0) {
                        touches.add(new Touch(channelOf[event.step()], event.time()));
                    }
                }
                if (!touches.isEmpty()) {
                    paths.add(new Path(touches, false, 0, 0));
                }
            }
        }

        double[][] credits(Attribution.Model model) {
            double[][] credits = new double[2][channels];
            switch (model) {
                case MARKOV -> {
                    double[] base = markov(-1);
                    double[] effects = new double[channels];
                    double[] valueEffects = new double[channels];
                    for (int c = 0; c < channels; c++) {
                        double[] without = markov(c);
                        effects[c] = base[0] == 0 ? 0 : 1 - without[0] / base[0];
                        valueEffects[c] = base[1] == 0 ? 0 : 1 - without[1] / base[1];
                    }
                    spread(effects, conversions, credits[0]);
                    spread(valueEffects, paths.stream().mapToDouble(Path::value).sum(), credits[1]);
                }
                case SHAPLEY -> {
                    spread(shapley(false), conversions, credits[0]);
                    spread(shapley(true), paths.stream().mapToDouble(Path::value).sum(), credits[1]);
                }
                default -> {
                    for (Path path : paths) {
                        if (!path.converted()) {
                            continue;
                        }
                        int k = path.touches().size();
                        double[] weights = new double[k];
                        for (int i = 0; i < k; i++) {
                            weights[i] = switch (model) {
                                case FIRST -> i == 0 ? 1 : 0;
                                case LAST -> i == k - 1 ? 1 : 0;
                                case LINEAR -> 1.0 / k;
                                case POSITION -> k == 1 ? 1 : k == 2 ? 0.5 : (i == 0 || i == k - 1) ? 0.4 : 0.2 / (k - 2);
                                case TIME_DECAY -> Math.pow(0.5,
                                        (double) (path.conversionTime() - path.touches().get(i).time()) / halfLife);
                                default -> throw new IllegalStateException();
                            };
                        }
                        double sum = java.util.Arrays.stream(weights).sum();
                        for (int i = 0; i < k; i++) {
                            credits[0][path.touches().get(i).channel()] += weights[i] / sum;
                            credits[1][path.touches().get(i).channel()] += path.value() * weights[i] / sum;
                        }
                    }
                }
            }
            return credits;
        }

        private static void spread(double[] weights, double total, double[] into) {
            double sum = java.util.Arrays.stream(weights).sum();
            for (int c = 0; c < weights.length; c++) {
                into[c] = sum == 0 ? 0 : total * weights[c] / sum;
            }
        }

        /** Conversion probability and expected value from start, with {@code removed} leading to null, by iteration. */
        double[] markov(int removed) {
            // States: "start", channels by number, "conv", "null".
            Map<String, Map<String, Double>> counts = new HashMap<>();
            Map<String, double[]> earned = new HashMap<>();
            for (Path path : paths) {
                List<String> states = new ArrayList<>();
                states.add("start");
                for (Touch touch : path.touches()) {
                    String state = "c" + touch.channel();
                    if (!states.get(states.size() - 1).equals(state)) {
                        states.add(state);
                    }
                }
                states.add(path.converted() ? "conv" : "null");
                for (int i = 0; i + 1 < states.size(); i++) {
                    counts.computeIfAbsent(states.get(i), k -> new HashMap<>()).merge(states.get(i + 1), 1.0, Double::sum);
                }
                if (path.converted()) {
                    earned.computeIfAbsent(states.get(states.size() - 2), k -> new double[2])[0] += path.value();
                }
                earned.computeIfAbsent(states.get(states.size() - 2), k -> new double[2])[1] += 0;
            }
            Map<String, Double> probability = new HashMap<>();
            Map<String, Double> value = new HashMap<>();
            for (int iteration = 0; iteration < 20_000; iteration++) {
                Map<String, Double> nextProbability = new HashMap<>();
                Map<String, Double> nextValue = new HashMap<>();
                for (Map.Entry<String, Map<String, Double>> row : counts.entrySet()) {
                    String from = row.getKey();
                    if (from.equals("c" + removed)) {
                        continue;
                    }
                    double total = row.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
                    double p = 0;
                    double v = 0;
                    for (Map.Entry<String, Double> to : row.getValue().entrySet()) {
                        double share = to.getValue() / total;
                        if (to.getKey().equals("conv")) {
                            p += share;
                            v += earned.get(from)[0] / total;
                        } else if (!to.getKey().equals("null") && !to.getKey().equals("c" + removed)) {
                            p += share * probability.getOrDefault(to.getKey(), 0.0);
                            v += share * value.getOrDefault(to.getKey(), 0.0);
                        }
                    }
                    nextProbability.put(from, p);
                    nextValue.put(from, v);
                }
                probability = nextProbability;
                value = nextValue;
            }
            return new double[] {probability.getOrDefault("start", 0.0), value.getOrDefault("start", 0.0)};
        }

        double[] shapley(boolean ofValue) {
            int n = channels;
            double[] phi = new double[n];
            for (int c = 0; c < n; c++) {
                for (int set = 0; set < (1 << n); set++) {
                    if ((set & (1 << c)) != 0) {
                        continue;
                    }
                    int size = Integer.bitCount(set);
                    double weight = factorial(size) * factorial(n - size - 1) / factorial(n);
                    phi[c] += weight * (worth(set | (1 << c), ofValue) - worth(set, ofValue));
                }
            }
            return phi;
        }

        private double worth(int set, boolean ofValue) {
            double total = 0;
            double won = 0;
            for (Path path : paths) {
                Set<Integer> used = new HashSet<>();
                path.touches().forEach(t -> used.add(t.channel()));
                if (used.stream().allMatch(c -> (set & (1 << c)) != 0)) {
                    total++;
                    won += path.converted() ? (ofValue ? path.value() : 1) : 0;
                }
            }
            return total == 0 ? 0 : won / total;
        }

        private static double factorial(int k) {
            double f = 1;
            for (int i = 2; i <= k; i++) {
                f *= i;
            }
            return f;
        }
    }

    @Test
    void creditsAreSortedLargestFirst() {
        Attribution.Result linear = Attribution.attribute(bryl(), Attribution.Model.LINEAR, null);
        assertThat(linear.channels()).isSortedAccordingTo(
                Comparator.comparingDouble(Attribution.Credit::conversions).reversed());
    }
}
