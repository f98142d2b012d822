package io.parcours.bench;

import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.LiveJourneys;
import io.parcours.model.StringDictionary;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A read of the live journeys while events arrive, as a dashboard page or an API call does under
 * load: {@code held} events of {@code customers} customers are in the index; before each read,
 * {@code arrivals} more arrive (in time order, each from a random customer, as under the soak's
 * 57,000 events/s with two reads a second), and the read folds them in. One read per iteration, so
 * that the index grows by only a few percent over the run. Run with {@code java -cp
 * parcours-cli/target/parcours.jar org.openjdk.jmh.Main LiveJourneysBenchmark -prof gc}: the time
 * per read, and with {@code gc.alloc.rate.norm} the bytes it allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(value = 1, jvmArgs = {"-Xmx12g"})
public class LiveJourneysBenchmark {
    @Param({"20000000"})
    int held;

    @Param({"200000", "2000000"})
    int customers;

    @Param({"28000"})
    int arrivals;

    private static final int ACTIVITIES = 16;
    private static final int CHUNK = 100_000;

    private LiveJourneys live;
    private final SplittableRandom random = new SplittableRandom(7);
    private long clock = 1_700_000_000_000L;
    private int[] anonymous;
    private int[] previous;
    private int[] user;
    private long[] time;
    private int[] activity;

    @Setup(Level.Trial)
    public void setUp() {
        StringDictionary ids = new StringDictionary();
        StringDictionary activities = new StringDictionary();
        for (int c = 0; c < customers; c++) {
            ids.append("customer-" + c);
        }
        for (int a = 0; a < ACTIVITIES; a++) {
            activities.append("activity " + a);
        }
        live = new LiveJourneys(ids, activities);
        int size = Math.max(CHUNK, arrivals);
        anonymous = new int[size];
        previous = new int[size];
        user = new int[size];
        time = new long[size];
        activity = new int[size];
        Arrays.fill(anonymous, -1);
        Arrays.fill(previous, -1);
        for (int done = 0; done < held; done += CHUNK) {
            arrive(Math.min(CHUNK, held - done));
        }
        // Built in one go, as at start; then one live read, as the first page shown after it.
        live.index();
        arrive(arrivals);
        live.index();
    }

    /** {@code count} events in time order, each from a random customer. */
    private void arrive(int count) {
        for (int i = 0; i < count; i++) {
            user[i] = random.nextInt(customers);
            time[i] = clock += random.nextInt(40);
            activity[i] = random.nextInt(ACTIVITIES);
        }
        live.arrive(count, anonymous, previous, user, time, activity);
    }

    @Setup(Level.Iteration)
    public void eventsArrive() {
        arrive(arrivals);
    }

    @Benchmark
    public JourneyIndex read() {
        JourneyIndex index = live.index();
        if (index.eventCount() < held) {
            throw new IllegalStateException("the index lost events: " + index.eventCount());
        }
        return index;
    }
}
