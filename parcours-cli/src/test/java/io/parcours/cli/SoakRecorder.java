package io.parcours.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the soak test measures, minute by minute: each request's latency by kind (counted from the
 * moment it was due, not sent, so that a server that falls behind shows it), the requests that
 * failed, the server's figures sampled from {@code /metrics}, and its garbage collections read
 * from its GC log. Thread-safe.
 */
final class SoakRecorder {
    /** The latencies of one kind in one minute, in microseconds, and the requests that failed. */
    private static final class Minute {
        private long[] micros = new long[1024];
        private int count;
        private int failed;

        synchronized void add(long latencyMicros, boolean ok) {
            if (!ok) {
                failed++;
            }
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = latencyMicros;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(micros, count);
            Arrays.sort(copy);
            return copy;
        }

        synchronized int failed() {
            return failed;
        }
    }

    /** Latency percentiles of one kind over one minute, in milliseconds. */
    record Latency(int requests, int failed, double p50, double p95, double p99, double max) {
        static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);
    }

    /** One garbage collection from the log: when it ended, the heap after it, and its pause. */
    record Collection(Instant at, String kind, long afterBytes, double pauseMillis) {}

    /**
     * One stop of every thread of the server at a safepoint (a collection, or one of the JVM's
     * other operations), from {@code -Xlog:safepoint}: how long the threads took to reach it (one
     * running a loop without a safepoint check holds the others) and how long they stood still in all.
     */
    record Stop(Instant at, String operation, double reachingMillis, double totalMillis) {}

    private static final Pattern SAFEPOINT_LINE = Pattern.compile(
            "^\\[([^\\]]+)\\] Safepoint \"([^\"]+)\".*Reaching safepoint: (\\d+) ns,.*Total: (\\d+) ns");

    /**
     * One sample of the server's figures, its process's resident memory and CPU time (seconds, user
     * and system), the machine's load average over the last minute, and how many single tracks and
     * pages the server took more than 25, 50 and 250 ms to answer, and how many group commits its
     * journal made and took more than 25, 100 and 250 ms, and how many loads into the database it
     * made and took more than 250 ms (all so far, as its histograms count).
     */
    record Sample(Instant at, long stored, long loadLag, long pending, long indexEvents, long indexBytes, long heapUsed,
            long residentBytes, double cpuSeconds, double loadAverage, long[] serverTracksOver, long journalSyncs,
            long[] journalSyncsOver, long loads, long loadsOver250Ms) {}

    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[([^\\]]+)\\].*GC\\(\\d+\\) (Pause [A-Za-z]+(?: \\([^)]*\\))*) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) "
                    + "([0-9.]+)ms");
    private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final long startNanos;
    private final Instant start;
    private final Map<String, Map<Integer, Minute>> latencies = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Integer>> failures = new ConcurrentHashMap<>();
    private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Per minute, the longest the load generator's stall meter overslept (nanoseconds). */
    private final Map<Integer, Long> stalls = new ConcurrentHashMap<>();

    SoakRecorder(long startNanos, Instant start) {
        this.startNanos = startNanos;
        this.start = start;
    }

    /**
     * Records a request of {@code kind} due at {@code dueNanos} that ended {@code latencyNanos} later
     * with HTTP {@code status} (0: no answer); 200 is success.
     */
    void record(String kind, long dueNanos, long latencyNanos, int status) {
        int minute = (int) ((dueNanos - startNanos) / 60_000_000_000L);
        latencies.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(minute, m -> new Minute())
                .add(latencyNanos / 1_000, status == 200);
        if (status != 200) {
            failures.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum);
        }
    }

    /** The failed requests of {@code kind}, by HTTP status (0: no answer), as "429 × 12, 0 × 3". */
    String failures(String kind) {
        Map<Integer, Integer> found = new TreeMap<>(failures.getOrDefault(kind, Map.of()));
        return found.isEmpty() ? "none" : String.join(", ", found.entrySet().stream()
                .map(entry -> entry.getKey() + " × " + entry.getValue()).toList());
    }

    /**
     * Records that the load generator's stall meter, asleep from {@code fromNanos} for a short
     * while, woke {@code lateNanos} later than asked: its process was stopped (a collection, the
     * machine's scheduler) for about that long, and any request due meanwhile was sent late.
     */
    void stall(long fromNanos, long lateNanos) {
        stalls.merge((int) ((fromNanos - startNanos) / 60_000_000_000L), lateNanos, Math::max);
    }

    /** The load generator's longest stall in minute {@code minute}, in milliseconds (0 when none was measured). */
    double longestStall(int minute) {
        return stalls.getOrDefault(minute, 0L) / 1e6;
    }

    void sample(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The latencies of {@code kind} in minute {@code minute} (0: the first). */
    Latency latency(String kind, int minute) {
        Minute found = latencies.getOrDefault(kind, Map.of()).get(minute);
        if (found == null) {
            return Latency.NONE;
        }
        long[] sorted = found.sorted();
        if (sorted.length == 0) {
            return Latency.NONE;
        }
        return new Latency(sorted.length, found.failed(), percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
    }

    /** The kinds recorded that start with {@code prefix}, in name order. */
    List<String> kinds(String prefix) {
        return latencies.keySet().stream().filter(kind -> kind.startsWith(prefix)).sorted().toList();
    }

    /** The latencies of {@code kind} over every minute from {@code fromMinute} on. */
    Latency latencyFrom(String kind, int fromMinute) {
        List<long[]> parts = new ArrayList<>();
        int failed = 0;
        for (Map.Entry<Integer, Minute> minute : latencies.getOrDefault(kind, Map.of()).entrySet()) {
            if (minute.getKey() >= fromMinute) {
                parts.add(minute.getValue().sorted());
                failed += minute.getValue().failed();
            }
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return Latency.NONE;
        }
        return new Latency(all.length, failed, percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99),
                all[all.length - 1] / 1000.0);
    }

    private static double percentile(long[] sorted, double share) {
        int index = (int) Math.ceil(share * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    /** The minute (0: the first) an instant falls in. */
    int minuteOf(Instant at) {
        return (int) Math.floorDiv(at.toEpochMilli() - start.toEpochMilli(), 60_000L);
    }

    /** Every pause in a GC log written with {@code -Xlog:gc:file=...:utctime}. */
    static List<Collection> collections(Path gcLog) throws IOException {
        return matches(gcLog, GC_LINE, matcher -> new Collection(time(matcher), matcher.group(2),
                bytes(matcher.group(5), matcher.group(6)), Double.parseDouble(matcher.group(9))));
    }

    /** Every safepoint stop in a log written with {@code -Xlog:safepoint} (with {@code :utctime}). */
    static List<Stop> stops(Path log) throws IOException {
        return matches(log, SAFEPOINT_LINE, matcher -> new Stop(time(matcher), matcher.group(2),
                Long.parseLong(matcher.group(3)) / 1e6, Long.parseLong(matcher.group(4)) / 1e6));
    }

    /** What {@code read} makes of each line of a JVM log that {@code pattern} finds something in, in order. */
    private static <T> List<T> matches(Path log, Pattern pattern, java.util.function.Function<Matcher, T> read)
            throws IOException {
        List<T> found = new ArrayList<>();
        for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found.add(read.apply(matcher));
            }
        }
        return found;
    }

    /** The instant a JVM log line was written ({@code :utctime}, the pattern's first group). */
    private static Instant time(Matcher matcher) {
        return OffsetDateTime.parse(matcher.group(1), GC_TIME).toInstant();
    }

    private static long bytes(String number, String unit) {
        long value = Long.parseLong(number);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    /** Things that happened at an instant ({@code at}), by the minute they fall in. */
    <T> Map<Integer, List<T>> byMinute(List<T> all, java.util.function.Function<T, Instant> at) {
        Map<Integer, List<T>> byMinute = new TreeMap<>();
        for (T thing : all) {
            byMinute.computeIfAbsent(minuteOf(at.apply(thing)), m -> new ArrayList<>()).add(thing);
        }
        return byMinute;
    }
}
