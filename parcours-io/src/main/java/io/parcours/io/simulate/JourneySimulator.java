package io.parcours.io.simulate;

import static java.util.Objects.requireNonNull;

import io.parcours.model.Workspace;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Generates realistic customer journeys through the journey maps of a workspace, as JSON lines of
 * Segment messages that {@code parcours import} and the tracking API read: data for tests, demos and
 * benchmarks, with a ground truth to check Parcours's answers against.
 *
 * <p><b>What it models.</b> The maps drive everything. Each customer gets a persona (by weight) and
 * walks one of that persona's current-state maps stage by stage: mostly forward, sometimes skipping
 * a stage or going back, sometimes meeting a touchpoint twice, and dropping off after each stage
 * with a chance of its own, so funnels narrow. Touchpoint popularity is skewed (Zipf-like within
 * each stage) and personas differ in how online they are, how persistent, how likely to buy and
 * how much they spend. Reaching the map's conversion touchpoint is decided when the customer
 * reaches its stage, with a chance that the touchpoints met so far raise or lower; the conversion
 * message carries {@code properties.revenue} (skewed, persona- and touchpoint-dependent) and
 * {@code properties.currency}. Each touchpoint message satisfies one of the touchpoint's matching
 * rules: the event name, the type, and each {@code where} pattern filled with fitting text, checked
 * when the plan is made. Customers start anonymous; most buyers and some others send an
 * {@code identify} whose traits satisfy their persona's rules (and not an earlier persona's), and
 * their later messages carry their user id. Events come in sessions, seconds to minutes apart;
 * sessions come hours to days apart, in the daytime, within the chosen period. A few percent of the
 * messages are everyday noise that no touchpoint of the workspace matches.
 *
 * <p><b>Why it is fast and repeatable.</b> Every customer has a random stream of their own, seeded
 * from the seed and the customer's number through a bijective mixer, so customers are independent
 * of each other and of the order they are generated in; everything fixed by the seed (habits,
 * popularity, the encoded messages) is worked out once ({@link SimulationPlan}); each event is
 * written as a few pre-encoded byte fragments plus its ids and time, digit by digit
 * ({@link ByteSink}). The output streams: memory stays constant whatever the number of customers.
 * Nothing reads the clock, so the same workspace and options give the same bytes.
 *
 * <p>The average number of messages per customer is aimed at by calibration: before writing, a
 * pilot of simulated customers (from a stream of their own) finds by bisection the number of
 * touchpoints met per stage that gives the average asked for.
 *
 * <p>Immutable and thread-safe; each {@code write} is independent.
 */
public final class JourneySimulator {
    /** The pilot walks about this many messages per bisection step (2,000 customers at the default average). */
    private static final double PILOT_EVENTS = 20_000;
    private static final int BUFFER_BYTES = 1 << 16;

    private final SimulationPlan plan;
    private final SimulationOptions options;
    private final double extraTouchpoints;

    private JourneySimulator(Workspace workspace, SimulationOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.plan = SimulationPlan.of(requireNonNull(workspace, "workspace is null"), options);
        this.extraTouchpoints = calibrate(plan, options.eventsPerCustomer());
    }

    /**
     * A simulator of the journeys of {@code workspace}'s maps.
     *
     * @throws io.parcours.model.ParcoursException when the workspace has no journey map
     */
    public static JourneySimulator of(Workspace workspace, SimulationOptions options) {
        return new JourneySimulator(workspace, options);
    }

    /** The options this simulator writes with. */
    public SimulationOptions options() {
        return options;
    }

    /**
     * Writes every customer's messages, one JSON object per line, customer after customer, each
     * customer's in time order. Does not close {@code out}.
     *
     * @throws java.io.UncheckedIOException when {@code out} fails
     */
    public SimulationSummary write(OutputStream out) {
        return write(out, null);
    }

    /**
     * Writes as {@link #write(OutputStream)}, and tells {@code truth} what each line is, in the order
     * written: the ground truth for tests and benchmarks.
     */
    public SimulationSummary write(OutputStream out, Consumer<SimulatedLine> truth) {
        requireNonNull(out, "out is null");
        ByteSink sink = new ByteSink(out, BUFFER_BYTES);
        CustomerWalk walk = new CustomerWalk(plan, extraTouchpoints);
        long events = 0;
        long identified = 0;
        long converted = 0;
        long noise = 0;
        long revenue = 0;
        for (long customer = 1; customer <= options.customers(); customer++) {
            walk.walk(SimulationPlan.mix(customer + plan.customerKey));
            walk.write(sink, customer, truth);
            events += walk.lines();
            identified += walk.identified() ? 1 : 0;
            converted += walk.converted() ? 1 : 0;
            noise += walk.noise();
            revenue += walk.revenueCents();
        }
        sink.flush();
        return new SimulationSummary(options.customers(), events, identified, converted, noise, revenue, sink.written());
    }

    /**
     * The mean number of extra touchpoints per stage visit that gives {@code target} messages per
     * customer on average over the pilot (the same pilot customers at every step, so the average
     * grows with the knob and bisection converges); 0 when even that gives more.
     */
    private static double calibrate(SimulationPlan plan, double target) {
        int pilots = (int) Math.max(200, Math.min(2000, PILOT_EVENTS / target));
        if (average(plan, 0, pilots) >= target) {
            return 0;
        }
        double low = 0;
        double high = 1;
        while (average(plan, high, pilots) < target && high < 1 << 12) {
            low = high;
            high *= 2;
        }
        for (int step = 0; step < 20; step++) {
            double middle = (low + high) / 2;
            if (average(plan, middle, pilots) < target) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double average(SimulationPlan plan, double extraTouchpoints, int pilots) {
        CustomerWalk walk = new CustomerWalk(plan, extraTouchpoints);
        long lines = 0;
        for (long pilot = 1; pilot <= pilots; pilot++) {
            walk.walk(SimulationPlan.mix(pilot + plan.pilotKey));
            lines += walk.lines();
        }
        return (double) lines / pilots;
    }
}
