package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the Spark runner relies on: every analysis, and every partial result, survives Java
 * serialization, and the answer does not depend on the order journeys are added in nor on how
 * they are split into partial results, down to the last bit of every sum of money.
 */
class OrderFreeTest {
    @Test
    void fixedPointSumsGiveTheSameSumInAnyOrder() {
        Random random = new Random(17);
        List<Double> values = new ArrayList<>();
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextInt(100_000) / 100.0;
                case 1 -> -random.nextDouble() * 1e6;
                case 2 -> random.nextDouble() * 1e-9;
                default -> random.nextDouble();
            };
            values.add(value);
            exact = exact.add(new BigDecimal(value));
        }
        double first = sum(values);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(values, random);
            assertThat(sum(values)).isEqualTo(first);
            FixedPointSums left = new FixedPointSums(1);
            FixedPointSums right = new FixedPointSums(1);
            int cut = random.nextInt(values.size());
            values.subList(0, cut).forEach(v -> left.add(0, v));
            values.subList(cut, values.size()).forEach(v -> right.add(0, v));
            right.addAll(left);
            assertThat(right.get(0)).as("merged halves").isEqualTo(first);
        }
        assertThat(first).isCloseTo(exact.doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
        FixedPointSums money = new FixedPointSums(1);
        for (int i = 0; i < 10; i++) {
            money.add(0, 0.1);
        }
        assertThat(money.get(0)).as("ten times 0.1").isEqualTo(1.0);
    }

    private static double sum(List<Double> values) {
        FixedPointSums sums = new FixedPointSums(1);
        values.forEach(v -> sums.add(0, v));
        return sums.get(0);
    }

    @Test
    void everyAnalysisGivesTheSameAnswerInAnyOrderAndAfterSerialization() throws Exception {
        Random random = new Random(23);
        for (int round = 0; round < 12; round++) {
            RandomJourneys data = new RandomJourneys(random, 200 + random.nextInt(800), 3 + random.nextInt(6));
            List<String> names = data.stepNames();
            int steps = names.size();
            BitSet conversion = new BitSet();
            conversion.set(steps - 1);
            BitSet intent = new BitSet();
            intent.set(0);
            int[] groupOfStep = new int[steps];
            for (int s = 0; s < steps; s++) {
                groupOfStep[s] = s % 3;
            }
            List<String> groups = List.of("web", "store", "email");
            int[] stageOf = new int[steps];
            for (int s = 0; s < steps; s++) {
                stageOf[s] = s * 3 / steps;
            }
            List<String> stages = List.of("discover", "buy", "keep");
            long day = 86_400_000L;
            check(data, random, Funnel.of(names, stageOf, stages, 30 * day, false)
                    .breakdown(Breakdown.byFirstStep(groupOfStep, groups), 2), r -> r);
            check(data, random, Paths.of(names, new Paths.Options(-1, -1, 6 * 3_600_000L, true, 4, 3)), r -> r);
            check(data, random, ProcessView.of(names, 2).topVariants(10), r -> r);
            check(data, random, Conformance.of(names, steps - 1, stageOf, stages), r -> r);
            check(data, random, KeyTouchpoints.of(names, conversion), r -> r);
            check(data, random, Abandonment.of(names, intent, conversion, 5 * day, Long.MAX_VALUE / 2, 7), r -> r);
            JourneyAttribution attribution = JourneyAttribution.of(names, groupOfStep, groups, conversion, 20 * day, 3 * day);
            for (Attribution.Model model : Attribution.Model.values()) {
                check(data, random, attribution, r -> r.attribute(model));
            }
            check(data, random, attribution.markovOnly(), r -> r.attribute(Attribution.Model.MARKOV));
        }
    }

    /** The runner's answer equals that of journeys added in a random order into serialized partials merged in a random order. */
    private static <P, R> void check(RandomJourneys data, Random random, JourneyAnalysis<P, R> analysis,
            Function<R, Object> answer) throws Exception {
        Object expected = answer.apply(JourneyRunner.withWorkers(1).run(data.steps, analysis));
        JourneyAnalysis<P, R> shipped = roundTrip(analysis);
        List<Integer> customers = new ArrayList<>();
        for (int c = 0; c < data.index.customerCount(); c++) {
            customers.add(c);
        }
        Collections.shuffle(customers, random);
        int parts = 1 + random.nextInt(5);
        List<P> partials = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partials.add(shipped.start());
        }
        JourneySteps.View view = data.steps.view();
        for (int customer : customers) {
            if (view.select(customer)) {
                shipped.add(partials.get(random.nextInt(parts)), view);
            }
        }
        List<P> received = new ArrayList<>();
        for (P partial : partials) {
            received.add(roundTrip(partial));
        }
        Collections.shuffle(received, random);
        P merged = received.get(0);
        for (P partial : received.subList(1, received.size())) {
            merged = analysis.merge(merged, partial);
        }
        assertThat(answer.apply(analysis.finish(merged))).as(analysis.getClass().getSimpleName())
                .usingRecursiveComparison().isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
