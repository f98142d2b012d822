package io.parcours.bench;

import io.parcours.analytics.IdentityGraph;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.segment.SegmentMessages;
import io.parcours.model.Event;
import io.parcours.model.JourneyMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * JMH benchmarks of the inner loops of ingestion and of reading journeys: parsing a Segment batch,
 * matching events to the touchpoints of the demo map, and stitching identities. Each setup first
 * checks that the code computes the right thing. Run with
 * {@code java -cp parcours-cli/target/parcours.jar org.openjdk.jmh.Main IngestPathBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestPathBenchmark {
    @Param({"100"})
    int batchSize;

    private byte[] batch;
    private List<Event> events;
    private TouchpointMatcher matcher;
    private String[][] links;

    @Setup
    public void setUp() {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        String[] names = {"Product Viewed", "Cart Viewed", "Checkout Started", "Order Completed", "Wishlist Added"};
        for (int i = 0; i < batchSize; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"customer-").append(i)
                    .append("\",\"event\":\"").append(names[i % names.length]).append("\",\"messageId\":\"m-").append(i)
                    .append("\",\"timestamp\":\"2026-11-22T14:05:17.319Z\",\"properties\":{\"sku\":\"sku-1\",\"price\":49.9},")
                    .append("\"context\":{\"page\":{\"url\":\"https://shop.example/products/").append(i).append("\"}}}");
        }
        batch = body.append("],\"sentAt\":\"2026-11-22T14:05:17.500Z\"}").toString().getBytes(StandardCharsets.UTF_8);
        events = SegmentMessages.batch(batch, 1_000L).events();
        check(events.size() == batchSize, "the batch parses to " + batchSize + " events");
        JourneyMap map = DemoWorkspaces.load().get(0).map("amina-current").orElseThrow();
        matcher = TouchpointMatcher.of(map);
        check(matcher.match(events.get(0)).equals(List.of("product-page")), "Product Viewed matches the product page");
        check(matcher.match(events.get(4)).isEmpty(), "Wishlist Added matches nothing");
        links = new String[10_000][];
        for (int i = 0; i < links.length; i++) {
            links[i] = new String[] {"anon-" + i, "user-" + (i % 3_000)};
        }
        IdentityGraph graph = stitch();
        check(graph.customerOf("anon-3001").equals("user-1"), "stitching links a device to its user");
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("the benchmark does not compute what it should: " + what);
        }
    }

    /** Events parsed per second: multiply the score by the batch size. */
    @Benchmark
    public List<Event> parseBatch() {
        return SegmentMessages.batch(batch, 1_000L).events();
    }

    /** Batches of events matched per second against the demo map: multiply by the batch size. */
    @Benchmark
    public int matchBatch() {
        int matched = 0;
        for (Event event : events) {
            matched += matcher.match(event).size();
        }
        return matched;
    }

    /** Graphs of 10,000 links stitched per second. */
    @Benchmark
    public IdentityGraph stitch() {
        IdentityGraph graph = new IdentityGraph();
        for (String[] link : links) {
            graph.link(link[0], link[1]);
        }
        return graph;
    }
}
