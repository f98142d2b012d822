package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import io.parcours.store.ParcoursStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL again and again while clients send events (batches and single
 * tracks) and customers answer surveys (through the JSON API and the hosted page), and checks
 * what a business relies on: after each kill the data folder opens cleanly; every event and
 * answer that was acknowledged is stored, exactly once; an answer already given is refused (409)
 * when sent again, and stores no second row; what was not acknowledged, sent again, ends stored
 * once; and the survey triggers, killed with the rest, invite once per order.
 *
 * <p>The kill moments come from a seed printed at the start ({@code -Dparcours.crash.seed=...}
 * repeats them; the clients' interleaving is the machine's). Every other cycle is checked by
 * opening the data folder in this JVM after the kill (which replays the journals); the others
 * restart the server straight on the crashed folder, and the next check covers them.
 */
class CrashTest {
    private static final int KILLS = Integer.getInteger("parcours.crash.kills", 20);
    private static final int BATCH = 50;
    private static final int INVITATIONS = 3_000;
    private static final String WORKSPACE = "akwaba";
    private static final List<String> SERVER_JVM = ParcoursProcess.TEST_JVM;

    /** Kept when the test fails: the data folder and each start's server log, to look into. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path folder;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Deliveries batches = new Deliveries(Integer.MAX_VALUE);
    private final Deliveries tracks = new Deliveries(Integer.MAX_VALUE);
    private final Deliveries answers = new Deliveries(INVITATIONS);
    /** Answers refused with 409 at their first acknowledgement: stored by an attempt cut off by a kill. */
    private final Set<Integer> answeredBeforeAcknowledged = ConcurrentHashMap.newKeySet();
    /** Answers given again after they were stored, and accepted: each one a failure. */
    private final Set<Integer> answeredTwice = ConcurrentHashMap.newKeySet();
    private final AtomicInteger repeatsRefused = new AtomicInteger();
    private final AtomicInteger repeatedBatches = new AtomicInteger();
    private final AtomicInteger tooManyRequests = new AtomicInteger();
    /** Statuses other than success, 409 for an answer, 429 (slow down) or no answer at all (a kill): each one a failure. */
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private volatile int cycle;
    private List<Invitation> invitations;
    private String writeKey;
    private String apiToken;

    /**
     * The messages of one kind that the clients send, by number: each is sent until acknowledged;
     * what failed (a kill, a refusal) is sent again before anything new. Thread-safe.
     */
    private static final class Deliveries {
        private final int limit;
        private final AtomicInteger next = new AtomicInteger();
        private final Queue<Integer> again = new ConcurrentLinkedQueue<>();
        final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        /** Acknowledged and found stored by a check: safe to send again on purpose (a repeat cannot hide a loss). */
        final List<Integer> verified = new CopyOnWriteArrayList<>();
        /** What happened to each number: cycle and status of each attempt, to tell a failure's story. */
        final Map<Integer, String> history = new ConcurrentHashMap<>();

        Deliveries(int limit) {
            this.limit = limit;
        }

        /** The next number to send: one to send again, else a new one; -1 when every number was taken. */
        int take() {
            Integer retry = again.poll();
            if (retry != null) {
                return retry;
            }
            int number = next.getAndIncrement();
            return number < limit ? number : -1;
        }

        void outcome(int number, int cycle, int status) {
            history.merge(number, cycle + ":" + status + " ", String::concat);
            if (status == 200) {
                this.acknowledged.add(number);
            } else {
                again.add(number);
            }
        }

        int taken() {
            return Math.min(next.get(), limit);
        }

        boolean allAcknowledged() {
            return again.isEmpty();
        }

        /** A number verified stored, at random; -1 when none is. */
        int verifiedOne() {
            return verified.isEmpty() ? -1 : verified.get(ThreadLocalRandom.current().nextInt(verified.size()));
        }
    }

    private LoggedServerProcess running;

    private LoggedServerProcess started(LoggedServerProcess server) {
        running = server;
        return server;
    }

    /** A failed test leaves no server behind. */
    @AfterEach
    void killTheServer() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void killedTwentyTimesDuringIngestionAndAnswersLosesAndRepeatsNothing() throws Exception {
        long seed = Long.getLong("parcours.crash.seed", System.nanoTime());
        System.out.println("crash test seed: " + seed + " (-Dparcours.crash.seed=" + seed + " repeats the kill moments)");
        System.out.println("crash test folder (kept if the test fails): " + folder);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Path data = prepare();
        Path logs = folder.resolve("logs");
        long serverStarts = 0;
        long startNanos = 0;
        for (cycle = 1; cycle <= KILLS; cycle++) {
            long before = System.nanoTime();
            LoggedServerProcess server = started(LoggedServerProcess.start(data, logs.resolve("cycle-" + cycle + ".log"), SERVER_JVM));
            long startedIn = System.nanoTime() - before;
            startNanos += startedIn;
            serverStarts++;
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = clients(server.url(), stop);
            int runFor = 200 + random.nextInt(2_300);
            Thread.sleep(runFor);
            server.kill();
            stop.set(true);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(client.isAlive()).as("a client still waits 30 s after the kill").isFalse();
            }
            // A start on a crashed folder is a start like any other: nothing to report.
            assertThat(server.problems()).as("errors and warnings logged by the server of cycle %d", cycle).isEmpty();
            boolean lastCycle = cycle == KILLS;
            if (cycle % 2 == 0 || lastCycle) {
                // Opening the folder replays DuckDB's write-ahead log and Parcours' event journal.
                try (ParcoursStore reopened = ParcoursStore.open(data)) {
                    assertThat(reopened.events().size()).as("events after kill %d", cycle)
                            .isGreaterThanOrEqualTo(batches.acknowledged.size() * (long) BATCH + tracks.acknowledged.size());
                }
                verify(data, false, "after kill " + cycle);
            }
            System.out.printf("cycle %d: started in %.1f s, killed after %d ms; %d batches, %d tracks, %d answers"
                    + " acknowledged so far; done at %.0f s%n", cycle, startedIn / 1e9, runFor, batches.acknowledged.size(),
                    tracks.acknowledged.size(), answers.acknowledged.size(), (System.nanoTime() - started) / 1e9);
        }

        // The clients send again whatever was not acknowledged, on a server started on the last crash.
        cycle = KILLS + 1;
        LoggedServerProcess server = started(LoggedServerProcess.start(data, logs.resolve("final.log"), SERVER_JVM));
        serverStarts++;
        resendUntilAcknowledged(server.url());
        server.stop();
        assertThat(server.problems()).as("errors and warnings logged by the server that took the resent messages").isEmpty();
        long lastSeq = query(data, "SELECT max(seq) FROM events");
        // Started once more, the survey triggers read every event stored, then stop cleanly.
        server = started(LoggedServerProcess.start(data, logs.resolve("triggers.log"), SERVER_JVM));
        serverStarts++;
        awaitTriggers(server.url(), lastSeq);
        server.stop();
        assertThat(server.problems()).as("errors and warnings logged by the last server").isEmpty();
        verify(data, true, "at the end");

        System.out.printf("crash test: %d kills in %.0f s (server start %.1f s on average); %d batches of %d and %d"
                        + " single events sent, all acknowledged and stored once; %d answers stored once (%d found stored"
                        + " after a kill cut off their acknowledgement); %d answers sent again refused with 409; %d"
                        + " acknowledged batches sent again, stored once; %d answers slowed down with 429%n",
                KILLS, (System.nanoTime() - started) / 1e9, startNanos / 1e9 / serverStarts, batches.taken(), BATCH,
                tracks.taken(), answers.acknowledged.size() + answeredBeforeAcknowledged.size(),
                answeredBeforeAcknowledged.size(), repeatsRefused.get(), repeatedBatches.get(), tooManyRequests.get());
    }

    /**
     * A data folder with a map whose touchpoint "order" has an NPS survey (matched by "Order
     * Completed"), a write key, an API token, and invitations made in advance for customers to answer.
     */
    private Path prepare() throws Exception {
        Path data = ShopFolder.with(folder, """
                          - {key: browse, name: Browse, channel: web, match: [Page Viewed, Product Viewed]}
                          - {key: order, name: Order, channel: web, match: [Order Completed], surveys: [{key: nps, type: nps}]}
                """);
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createSource(WORKSPACE, "web", "Web");
            writeKey = store.createWriteKey(WORKSPACE, "web").secret();
            apiToken = store.createToken("crash test", Role.ADMIN).secret();
            store.surveys().setThrottleDays(WORKSPACE, 0);
            Instant now = Instant.now();
            List<NewInvitation> made = new ArrayList<>();
            for (int i = 0; i < INVITATIONS; i++) {
                made.add(new NewInvitation("shop", "nps", "order", "customer-" + i, Optional.empty(), i % 2 == 0 ? "en" : "fr",
                        Optional.empty(), now, now, now.plus(Duration.ofDays(30))));
            }
            // The triggers read from the first event on: every order in the test invites its customer.
            invitations = store.surveys().recordTriggered(WORKSPACE, 0, made);
        }
        return data;
    }

    /** Two threads sending batches, two sending single tracks, one answering surveys: until {@code stop}. */
    private List<Thread> clients(String url, AtomicBoolean stop) {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clients.add(new Thread(() -> {
                while (!stop.get()) {
                    sendBatch(url);
                }
            }, "batch-client-" + i));
            clients.add(new Thread(() -> {
                while (!stop.get()) {
                    sendTrack(url);
                }
            }, "track-client-" + i));
        }
        clients.add(new Thread(() -> {
            while (!stop.get()) {
                answerOne(url);
                sleep(40);
            }
        }, "answer-client"));
        clients.forEach(Thread::start);
        return clients;
    }

    private void sendBatch(String url) {
        int repeat = ThreadLocalRandom.current().nextInt(20) == 0 ? batches.verifiedOne() : -1;
        if (repeat >= 0) {
            // An acknowledged batch sent again is acknowledged again, and its events stay stored once.
            if (post(url + "/v1/batch", batch(repeat), "application/json", true) == 200) {
                repeatedBatches.incrementAndGet();
            }
            return;
        }
        int number = batches.take();
        batches.outcome(number, cycle, post(url + "/v1/batch", batch(number), "application/json", true));
    }

    private void sendTrack(String url) {
        int number = tracks.take();
        tracks.outcome(number, cycle, post(url + "/v1/track", track(number), "application/json", true));
    }

    /**
     * Answers one invitation (even numbers through the JSON API, odd ones through the hosted page's
     * form), or, one time in ten, gives again an answer already stored, which must be refused.
     */
    private void answerOne(String url) {
        int repeat = ThreadLocalRandom.current().nextInt(10) == 0 ? answers.verifiedOne() : -1;
        if (repeat >= 0) {
            int status = answer(url, repeat, scoreOf(repeat + 1));
            if (status == 409) {
                repeatsRefused.incrementAndGet();
            } else if (status == 200) {
                answeredTwice.add(repeat);
            }
            return;
        }
        int number = answers.take();
        if (number < 0) {
            return;
        }
        int status = answer(url, number, scoreOf(number));
        if (status == 409 && !answers.acknowledged.contains(number)) {
            // An earlier attempt was stored, but the kill came before its acknowledgement.
            answeredBeforeAcknowledged.add(number);
            return;
        }
        if (status == 429) {
            tooManyRequests.incrementAndGet();
            sleep(300);
        }
        answers.outcome(number, cycle, status);
    }

    private int answer(String url, int number, int score) {
        String token = invitations.get(number).token();
        if (number % 2 == 0) {
            return post(url + "/v1/surveys/" + token, "{\"answers\": {\"score\": " + score + ", \"why\": \"answer " + number
                    + "\"}}", "application/json", false);
        }
        return post(url + "/s/" + token, "score=" + score + "&why=" + URLEncoder.encode("réponse " + number,
                StandardCharsets.UTF_8), "application/x-www-form-urlencoded", false);
    }

    private static int scoreOf(int number) {
        return number % 11;
    }

    /** Sends, one at a time, whatever was not acknowledged, until all is (a 429 waits and tries again). */
    private void resendUntilAcknowledged(String url) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(batches.allAcknowledged() && tracks.allAcknowledged() && answers.allAcknowledged())) {
            assertThat(unexpected).as("unexpected answers from the server").isEmpty();
            assertThat(System.nanoTime()).as("everything acknowledged within 120 s of the last start").isLessThan(deadline);
            for (int number = batches.again.size(); number > 0; number--) {
                sendBatch(url);
            }
            for (int number = tracks.again.size(); number > 0; number--) {
                sendTrack(url);
            }
            for (int number = answers.again.size(); number > 0; number--) {
                answerOne(url);
            }
        }
        // A few repeats on purpose, on a server that is not killed meanwhile: each refused.
        for (int i = 0; i < 5; i++) {
            int repeat = answers.verifiedOne();
            if (repeat >= 0) {
                assertThat(answer(url, repeat, scoreOf(repeat + 1))).as("answer %d given again", repeat).isEqualTo(409);
                repeatsRefused.incrementAndGet();
            }
        }
    }

    /** Waits (at most 30 s) until the survey triggers have read every event up to {@code lastSeq}. */
    private void awaitTriggers(String url, long lastSeq) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> settings = http.send(HttpRequest.newBuilder(URI.create(url + "/api/workspaces/" + WORKSPACE
                    + "/survey-settings")).header("Authorization", "Bearer " + apiToken).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
            long read = io.parcours.io.Json.mapper().readTree(settings.body()).get("triggerSeq").asLong();
            if (read >= lastSeq) {
                return;
            }
            assertThat(System.nanoTime()).as("triggers at %d of %d events after 30 s", read, lastSeq).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Checks the database of a stopped server: no event and no answer twice; every acknowledged
     * event and answer there, the answer with the score sent first; each answered invitation
     * marked answered. At the end, also: everything ever sent is stored, and each order invited once.
     */
    private void verify(Path data, boolean end, String when) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = db.createStatement()) {
            ResultSet counts = sql.executeQuery("SELECT count(*), count(DISTINCT message_id), count(DISTINCT seq) FROM events");
            counts.next();
            long events = counts.getLong(1);
            assertThat(counts.getLong(2)).as("events with distinct message ids %s", when).isEqualTo(events);
            assertThat(counts.getLong(3)).as("events with distinct arrival numbers %s", when).isEqualTo(events);
            Set<String> stored = new HashSet<>((int) (events * 2));
            ResultSet ids = sql.executeQuery("SELECT message_id FROM events");
            while (ids.next()) {
                stored.add(ids.getString(1));
            }
            // (a set's own contains: AssertJ's walks the whole set for each value)
            List<String> lost = new ArrayList<>();
            for (int number : batches.acknowledged) {
                for (int i = 0; i < BATCH; i++) {
                    if (!stored.contains(batchId(number, i))) {
                        lost.add("event " + i + " of batch " + number + " (" + batches.history.get(number) + ")");
                    }
                }
            }
            for (int number : tracks.acknowledged) {
                if (!stored.contains("t" + number)) {
                    lost.add("track " + number + " (" + tracks.history.get(number) + ")");
                }
            }
            assertThat(lost).as("acknowledged events missing %s, with the cycle:status of each attempt", when).isEmpty();
            if (end) {
                List<String> missing = new ArrayList<>();
                for (int number = 0; number < batches.taken() && missing.size() < 20; number++) {
                    if (!stored.contains(batchId(number, 0))) {
                        missing.add("batch " + number + " (" + batches.history.get(number) + ")");
                    }
                }
                for (int number = 0; number < tracks.taken() && missing.size() < 40; number++) {
                    if (!stored.contains("t" + number)) {
                        missing.add("track " + number + " (" + tracks.history.get(number) + ")");
                    }
                }
                assertThat(missing).as("messages sent and never stored, with the cycle:status of each attempt").isEmpty();
                assertThat(events).as("every event sent, stored once").isEqualTo((long) batches.taken() * BATCH + tracks.taken());
            }

            Map<Long, Integer> answerRows = new HashMap<>();
            Map<Long, Integer> scores = new HashMap<>();
            ResultSet rows = sql.executeQuery("SELECT invitation_id, count(*), min(score), max(score) FROM survey_answers"
                    + " GROUP BY invitation_id");
            while (rows.next()) {
                long invitation = rows.getLong(1);
                assertThat(rows.getInt(2)).as("answers to invitation %d %s", invitation, when).isEqualTo(1);
                answerRows.put(invitation, rows.getInt(2));
                scores.put(invitation, rows.getInt(3));
            }
            assertThat(answeredTwice).as("answers accepted a second time").isEmpty();
            assertThat(unexpected).as("unexpected answers from the server").isEmpty();
            Set<Integer> given = new HashSet<>(answers.acknowledged);
            given.addAll(answeredBeforeAcknowledged);
            for (int number : given) {
                Integer score = scores.get(invitations.get(number).id());
                if (score == null || score != scoreOf(number)) {
                    lost.add("answer " + number + " (score " + score + "; " + answers.history.get(number) + ")");
                }
            }
            assertThat(lost).as("acknowledged answers missing or changed %s", when).isEmpty();
            assertThat(query(sql, "SELECT count(*) FROM survey_invitations WHERE answered_at IS NOT NULL"))
                    .as("invitations marked answered %s", when).isEqualTo(answerRows.size());
            if (end) {
                assertThat(answerRows).as("every answer sent, stored once").hasSize(given.size());
                long orders = query(sql, "SELECT count(*) FROM events WHERE name = 'Order Completed'");
                assertThat(orders).as("orders among the events").isPositive();
                assertThat(query(sql, "SELECT count(*) FROM survey_invitations WHERE event_seq IS NOT NULL"))
                        .as("invitations made by the triggers, one per order").isEqualTo(orders);
                assertThat(query(sql, "SELECT count(DISTINCT event_seq) FROM survey_invitations"))
                        .as("orders that invited").isEqualTo(orders);
            }
            verified(batches);
            verified(answers);
        }
    }

    /** Marks every acknowledged number, just found stored, as safe to send again on purpose. */
    private static void verified(Deliveries deliveries) {
        Set<Integer> already = new HashSet<>(deliveries.verified);
        deliveries.verified.addAll(deliveries.acknowledged.stream().filter(number -> !already.contains(number)).toList());
    }

    private static long query(Path data, String select) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE));
                Statement sql = db.createStatement()) {
            return query(sql, select);
        }
    }

    private static long query(Statement sql, String select) throws SQLException {
        try (ResultSet result = sql.executeQuery(select)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String batchId(int number, int event) {
        return "b" + number + "-" + event;
    }

    private static String batch(int number) {
        StringBuilder body = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"customer-").append((number + i) % 500)
                    .append("\", \"event\": \"Product Viewed\", \"messageId\": \"").append(batchId(number, i))
                    .append("\", \"properties\": {\"n\": ").append(i).append("}}");
        }
        return body.append("]}").toString();
    }

    /** One single event in ten is an order, which invites its customer to the NPS survey. */
    private static String track(int number) {
        return "{\"userId\": \"customer-" + number % 500 + "\", \"event\": \"" + (number % 10 == 0 ? "Order Completed"
                : "Page Viewed") + "\", \"messageId\": \"t" + number + "\"}";
    }

    /** The status of a POST; 0 when the request failed (the server was killed). */
    private int post(String url, String body, String type, boolean withWriteKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (withWriteKey) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((writeKey + ":")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status != 200 && status != 429 && !(status == 409 && !withWriteKey)) {
                unexpected.add(status + " from " + url.replaceAll("/[^/]{20,}$", "/{token}") + ": " + response.body()
                        .substring(0, Math.min(200, response.body().length())));
            }
            return status;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
