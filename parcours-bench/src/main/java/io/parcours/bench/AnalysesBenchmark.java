package io.parcours.bench;

import io.parcours.analytics.Attribution;
import io.parcours.analytics.Funnel;
import io.parcours.analytics.JourneyAttribution;
import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.JourneyRunner;
import io.parcours.analytics.JourneySteps;
import io.parcours.analytics.Paths;
import io.parcours.analytics.ProcessView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inner loops of the analyses, on one core: a million events of 100,000 customers over 20
 * steps in 5 stages (popularity skewed, later stages rarer), each analysis over every journey.
 * Run with {@code java -cp parcours-cli/target/parcours.jar org.openjdk.jmh.Main AnalysesBenchmark};
 * divide the events by the time per run for events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class AnalysesBenchmark {
    private static final int STEPS = 20;

    @Param({"1000000"})
    int events;

    private JourneySteps steps;
    private final JourneyRunner oneCore = JourneyRunner.withWorkers(1);
    private ProcessView processView;
    private Funnel funnel;
    private Paths paths;
    private JourneyAttribution attribution;

    @Setup
    public void setUp() {
        Random random = new Random(9);
        int customers = events / 10;
        JourneyIndex.Builder builder = JourneyIndex.builder();
        long[] clocks = new long[customers];
        for (int i = 0; i < events; i++) {
            int customer = random.nextInt(customers);
            clocks[customer] += 60_000L * (1 + random.nextInt(600));
            int step = (int) Math.min(STEPS - 1, Math.floor(Math.pow(random.nextDouble(), 2) * STEPS));
            builder.add("c" + customer, 1_700_000_000_000L + clocks[customer], "s" + step);
        }
        JourneyIndex index = builder.build();
        steps = JourneySteps.activities(index);
        int[] stageOf = new int[steps.stepCount()];
        int[] channelOf = new int[steps.stepCount()];
        List<String> channels = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            channels.add("channel " + c);
        }
        BitSet conversion = new BitSet();
        for (int s = 0; s < stageOf.length; s++) {
            int number = Integer.parseInt(index.activityName(s).substring(1));
            stageOf[s] = number / 4;
            channelOf[s] = number % 8;
            if (number == STEPS - 1) {
                conversion.set(s);
            }
        }
        processView = ProcessView.of(steps, 1).topVariants(100);
        funnel = Funnel.of(steps, stageOf, List.of("a", "b", "c", "d", "e"), Funnel.DEFAULT_WINDOW_MILLIS, false);
        paths = Paths.of(steps, Paths.Options.defaults());
        attribution = JourneyAttribution.of(steps, channelOf, channels, conversion,
                JourneyAttribution.DEFAULT_LOOKBACK_MILLIS, JourneyAttribution.DEFAULT_HALF_LIFE_MILLIS);
    }

    @Benchmark
    public ProcessView.Result processView() {
        return oneCore.run(steps, processView);
    }

    @Benchmark
    public Funnel.Result funnel() {
        return oneCore.run(steps, funnel);
    }

    @Benchmark
    public Paths.Result paths() {
        return oneCore.run(steps, paths);
    }

    /** Markov attribution as the API runs it: only the chain's transitions counted. */
    @Benchmark
    public Attribution.Result markov() {
        return oneCore.run(steps, attribution.markovOnly()).attribute(Attribution.Model.MARKOV);
    }

    /** Attribution keeping every distinct channel path (what the other models need), then linear. */
    @Benchmark
    public Attribution.Result linearFromPaths() {
        return oneCore.run(steps, attribution).attribute(Attribution.Model.LINEAR);
    }
}
