package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.SurveyAnswer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text that customers and users send reaches SQL only as bound values: event names and ids shaped
 * like SQL are stored and found exactly as sent, and the comment search finds quotes, percent signs
 * and underscores literally, never as SQL or as wildcards.
 */
class SqlInjectionTest {
    private static final String DROP = "x'); DROP TABLE events; --";
    private static final String ALWAYS = "' OR '1'='1";

    @TempDir
    Path data;

    @Test
    void textShapedLikeSqlIsStoredAndSearchedAsText() {
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            String key = AnalyticsApiTest.loadJourneys(parcours);
            AnalyticsApiTest.send(parcours, key, """
                    {"batch": [
                      {"type": "track", "userId": DROP, "event": DROP, "timestamp": "2026-01-11T10:00:00Z"},
                      {"type": "track", "userId": ALWAYS, "event": "Seen", "timestamp": "2026-01-11T10:01:00Z"}
                    ]}""".replace("DROP", json(DROP)).replace("ALWAYS", json(ALWAYS)));
            JsonNode byName = parcours.get("/api/workspaces/akwaba/events?name=" + encode(DROP)).json();
            assertThat(byName).hasSize(1);
            assertThat(byName.get(0).get("userId").asText()).isEqualTo(DROP);
            JsonNode byCustomer = parcours.get("/api/workspaces/akwaba/events?customer=" + encode(ALWAYS)).json();
            assertThat(byCustomer).hasSize(1);
            assertThat(byCustomer.get(0).get("name").asText()).isEqualTo("Seen");
            assertThat(parcours.get("/api/workspaces/akwaba/events?limit=1000").json()).as("every event still there")
                    .hasSize(15);

            List<SurveyAnswer> answers = new ArrayList<>();
            String[] comments = {"plain", "100% happy", "it's fine", "under_score", "underscore"};
            for (int i = 0; i < comments.length; i++) {
                answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "amina-current", "csat-seller", "shop-seller",
                        SurveyType.CSAT, "c" + i, "en", Optional.of(4), Optional.of(comments[i]), "{}", Instant.now()));
            }
            parcours.store.surveys().appendAnswers("akwaba", answers);
            ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
            assertThat(search(parcours, viewer, "%")).containsExactly("100% happy");
            assertThat(search(parcours, viewer, "_")).containsExactly("under_score");
            assertThat(search(parcours, viewer, "'")).containsExactly("it's fine");
            assertThat(search(parcours, viewer, ALWAYS)).isEmpty();
            assertThat(search(parcours, viewer, "score")).containsExactlyInAnyOrder("under_score", "underscore");
        }
    }

    /** The comments the survey's results page lists for {@code text}. */
    private static List<String> search(ServerTestSupport parcours, ServerTestSupport.Session viewer, String text) {
        ServerTestSupport.Answer page = parcours.page("/workspaces/akwaba/maps/amina-current/surveys/csat-seller?search="
                + encode(text), viewer);
        assertThat(page.status()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        Matcher comment = Pattern.compile("<li><q>(.*?)</q>").matcher(page.body());
        while (comment.find()) {
            found.add(AnalyticsPagesTest.text(comment.group(1)));
        }
        return found;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String json(String text) {
        try {
            return ServerTestSupport.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
