package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets are kept only as hashes: after write keys, API tokens (the admin's and personal ones),
 * sessions, users with passwords (made, changed, reset) and survey invitations were made and used,
 * no secret appears in any column of any table of the database, read straight through JDBC, nor in
 * any file of the data folder (the event journal included); passwords are kept as Argon2id hashes.
 */
class StoredSecretsTest {
    @TempDir
    Path data;

    @Test
    void noSecretIsStoredAsItIs() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> passwordHashes = new ArrayList<>();
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            secrets.put("admin token", parcours.token);
            parcours.akwabaWithMap(SurveyApiTest.MAP);
            String writeKey = parcours.writeKey();
            secrets.put("write key", writeKey);
            secrets.put("second write key", parcours.post("/api/workspaces/akwaba/sources/web/keys", "").json()
                    .get("secret").asText());
            // The write key used every way a sender may send it, so the events (and their journal) are written.
            String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
            assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/track")).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": \"ana\", \"event\": \"Seen\"}")).build()).status())
                    .isEqualTo(200);
            assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/batch")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\": \"" + writeKey + "\", \"batch\": [{\"type\": "
                            + "\"track\", \"userId\": \"bo\", \"event\": \"Seen\", \"writeKey\": \"" + writeKey + "\"}]}"))
                    .build()).status()).isEqualTo(200);

            ServerTestSupport.Session admin = parcours.login(Role.ADMIN);
            secrets.put("admin's password", ServerTestSupport.PASSWORD);
            secrets.put("session cookie", admin.cookie());
            String password = parcours.post("/api/users", "{\"email\": \"ana@example.com\", \"role\": \"editor\"}").json()
                    .get("password").asText();
            secrets.put("generated password", password);
            ServerTestSupport.Session ana = parcours.login("ana@example.com", password);
            secrets.put("second session cookie", ana.cookie());
            String changed = "tortoise mango salt river 2026";
            secrets.put("changed password", changed);
            assertThat(parcours.submit("/account/password", ana, Map.of("current", password, "next", changed)).status())
                    .isEqualTo(303);
            String anaId = parcours.store.users().byEmail("ana@example.com").orElseThrow().id();
            secrets.put("reset password", parcours.post("/api/users/" + anaId + "/password", "").json()
                    .get("password").asText());
            ServerTestSupport.Answer token = parcours.send(HttpRequest.newBuilder(parcours.uri("/api/me/tokens"))
                    .header("Cookie", Authentication.SESSION_COOKIE + "=" + admin.cookie())
                    .header(Authentication.CSRF_HEADER, admin.csrf()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"laptop\"}")).build());
            secrets.put("personal token", token.json().get("secret").asText());

            Instant now = Instant.now();
            List<Invitation> invited = parcours.store.surveys().recordTriggered("akwaba", Long.MAX_VALUE, List.of(
                    new NewInvitation("shop", "nps-order", "order", "ana", Optional.empty(), "fr",
                            Optional.of("ana@example.com"), now, now, now.plus(Duration.ofDays(7)))));
            String surveyToken = invited.get(0).token();
            secrets.put("survey token", surveyToken);
            assertThat(parcours.send(HttpRequest.newBuilder(parcours.uri("/v1/surveys/" + surveyToken))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"answers\": {\"score\": 9}}")).build()).status()).isEqualTo(200);

            parcours.store.events().awaitLoaded(30_000);
            Map<String, List<String>> tables = DatabaseDump.of(data);
            assertThat(tables).containsKeys("write_keys", "api_tokens", "users", "user_sessions", "survey_invitations", "event_rows");
            assertThat(tables.get("event_rows")).hasSize(2);
            assertThat(String.join("\n", tables.get("write_keys"))).as("the dump reads the column that holds the key's hash")
                    .contains(sha256(writeKey));
            tables.forEach((table, rows) -> rows.forEach(row -> secrets.forEach((what, secret) ->
                    assertThat(row).as("table %s holds the %s", table, what).doesNotContain(secret))));
            for (String row : tables.get("users")) {
                passwordHashes.addAll(List.of(row.split("\t")).stream().filter(cell -> cell.startsWith("$argon2")).toList());
            }
        }
        assertThat(passwordHashes).as("every user's password is an Argon2id hash").hasSize(2)
                .allSatisfy(hash -> assertThat(hash).startsWith("$argon2id$"));

        // Every file of the data folder, read as bytes after the server stopped: the journal, the database, the rest.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(file -> file.toString().contains("journal"));
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            secrets.forEach((what, secret) -> assertThat(bytes).as("%s holds the %s", file, what).doesNotContain(secret));
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
