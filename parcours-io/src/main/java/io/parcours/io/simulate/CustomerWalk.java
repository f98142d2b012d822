package io.parcours.io.simulate;

import io.parcours.io.simulate.SimulationPlan.MapPlan;
import io.parcours.io.simulate.SimulationPlan.PersonaPlan;
import io.parcours.io.simulate.SimulationPlan.RoutePlan;
import io.parcours.io.simulate.SimulationPlan.TouchpointPlan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One customer's journey, generated from their own random stream and written as JSON lines. The
 * customer gets a persona and one of its maps, then walks the map's stages in order: at each stage
 * they meet a few touchpoints, popular ones more often (and the persona's favourite channels), now
 * and then the same one twice; then they drop off, or go on to the next stage, sometimes skipping
 * one or going back. At the conversion stage they buy with a chance that the touchpoints met so far
 * raise or lower; only buyers go on to the stages after it. Events come in sessions (seconds to
 * minutes apart, in one channel), sessions hours to days apart and in the daytime. A few everyday
 * messages that match no touchpoint are mixed in. Customers start anonymous; most buyers and some
 * others identify on the way, after which their messages carry their user id (and offline ones,
 * from a till or a call centre, only that).
 *
 * <p>The buffers are reused from one customer to the next, so a simulation of any size allocates
 * next to nothing. Not thread-safe: one walk per thread.
 */
final class CustomerWalk {
    static final byte TOUCHPOINT = 0;
    static final byte CONVERSION = 1;
    static final byte NOISE = 2;

    private static final double REPEAT = 0.12;
    private static final double BACK = 0.08;
    private static final double SKIP = 0.10;
    private static final double NOISE_RATE = 0.035;
    private static final double ABANDON = 0.65;
    private static final double NEW_SESSION_AT_STAGE = 0.55;
    private static final double NEW_SESSION_WITHIN_STAGE = 0.12;
    private static final int MAX_PER_VISIT = 500;
    private static final long SECOND = 1000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    private static final byte[] MESSAGE_ID = bytes(",\"messageId\":\"");
    private static final byte[] USER_ID = bytes(",\"userId\":\"user-");
    private static final byte[] ANONYMOUS_ID = bytes(",\"anonymousId\":\"");
    private static final byte[] TIMESTAMP = bytes(",\"timestamp\":\"");
    private static final byte[] USER_PREFIX = bytes("user-");

    private final SimulationPlan plan;
    private final double extraTouchpoints;

    private PersonaPlan persona;
    private MapPlan map;
    private int size;
    private byte[] kinds = new byte[64];
    private int[] touchpoints = new int[64];
    private int[] templates = new int[64];
    private long[] times = new long[64];
    private boolean[] offline = new boolean[64];
    private boolean[] met = new boolean[16];
    /** Per touchpoint, the number of the stage visit it was last met in (visits count from 1). */
    private int[] metInVisit = new int[16];
    private long clock;
    private int identifyAt;
    private long identifyTime;
    private int identity;
    private int conversionAt;
    private long revenueCents;
    private int noise;

    /**
     * @param extraTouchpoints the mean number of touchpoints met per stage visit beyond the first,
     *     before the persona's own activity: the knob that sets the average number of events
     */
    CustomerWalk(SimulationPlan plan, double extraTouchpoints) {
        this.plan = plan;
        this.extraTouchpoints = extraTouchpoints;
    }

    /** Generates one customer's journey from the random stream of {@code seed}. */
    void walk(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        persona = plan.pickPersona(random);
        RoutePlan route = persona.routes[SimulationPlan.pick(persona.routeCumulative, random)];
        map = route.map;
        size = 0;
        identifyAt = -1;
        conversionAt = -1;
        revenueCents = 0;
        noise = 0;
        if (met.length < map.touchpoints.length) {
            met = new boolean[map.touchpoints.length];
            metInVisit = new int[map.touchpoints.length];
        }
        Arrays.fill(met, false);
        Arrays.fill(metInVisit, 0);
        clock = daytime(plan.from + (long) (random.nextDouble() * (plan.to - plan.from)), random);

        double activity = extraTouchpoints * persona.activity;
        double logit = map.baseLogit + persona.conversionBias;
        double valueLog = 0;
        boolean converted = false;
        boolean lastOnline = true;
        int stage = 0;
        int visits = 0;
        int maxVisits = 2 * map.stageCount + 2;
        while (stage < map.stageCount && visits < maxVisits) {
            visits++;
            boolean freshStage = true;
            // Larger stages hold the customer longer: the mean grows with the root of their size.
            double extra = activity * route.breadth(stage);
            double extraChance = extra / (1 + extra);
            int count = 1;
            while (count < MAX_PER_VISIT && random.nextDouble() < extraChance) {
                count++;
            }
            int last = -1;
            for (int i = 0; i < count; i++) {
                int picked;
                if (last >= 0 && random.nextDouble() < REPEAT) {
                    picked = last;
                } else {
                    picked = route.pick(stage, random);
                    if (picked >= 0 && metInVisit[picked] == visits) {
                        picked = route.pick(stage, random); // rather something not seen yet in this visit
                    }
                }
                if (picked < 0) {
                    break;
                }
                last = picked;
                int parent = map.touchpoints[picked].parent;
                // A part comes after the whole it belongs to: the shop visit before the seller's advice.
                int steps = parent >= 0 && metInVisit[parent] != visits ? 2 : 1;
                for (int step = 0; step < steps; step++) {
                    int t = step == 0 && steps == 2 ? parent : picked;
                    TouchpointPlan touchpoint = map.touchpoints[t];
                    metInVisit[t] = visits;
                    if (!met[t]) {
                        met[t] = true;
                        logit += touchpoint.effect;
                        valueLog += touchpoint.valueEffect;
                    }
                    if (touchpoint.templates.length == 0) {
                        continue; // met, and it pulls on conversion, but leaves no event
                    }
                    boolean newSession = freshStage ? random.nextDouble() < NEW_SESSION_AT_STAGE
                            : touchpoint.online != lastOnline || random.nextDouble() < NEW_SESSION_WITHIN_STAGE;
                    advance(newSession, random);
                    add(TOUCHPOINT, t, (int) (random.nextDouble() * touchpoint.templates.length), !touchpoint.online);
                    freshStage = false;
                    lastOnline = touchpoint.online;
                    if (plan.noise.length > 0 && random.nextDouble() < NOISE_RATE) {
                        advance(false, random);
                        add(NOISE, -1, (int) (random.nextDouble() * plan.noise.length), false);
                        noise++;
                    }
                }
            }
            if (stage == map.conversionStage && !converted) {
                double chance = 1 / (1 + StrictMath.exp(-logit));
                if (random.nextDouble() < chance) {
                    converted = true;
                    TouchpointPlan touchpoint = map.touchpoints[map.conversionTouchpoint];
                    advance(random.nextDouble() < 0.3, random);
                    conversionAt = size;
                    add(CONVERSION, map.conversionTouchpoint, (int) (random.nextDouble() * touchpoint.templates.length),
                            !touchpoint.online);
                    double value = persona.revenueMedian * StrictMath.exp(0.6 * SimulationPlan.gaussian(random) + valueLog);
                    revenueCents = Math.max(100, Math.round(value * 100));
                    lastOnline = touchpoint.online;
                    stage++; // a buyer always goes on: the order is confirmed and delivered
                    continue;
                } else if (random.nextDouble() < ABANDON) {
                    break;
                } else {
                    stage = Math.max(0, stage - 1); // goes back to compare, and may come back to buy
                    continue;
                }
            }
            if (random.nextDouble() >= Math.min(0.97, map.continueProbability[stage] * persona.persistence)) {
                break;
            }
            double move = random.nextDouble();
            if (move < BACK && stage > 0) {
                stage--;
            } else if (move < BACK + SKIP && stage + 2 < map.stageCount
                    && (stage >= map.conversionStage || stage + 2 <= map.conversionStage)) {
                stage += 2; // skips a stage, but never the purchase
            } else {
                stage++;
            }
            if (map.conversionStage >= 0 && !converted && stage > map.conversionStage) {
                break;
            }
        }
        if (size == 0 && plan.noise.length > 0) {
            // Every touchpoint met left no trace: the customer still visited the site once.
            add(NOISE, -1, (int) (random.nextDouble() * plan.noise.length), false);
            noise++;
        }
        fitIntoPeriod();
        boolean identifies = converted || size == 0 || random.nextDouble() < persona.identifyRate;
        if (identifies) {
            placeIdentify(random);
            identity = (int) (random.nextDouble() * persona.identities.length);
        }
    }

    /** Moves the clock to the next event: seconds to minutes later in the same session, hours to days later in a new one. */
    private void advance(boolean newSession, SplittableRandom random) {
        if (size == 0) {
            return; // the first event happens at the journey's start
        }
        if (newSession) {
            double hours = Math.min(14 * 24, 1 + exponential(random, 20));
            clock = daytime(clock + (long) (hours * HOUR), random);
        } else {
            double seconds = Math.min(20 * 60, 5 + exponential(random, 60));
            clock += (long) (seconds * SECOND);
        }
    }

    /** A session that would start at night starts in the morning instead (UTC). */
    private static long daytime(long time, SplittableRandom random) {
        long hour = Math.floorMod(time, DAY) / HOUR;
        if (hour < 7) {
            return time + (7 - hour) * HOUR + (long) (random.nextDouble() * 2 * HOUR);
        }
        return time;
    }

    private static double exponential(SplittableRandom random, double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    /** Keeps the journey inside the period: moved back by whole days when it runs past the end, squeezed when longer. */
    private void fitIntoPeriod() {
        if (size == 0) {
            clock = Math.min(clock, plan.to - 1);
            return;
        }
        long last = times[size - 1];
        if (last >= plan.to) {
            long shift = ((last - plan.to) / DAY + 1) * DAY;
            for (int i = 0; i < size; i++) {
                times[i] -= shift;
            }
        }
        long first = times[0];
        if (first < plan.from) {
            long length = times[size - 1] - first;
            long room = plan.to - 1 - plan.from;
            double scale = length <= room ? 1 : (double) room / length;
            for (int i = 0; i < size; i++) {
                times[i] = plan.from + (long) ((times[i] - first) * scale);
            }
        }
    }

    /** The identify comes just before a buyer's purchase (or earlier), or anywhere in another customer's journey. */
    private void placeIdentify(SplittableRandom random) {
        int position;
        if (conversionAt >= 0) {
            position = random.nextDouble() < 0.6 ? conversionAt : (int) (random.nextDouble() * (conversionAt + 1));
        } else {
            position = (int) (random.nextDouble() * (size + 1));
        }
        identifyAt = position;
        if (size == 0) {
            identifyTime = clock;
        } else if (position < size) {
            long next = times[position];
            long previous = position > 0 ? times[position - 1] : Math.max(plan.from, next - 60 * SECOND);
            identifyTime = next - Math.min(1500, (next - previous) / 2);
        } else {
            identifyTime = Math.min(times[size - 1] + 20 * SECOND, plan.to - 1);
        }
    }

    private void add(byte kind, int touchpoint, int template, boolean fromOffline) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            touchpoints = Arrays.copyOf(touchpoints, capacity);
            templates = Arrays.copyOf(templates, capacity);
            times = Arrays.copyOf(times, capacity);
            offline = Arrays.copyOf(offline, capacity);
        }
        kinds[size] = kind;
        touchpoints[size] = touchpoint;
        templates[size] = template;
        times[size] = clock;
        offline[size] = fromOffline;
        size++;
    }

    /** How many lines the journey writes. */
    int lines() {
        return size + (identifyAt >= 0 ? 1 : 0);
    }

    boolean identified() {
        return identifyAt >= 0;
    }

    boolean converted() {
        return conversionAt >= 0;
    }

    int noise() {
        return noise;
    }

    long revenueCents() {
        return revenueCents;
    }

    /** Writes the journey of customer number {@code customer}, telling {@code truth} (when not null) what each line is. */
    void write(ByteSink sink, long customer, Consumer<SimulatedLine> truth) {
        long userHash = SimulationPlan.mix(customer + plan.userKey);
        long anonymousHigh = SimulationPlan.mix(customer + plan.anonymousKey);
        long anonymousLow = SimulationPlan.mix(anonymousHigh ^ plan.anonymousKey);
        int line = 0;
        for (int i = 0; i <= size; i++) {
            if (i == identifyAt) {
                IdentifyTemplate template = persona.identities[identity];
                sink.write(IdentifyTemplate.HEAD);
                ids(sink, customer, ++line, true, true, userHash, anonymousHigh, anonymousLow, identifyTime);
                sink.write(template.before);
                if (template.withEmail) {
                    sink.write(USER_PREFIX);
                    sink.writeHex(userHash, 16);
                    sink.write(template.after);
                }
                if (truth != null) {
                    truth.accept(new SimulatedLine(customer, persona.key, map.key, SimulatedLine.Kind.IDENTIFY,
                            Optional.empty()));
                }
            }
            if (i == size) {
                break;
            }
            boolean known = identifyAt >= 0 && i >= identifyAt;
            MessageTemplate template = kinds[i] == NOISE ? plan.noise[templates[i]]
                    : map.touchpoints[touchpoints[i]].templates[templates[i]];
            sink.write(template.head);
            ids(sink, customer, ++line, known, !(known && offline[i]), userHash, anonymousHigh, anonymousLow, times[i]);
            if (kinds[i] == CONVERSION && template.beforeValue.isPresent()) {
                sink.write(template.beforeValue.get());
                sink.writeCents(revenueCents);
                sink.write(template.afterValue.get());
            } else {
                sink.write(template.body);
            }
            if (truth != null) {
                SimulatedLine.Kind kind = switch (kinds[i]) {
                    case TOUCHPOINT -> SimulatedLine.Kind.TOUCHPOINT;
                    case CONVERSION -> SimulatedLine.Kind.CONVERSION;
                    default -> SimulatedLine.Kind.NOISE;
                };
                Optional<String> touchpoint = kinds[i] == NOISE ? Optional.empty()
                        : Optional.of(map.touchpoints[touchpoints[i]].key);
                truth.accept(new SimulatedLine(customer, persona.key, map.key, kind, touchpoint));
            }
        }
    }

    private void ids(ByteSink sink, long customer, int line, boolean withUser, boolean withAnonymous, long userHash,
            long anonymousHigh, long anonymousLow, long time) {
        sink.write(MESSAGE_ID);
        sink.write(plan.messageIdPrefix);
        sink.writeNumber(customer);
        sink.writeByte('-');
        sink.writeNumber(line);
        sink.writeByte('"');
        if (withUser) {
            sink.write(USER_ID);
            sink.writeHex(userHash, 16);
            sink.writeByte('"');
        }
        if (withAnonymous) {
            sink.write(ANONYMOUS_ID);
            sink.writeHex(anonymousHigh >>> 32, 8);
            sink.writeByte('-');
            sink.writeHex(anonymousHigh >>> 16, 4);
            sink.writeByte('-');
            sink.writeHex(anonymousHigh, 4);
            sink.writeByte('-');
            sink.writeHex(anonymousLow >>> 48, 4);
            sink.writeByte('-');
            sink.writeHex(anonymousLow, 12);
            sink.writeByte('"');
        }
        sink.write(TIMESTAMP);
        sink.writeTimestamp(time);
        sink.writeByte('"');
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
