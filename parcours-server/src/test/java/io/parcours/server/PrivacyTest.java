package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customers' rights on a real server: a customer's data exported as JSON, then erased everywhere
 * (the events table, the journal, the journey index, survey invitations and answers, loaded
 * results), while the other customers keep everything; and retention periods that purge old data.
 */
class PrivacyTest {
    private static final String API = "/api/workspaces/akwaba/";

    @TempDir
    Path data;
    ServerTestSupport parcours;
    String writeKey;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(SurveyApiTest.MAP);
        writeKey = parcours.writeKey();
        parcours.store.surveys().setThrottleDays("akwaba", 0);
    }

    @AfterEach
    void stop() {
        if (parcours != null) {
            parcours.close();
        }
    }

    private ServerTestSupport.Answer track(String path, String body) {
        return parcours.send(HttpRequest.newBuilder(parcours.uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static final String ALICE_AND_OTHERS = """
            {"batch": [
              {"type": "page", "anonymousId": "anon-alice", "name": "Home", "messageId": "a1",
               "context": {"ip": "203.0.113.77", "userAgent": "Firefox"}},
              {"type": "identify", "anonymousId": "anon-alice", "userId": "alice", "messageId": "a2",
               "traits": {"email": "alice.martin@example.com", "name": "Alice Martin"}},
              {"type": "track", "userId": "alice", "event": "Order Completed", "messageId": "a3",
               "properties": {"note": "leave at the blue door"}},
              {"type": "track", "userId": "bob", "event": "Order Completed", "messageId": "b1"},
              {"type": "page", "anonymousId": "anon-carol", "name": "Home", "messageId": "c1"}
            ]}""";

    /** Waits (at most 20 s) until the survey triggers have invited {@code userId}; their first invitation's token. */
    private String invitationOf(String userId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            ServerTestSupport.Answer pending = parcours.send(HttpRequest.newBuilder(
                    parcours.uri("/v1/surveys/pending?userId=" + userId + "&writeKey=" + writeKey)).GET().build());
            assertThat(pending.status()).as(pending.body()).isEqualTo(200);
            for (JsonNode invitation : pending.json()) {
                if (invitation.get("survey").asText().equals("nps-order")) {
                    return invitation.get("token").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no invitation for " + userId);
    }

    @Test
    void aCustomerIsExportedThenErasedEverywhereWhileOthersKeepTheirs() throws Exception {
        Thread.sleep(2_500); // the triggers start after the newest event when they first see the surveys
        assertThat(track("/v1/batch", ALICE_AND_OTHERS).status()).isEqualTo(200);
        for (String customer : List.of("alice", "bob")) {
            String token = invitationOf(customer);
            ServerTestSupport.Answer answered = track("/v1/surveys/" + token, "{\"answers\": {\"score\": "
                    + (customer.equals("alice") ? 3 : 9) + ", \"why\": \"" + customer + " found the delivery slow\"}}");
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        }
        parcours.store.loadedResults().add("akwaba", "abandonment", "from Spark", "spark", "{}", "test",
                "{\"withIntent\": 3, \"abandoned\": 2, \"customers\": [\"alice\", \"anon-carol\"]}", Instant.now());
        assertThat(parcours.get(API + "journeys").json().get("customers").asInt()).isEqualTo(3);

        // Right of access: everything about Alice, found by her anonymous id.
        ServerTestSupport.Answer export = parcours.get(API + "customers/anon-alice/data");
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).contains("attachment");
        JsonNode alice = export.json();
        assertThat(alice.get("customer").asText()).isEqualTo("alice");
        assertThat(alice.get("ids")).extracting(JsonNode::asText).containsExactlyInAnyOrder("anon-alice", "alice");
        assertThat(alice.get("events")).extracting(event -> event.get("messageId").asText())
                .containsExactly("a1", "a2", "a3");
        assertThat(alice.get("events").get(1).get("traits").get("email").asText()).isEqualTo("alice.martin@example.com");
        assertThat(alice.get("events").get(2).get("properties").get("note").asText()).isEqualTo("leave at the blue door");
        // IP addresses are truncated by default: the last byte never reaches the disk.
        assertThat(alice.get("events").get(0).get("context").get("ip").asText()).isEqualTo("203.0.113.0");
        assertThat(alice.get("events").get(0).get("context").get("userAgent").asText()).isEqualTo("Firefox");
        assertThat(alice.get("surveyInvitations")).isNotEmpty();
        assertThat(alice.get("surveyAnswers")).hasSize(1);
        assertThat(alice.get("surveyAnswers").get(0).get("score").asInt()).isEqualTo(3);
        assertThat(alice.get("surveyAnswers").get(0).get("comment").asText()).isEqualTo("alice found the delivery slow");

        // Only admins exercise customers' rights.
        String viewer = parcours.store.createToken("viewer", Role.VIEWER).secret();
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(parcours.uri(API + "customers/alice/data")).GET(),
                HttpRequest.newBuilder(parcours.uri(API + "customers/alice")).DELETE())) {
            assertThat(parcours.send(request.header("Authorization", "Bearer " + viewer).build()).status())
                    .isEqualTo(403);
        }
        assertThat(parcours.get(API + "customers/nobody-at-all/data").status()).isEqualTo(404);

        // Right to erasure, by her user id.
        ServerTestSupport.Answer erased = parcours.delete(API + "customers/alice");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().get("ids").asInt()).isEqualTo(2);
        assertThat(erased.json().get("events").asLong()).isEqualTo(3);
        assertThat(erased.json().get("answers").asInt()).isEqualTo(1);
        assertThat(erased.json().get("invitations").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(erased.json().get("results").asInt()).isEqualTo(1);

        for (String id : List.of("alice", "anon-alice")) {
            assertThat(parcours.get(API + "customers/" + id + "/journey").status()).isEqualTo(404);
            assertThat(parcours.get(API + "customers/" + id + "/data").status()).isEqualTo(404);
            assertThat(parcours.get(API + "events?customer=" + id).json()).isEmpty();
        }
        assertThat(parcours.delete(API + "customers/alice").status()).as("nothing left to erase").isEqualTo(404);
        // The journey index was rebuilt without her; Bob and Carol keep everything.
        assertThat(parcours.get(API + "journeys").json().get("customers").asInt()).isEqualTo(2);
        assertThat(parcours.get(API + "journeys").json().get("events").asInt()).isEqualTo(2);
        assertThat(parcours.get(API + "customers/bob/journey").json().get("events").asInt()).isEqualTo(1);
        assertThat(parcours.get(API + "customers/bob/data").json().get("surveyAnswers")).hasSize(1);
        assertThat(parcours.get(API + "customers/anon-carol/journey").status()).isEqualTo(200);
        String result = parcours.store.loadedResults().find("akwaba",
                parcours.store.loadedResults().all("akwaba").get(0).id()).orElseThrow().result();
        assertThat(result).doesNotContain("alice").contains("anon-carol");
        JsonNode erasures = parcours.get(API + "erasures").json();
        assertThat(erasures).hasSize(1);
        assertThat(erasures.get(0).get("requestedBy").asText()).isEqualTo("admin");
        assertThat(erasures.get(0).get("events").asLong()).isEqualTo(3);
        assertThat(erasures.toString()).doesNotContain("alice");

        // Nothing of hers is left on disk: not in any table of the database, not in the journal.
        parcours.close();
        parcours = null;
        List<String> secrets = List.of("alice", "alice.martin@example.com", "leave at the blue door",
                "alice found the delivery slow");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + data.resolve(ParcoursStore.DATABASE_FILE))) {
            List<String> found = textsContaining(db, secrets);
            assertThat(found).as("personal data left in the database").isEmpty();
            assertThat(textsContaining(db, List.of("bob found the delivery slow"))).as("the check can find data")
                    .isNotEmpty();
        }
        try (Stream<Path> files = Files.walk(data.resolve("journal"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain("alice").doesNotContain("blue door");
            }
        }

        // Restarted: the index is rebuilt without her, and a client retrying her old messages cannot bring them back.
        parcours = new ServerTestSupport(data);
        assertThat(parcours.get(API + "journeys").json().get("customers").asInt()).isEqualTo(2);
        assertThat(track("/v1/batch", ALICE_AND_OTHERS).status()).isEqualTo(200);
        assertThat(parcours.get(API + "customers/alice/journey").status()).isEqualTo(404);
        assertThat(parcours.get(API + "journeys").json().get("events").asInt()).isEqualTo(2);
        // She may come back as a new customer, with only what she sends from now on.
        assertThat(track("/v1/track", "{\"userId\": \"alice\", \"event\": \"Product Viewed\", \"messageId\": \"a4\"}")
                .status()).isEqualTo(200);
        JsonNode back = parcours.get(API + "customers/alice/journey").json();
        assertThat(back.get("events").asInt()).isEqualTo(1);
        assertThat(back.get("ids")).extracting(JsonNode::asText).containsExactly("alice");
        assertThat(parcours.get(API + "journeys").json().get("customers").asInt()).isEqualTo(3);
    }

    /** Every text value of every table that contains one of {@code needles}, as table.column: value. */
    private static List<String> textsContaining(Connection db, List<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        List<String[]> columns = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                        + "WHERE data_type = 'VARCHAR' AND table_schema = 'main'")) {
            while (rows.next()) {
                columns.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        for (String[] column : columns) {
            for (String needle : needles) {
                try (var select = db.prepareStatement("SELECT \"" + column[1] + "\" FROM \"" + column[0] + "\" WHERE contains(\""
                        + column[1] + "\", ?) LIMIT 1")) {
                    select.setString(1, needle);
                    try (ResultSet rows = select.executeQuery()) {
                        if (rows.next()) {
                            found.add(column[0] + "." + column[1] + ": " + rows.getString(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void retentionPeriodsPurgeOldDataAndTheIdsOnlyItCarried() throws IOException {
        Instant now = Instant.now();
        String old = now.minus(400, ChronoUnit.DAYS).toString();
        String recent = now.minus(2, ChronoUnit.DAYS).toString();
        assertThat(track("/v1/batch", """
                {"batch": [
                  {"type": "track", "userId": "gone", "event": "Product Viewed", "timestamp": "%1$s"},
                  {"type": "track", "userId": "stays", "event": "Product Viewed", "timestamp": "%1$s"},
                  {"type": "track", "userId": "stays", "event": "Order Completed", "timestamp": "%2$s"},
                  {"type": "track", "userId": "new", "event": "Product Viewed", "timestamp": "%2$s"}
                ]}""".formatted(old, recent)).status()).isEqualTo(200);
        parcours.store.surveys().appendAnswers("akwaba", List.of(
                answer("stays", 8, now.minus(40, ChronoUnit.DAYS)), answer("new", 10, now.minus(1, ChronoUnit.DAYS))));

        // Bad periods are refused with the field named, and change nothing.
        for (String[] bad : List.of(new String[] {"{\"events\": 0}", "events"}, new String[] {"{\"events\": \"a year\"}", "events"},
                new String[] {"{\"colour\": 3}", "kind"}, new String[] {"[]", ""}, new String[] {"{\"answers\": 36501}", "answers"})) {
            ServerTestSupport.Answer refused = parcours.put(API + "retention", bad[0]);
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            JsonNode field = refused.json().get("error").get("field");
            assertThat(field == null ? "" : field.asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        JsonNode periods = parcours.get(API + "retention").json();
        assertThat(periods.has("events")).as("kept forever: no period").isFalse();

        periods = parcours.put(API + "retention", "{\"events\": 365, \"answers\": 30}").json();
        assertThat(periods.get("events").asInt()).isEqualTo(365);
        assertThat(periods.get("answers").asInt()).isEqualTo(30);
        assertThat(periods.has("invitations")).isFalse();

        JsonNode purged = parcours.post(API + "retention/purge", "").json();
        assertThat(purged.get("events").asLong()).isEqualTo(2);
        assertThat(purged.get("ids").asInt()).as("'gone' had only old events").isEqualTo(1);
        assertThat(purged.get("answers").asInt()).isEqualTo(1);
        assertThat(parcours.get(API + "customers/gone/journey").status()).isEqualTo(404);
        assertThat(parcours.get(API + "customers/stays/journey").json().get("events").asInt()).isEqualTo(1);
        assertThat(parcours.get(API + "journeys").json().get("customers").asInt()).isEqualTo(2);
        assertThat(parcours.get(API + "customers/stays/data").json().get("surveyAnswers")).isEmpty();
        assertThat(parcours.get(API + "customers/new/data").json().get("surveyAnswers")).hasSize(1);
        // A second pass finds nothing more; null keeps a kind forever again.
        assertThat(parcours.post(API + "retention/purge", "").json().get("events").asLong()).isZero();
        assertThat(parcours.put(API + "retention", "{\"events\": null}").json().has("events")).isFalse();
    }

    private static SurveyAnswer answer(String customer, int score, Instant at) {
        return new SurveyAnswer(Optional.empty(), "akwaba", "shop", "nps-order", "order", SurveyType.NPS, customer, "en",
                Optional.of(score), Optional.empty(), "{\"score\": " + score + "}", at);
    }
}
