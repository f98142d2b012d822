package io.parcours.bench;

import io.parcours.analytics.JourneyIndex;
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
 * Building the in-memory journey index from events in arrival order (the in-memory part of a
 * rebuild at start): customers with skewed activity (a few very active), most events in time order
 * and one in ten late. Run with {@code java -cp parcours-cli/target/parcours.jar org.openjdk.jmh.Main
 * JourneyIndexBenchmark}; divide the events by the time per build for events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
public class JourneyIndexBenchmark {
    @Param({"1000000"})
    int events;

    private String[] customers;
    private long[] times;
    private String[] activities;

    @Setup
    public void setUp() {
        Random random = new Random(5);
        int customerCount = events / 10;
        String[] names = new String[customerCount];
        for (int c = 0; c < customerCount; c++) {
            names[c] = "customer-" + c;
        }
        String[] activityNames = {"Home", "Product Viewed", "Cart Viewed", "Checkout Started", "Order Completed",
            "Store Visited", "Email Opened", "Hotline Called"};
        customers = new String[events];
        times = new long[events];
        activities = new String[events];
        long clock = 1_700_000_000_000L;
        for (int i = 0; i < events; i++) {
            double skew = Math.pow(random.nextDouble(), 3);
            customers[i] = names[(int) (skew * customerCount)];
            clock += random.nextInt(50);
            times[i] = random.nextInt(10) == 0 ? clock - random.nextInt(3_600_000) : clock;
            activities[i] = activityNames[random.nextInt(activityNames.length)];
        }
        JourneyIndex index = build();
        if (index.eventCount() != events || index.bytesPerEvent() > 16) {
            throw new IllegalStateException("the index does not hold every event within 16 bytes each");
        }
    }

    @Benchmark
    public JourneyIndex build() {
        JourneyIndex.Builder builder = JourneyIndex.builder();
        for (int i = 0; i < events; i++) {
            builder.add(customers[i], times[i], activities[i]);
        }
        return builder.build();
    }
}
