package io.parcours.bench;

import io.parcours.server.ParcoursServer;
import io.parcours.store.ParcoursStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ingestion load test: a real Parcours server on a loopback port over a real DuckDB file, and
 * a load generator in the same machine sending Segment messages over keep-alive connections, either
 * as {@code /v1/batch} requests or as single {@code /v1/track} requests. Every request is answered
 * only once durable, so the rate measured is the rate of events on disk.
 *
 * <p>It warms up, then measures for a fixed time, and finally checks that the database holds every
 * acknowledged event: a benchmark that loses data is not a result.
 */
public final class IngestBenchmark {
    /** How the events are sent. */
    public enum Mode { BATCH, TRACK }

    /** The settings of one run. */
    public record Settings(Mode mode, int connections, int batchSize, Duration warmUp, Duration measure) {
        public Settings {
            if (connections < 1 || connections > 1024) {
                throw new IllegalArgumentException("connections must be from 1 to 1024");
            }
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batch size must be from 1 to 1000");
            }
        }
    }

    /** What a run measured. */
    public record Result(Settings settings, long events, long requests, long failures, double seconds,
            double eventsPerSecond, double requestsPerSecond, double p50Millis, double p99Millis, long storedTotal,
            long acknowledgedTotal) {

        public String describe() {
            return String.format("%s: %,.0f events/s, %,.0f requests/s (%d connections%s), latency p50 %.1f ms, "
                            + "p99 %.1f ms; %,d events in %.1f s; %d failed requests; stored %,d of %,d acknowledged",
                    settings.mode() == Mode.BATCH ? "/v1/batch" : "/v1/track", eventsPerSecond, requestsPerSecond,
                    settings.connections(), settings.mode() == Mode.BATCH ? ", " + settings.batchSize() + " events each" : "",
                    p50Millis, p99Millis, events, seconds, failures, storedTotal, acknowledgedTotal);
        }
    }

    private IngestBenchmark() {}

    /** Runs the benchmark on a fresh database in {@code dataFolder}. */
    public static Result run(Path dataFolder, Settings settings) throws Exception {
        try (ParcoursStore store = ParcoursStore.open(dataFolder)) {
            store.createWorkspace("bench", "Benchmark", "");
            store.createSource("bench", "load", "Load generator");
            String writeKey = store.createWriteKey("bench", "load").secret();
            try (ParcoursServer server = ParcoursServer.start(store, "127.0.0.1", 0)) {
                Load load = new Load(server.url(), writeKey, settings);
                load.runFor(settings.warmUp(), false);
                Load.Measured measured = load.runFor(settings.measure(), true);
                load.drain();
                long stored = waitForStored(store, load.acknowledgedEvents.get());
                double seconds = measured.nanos() / 1e9;
                return new Result(settings, measured.events(), measured.requests(), measured.failures(), seconds,
                        measured.events() / seconds, measured.requests() / seconds, measured.percentile(0.50),
                        measured.percentile(0.99), stored, load.acknowledgedEvents.get());
            }
        }
    }

    private static long waitForStored(ParcoursStore store, long acknowledged) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.events().size() < acknowledged && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return store.events().size();
    }

    /** The load generator: keeps {@code connections} requests in flight with the JDK's HTTP client. */
    private static final class Load {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;
        private final String authorization;
        private final Settings settings;
        private final Semaphore inFlight;
        private final AtomicLong nextId = new AtomicLong();
        private final AtomicLong acknowledgedEvents = new AtomicLong();

        Load(String url, String writeKey, Settings settings) {
            this.uri = URI.create(url + (settings.mode() == Mode.BATCH ? "/v1/batch" : "/v1/track"));
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
            this.settings = settings;
            this.inFlight = new Semaphore(settings.connections());
        }

        record Measured(long events, long requests, long failures, long nanos, long[] latencies, int count) {
            double percentile(double p) {
                if (count == 0) {
                    return Double.NaN;
                }
                long[] sorted = Arrays.copyOf(latencies, count);
                Arrays.sort(sorted);
                return sorted[(int) Math.min(count - 1, Math.floor(p * count))] / 1e6;
            }
        }

        Measured runFor(Duration duration, boolean record) throws InterruptedException {
            LongAdder events = new LongAdder();
            LongAdder requests = new LongAdder();
            LongAdder failures = new LongAdder();
            long[] latencies = new long[4_000_000];
            AtomicLong latencyCount = new AtomicLong();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int size = settings.mode() == Mode.BATCH ? settings.batchSize() : 1;
                long firstId = nextId.getAndAdd(size);
                String body = body(firstId, size);
                long sent = System.nanoTime();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                response.whenComplete((answer, error) -> {
                    long now = System.nanoTime();
                    inFlight.release();
                    boolean ok = error == null && answer.statusCode() == 200;
                    if (ok) {
                        acknowledgedEvents.addAndGet(size);
                    }
                    if (record && now <= end) {
                        if (ok) {
                            events.add(size);
                            requests.increment();
                            long index = latencyCount.getAndIncrement();
                            if (index < latencies.length) {
                                latencies[(int) index] = now - sent;
                            }
                        } else {
                            failures.increment();
                        }
                    }
                });
            }
            long elapsed = System.nanoTime() - start;
            return new Measured(events.sum(), requests.sum(), failures.sum(), elapsed, latencies,
                    (int) Math.min(latencies.length, latencyCount.get()));
        }

        void drain() throws InterruptedException {
            inFlight.acquire(settings.connections());
            inFlight.release(settings.connections());
        }

        /** Realistic messages: a product view with properties and page context, unique message ids. */
        private String body(long firstId, int size) {
            StringBuilder body = new StringBuilder(size * 300 + 64);
            if (settings.mode() == Mode.BATCH) {
                body.append("{\"batch\":[");
            }
            for (int i = 0; i < size; i++) {
                long id = firstId + i;
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"type\":\"track\",\"userId\":\"customer-").append(id % 100_003)
                        .append("\",\"event\":\"Product Viewed\",\"messageId\":\"bench-").append(id)
                        .append("\",\"timestamp\":\"2026-11-22T14:05:17.319Z\",\"properties\":{\"sku\":\"sku-")
                        .append(id % 997).append("\",\"price\":49.9,\"currency\":\"EUR\"},\"context\":{\"page\":{\"url\":")
                        .append("\"https://shop.example/products/").append(id % 997).append("\"},\"ip\":\"203.0.113.7\"}}");
            }
            if (settings.mode() == Mode.BATCH) {
                body.append("],\"sentAt\":\"2026-11-22T14:05:17.500Z\"}");
            }
            return body.toString();
        }
    }
}
