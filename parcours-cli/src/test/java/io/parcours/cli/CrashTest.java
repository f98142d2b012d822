package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.store.ParcoursStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL while clients send batches, restarts it, lets the clients retry
 * what was not acknowledged, and checks that every acknowledged event is stored, and every event
 * exactly once.
 */
class CrashTest {
    private static final Pattern URL = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)/");
    private static final int BATCH = 50;

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Server(Process process, String url) {}

    private Server startServer(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Parcours.class.getName(), "serve", "--data", data.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            Matcher matcher = URL.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Server(process, matcher.group(1));
            }
        }
        throw new AssertionError("the server did not start");
    }

    private static String batch(int number) {
        StringBuilder body = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < BATCH; i++) {
            String id = "b" + number + "-" + i;
            body.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"customer-").append(number % 50)
                    .append("\", \"event\": \"Product Viewed\", \"messageId\": \"").append(id)
                    .append("\", \"properties\": {\"n\": ").append(i).append("}}");
        }
        return body.append("]}").toString();
    }

    private boolean send(String url, String writeKey, int number) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/batch")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(batch(number))).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void acknowledgedEventsSurviveKillNineAndRetriesAreStoredOnce() throws Exception {
        Path data = folder.resolve("data");
        String writeKey;
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createWorkspace("shop", "Shop", "");
            store.createSource("shop", "web", "Web");
            writeKey = store.createWriteKey("shop", "web").secret();
        }
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        Server server = startServer(data);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String url = server.url();
            running.add(clients.submit(() -> {
                while (System.nanoTime() < killAt + TimeUnit.MILLISECONDS.toNanos(500)) {
                    int number = next.getAndIncrement();
                    if (send(url, writeKey, number)) {
                        acknowledged.add(number);
                    }
                }
            }));
        }
        while (System.nanoTime() < killAt) {
            Thread.sleep(10);
        }
        server.process().destroyForcibly();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (java.util.concurrent.Future<?> client : running) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        int sent = next.get();
        assertThat(acknowledged).as("some batches were acknowledged before the kill").isNotEmpty();
        assertThat(acknowledged.size()).as("the kill interrupted the clients").isLessThan(sent);

        // Before any retry: Parcours opens the data folder cleanly (replaying its journal into the
        // database), and the database then holds every acknowledged batch, whole, once.
        try (ParcoursStore recovered = ParcoursStore.open(data)) {
            assertThat(recovered.events().size()).isGreaterThanOrEqualTo((long) acknowledged.size() * BATCH);
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE))) {
            ResultSet rows = db.createStatement().executeQuery(
                    "SELECT message_id, count(*) FROM events GROUP BY message_id");
            java.util.Map<Integer, Integer> perBatch = new java.util.HashMap<>();
            while (rows.next()) {
                assertThat(rows.getInt(2)).as("message %s stored once", rows.getString(1)).isEqualTo(1);
                String id = rows.getString(1);
                perBatch.merge(Integer.parseInt(id.substring(1, id.indexOf('-'))), 1, Integer::sum);
            }
            for (int number : acknowledged) {
                assertThat(perBatch.getOrDefault(number, 0)).as("acknowledged batch %d after kill -9", number)
                        .isEqualTo(BATCH);
            }
            System.out.printf("crash test: %d batches sent, %d acknowledged, %d found whole after kill -9%n", sent,
                    acknowledged.size(), perBatch.values().stream().filter(count -> count == BATCH).count());
        }

        // The restarted server opens the database cleanly; the clients retry everything, acknowledged or not.
        Server restarted = startServer(data);
        for (int number = 0; number < sent; number++) {
            assertThat(send(restarted.url(), writeKey, number)).as("retry of batch %d", number).isTrue();
        }
        // SIGTERM: a graceful stop loads every journaled event into the database before the JVM exits,
        // so the table read directly below is complete without any replay.
        restarted.process().destroy();
        assertThat(restarted.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE))) {
            ResultSet total = db.createStatement().executeQuery(
                    "SELECT count(*), count(DISTINCT message_id), count(DISTINCT seq) FROM events");
            total.next();
            assertThat(total.getLong(1)).as("every event stored").isEqualTo((long) sent * BATCH);
            assertThat(total.getLong(2)).as("each once").isEqualTo((long) sent * BATCH);
            assertThat(total.getLong(3)).as("arrival numbers unique").isEqualTo((long) sent * BATCH);
        }
    }
}
