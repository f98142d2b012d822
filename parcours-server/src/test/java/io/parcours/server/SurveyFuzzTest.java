package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.Fuzz;
import io.parcours.store.AnswerFilter;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import io.parcours.store.SurveyRecords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public survey routes under fire: the answer API ({@code /v1/surveys/{token}}), the hosted
 * page ({@code /s/{token}}) and the widget's {@code /v1/surveys/pending}, with unknown, forged,
 * truncated and huge tokens, answers of the wrong type and out of range, comments beyond the limit,
 * broken form encodings, repeated fields and repeated answers, mixed with genuine answers. Every
 * answer is a 2xx, a redirect or a 4xx that says why (JSON for the API, a page for the browser),
 * each genuine answer is stored exactly once, and the server stays sound. See docs/fuzzing.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurveyFuzzTest {
    /**
     * A map whose touchpoints match the fuzz tests' valid events, with a conversion goal (so that
     * every analysis runs), a standard survey and a custom one of every kind of question.
     */
    static final String MAP = """
            key: shop
            name: Shop
            persona: amina
            conversion: order
            stages:
              - key: visit
                name: Visit
                touchpoints:
                  - key: home
                    name: Home
                    channel: web
                    match:
                      - type: page
              - key: buy
                name: Buy
                touchpoints:
                  - key: order
                    name: Order
                    channel: web
                    match:
                      - Order Completed
                    surveys:
                      - key: nps-order
                        type: nps
                      - key: visit
                        type: custom
                        questions:
                          - key: stars
                            kind: rating
                            text: How many stars?
                            min: 1
                            max: 5
                          - key: topics
                            kind: multiple
                            text: "<img src=x onerror=alert(1)> What mattered?"
                            choices:
                              - {key: price, text: Price}
                              - {key: speed, text: Speed}
                          - key: found
                            kind: single
                            text: Found it?
                            choices:
                              - {key: "yes", text: "Yes"}
                              - {key: "no", text: "No"}
                          - key: comment
                            kind: text
                            text: Anything else?
                            required: false
            """;

    FuzzedServer server;
    private final List<String> answeredTokens = new ArrayList<>();
    private int invited;

    @BeforeAll
    void start(@TempDir Path data) {
        server = new FuzzedServer(data, MAP);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyHostileAnswerIsRefusedClearlyAndEveryGenuineOneIsKeptOnce() throws Exception {
        Fuzz fuzz = Fuzz.of("http-surveys");
        List<String> genuine = new ArrayList<>();
        List<String> retry = new ArrayList<>();
        for (int i = Fuzz.cases(400); i > 0; i--) {
            if (fuzz.chance(0.1)) {
                String customer = "answerer-" + genuine.size();
                genuine.add(customer);
                fuzz.check("a genuine answer", customer, () -> answerGenuinely(fuzz, customer, retry));
                continue;
            }
            Hostile request = switch (fuzz.between(0, 8)) {
                case 0, 1 -> read(fuzz, fuzz.chance(0.5) ? "/v1/surveys/" : "/s/");
                case 2, 3, 4 -> answerJson(fuzz);
                case 5, 6, 7 -> answerForm(fuzz);
                default -> pending(fuzz);
            };
            fuzz.check(request.what(), request.bytes(), () -> {
                RawHttp.Response answer = server.send(request.bytes());
                FuzzedServer.assertAnsweredWell(answer, request.refusal(), false);
                if (answer.status() < 400) {
                    assertThat(answer.text()).as("what a customer typed is escaped").doesNotContain("<script>alert(1)</script>");
                }
            });
        }
        for (String customer : new ArrayList<>(retry)) {
            retry.remove(customer);
            answerGenuinely(fuzz, customer, retry);
        }
        assertThat(retry).as("genuine answers refused even when sent again").isEmpty();
        Map<String, Long> answers = server.parcours.store.surveys().scored(AnswerFilter.all("akwaba")).stream()
                .map(SurveyRecords.Scored::customer).filter(customer -> customer.startsWith("answerer-"))
                .collect(Collectors.groupingBy(customer -> customer, Collectors.counting()));
        assertThat(answers.keySet()).as("customers whose genuine answer is stored").containsExactlyInAnyOrderElementsOf(genuine);
        assertThat(answers.values()).as("answers stored per genuine answer").containsOnly(1L);
        System.out.printf("%s; %d genuine answers; %s%n", fuzz.summary(), genuine.size(), server.statuses());
        server.assertSound();
    }

    @Test
    void aMultipartAnswerOnTheSurveyPageIsRead() {
        String token = invite("nps-order", "multipart-customer", "en");
        byte[] form = "--b\r\nContent-Disposition: form-data; name=\"score\"\r\n\r\n7\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response answer = server.send(RawHttp.request("POST", "/s/" + token, RawHttp.headers("Accept", "text/html",
                "Content-Type", "multipart/form-data; boundary=b"), form, false));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(server.parcours.store.surveys().scored(AnswerFilter.all("akwaba")))
                .anyMatch(scored -> scored.customer().equals("multipart-customer") && scored.score() == 7);
    }

    @Test
    void anAnswerInAnUnknownCharacterSetIsRefusedWithThePage() {
        String token = invite("nps-order", "charset-customer", "en");
        RawHttp.Response answer = server.send(RawHttp.request("POST", "/s/" + token, RawHttp.headers("Accept", "text/html",
                "Content-Type", "application/x-www-form-urlencoded; charset=nope"), "score=7".getBytes(StandardCharsets.UTF_8),
                false));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.isHtml()).isTrue();
    }

    /** A request and how its refusal must be written. */
    private record Hostile(String what, byte[] bytes, FuzzedServer.Refusal refusal) {}

    /** A new invitation of the survey to the customer, and its token. */
    private String invite(String survey, String customer, String locale) {
        Instant now = Instant.now();
        List<Invitation> made = server.parcours.store.surveys().recordTriggered("akwaba", -1, List.of(new NewInvitation(
                "shop", survey, "order", customer, Optional.empty(), locale, Optional.empty(), now, now,
                now.plus(Duration.ofDays(7)))));
        return made.get(0).token();
    }

    /** A token: genuine and open, already answered, forged from a genuine one, or made up. */
    private String token(Fuzz fuzz) {
        return switch (fuzz.between(0, 6)) {
            case 0, 1 -> invite(fuzz.pick("nps-order", "visit"), "open-" + invited++, fuzz.pick("en", "fr-FR", "de", ""));
            case 2 -> answeredTokens.isEmpty() ? "none" : fuzz.pick(answeredTokens);
            case 3 -> {
                String genuine = invite("nps-order", "forged-" + invited++, "en");
                byte[] bytes = fuzz.mutate(genuine.getBytes(StandardCharsets.UTF_8));
                yield URLEncoder.encode(new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            case 4 -> URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8);
            case 5 -> fuzz.pick("%zz", "%", "..", "%2e%2e%2fapi", "%00", "a%2Fb", "x".repeat(fuzz.pick(300, 5_000, 20_000)));
            default -> fuzz.pick("", "pending", "null", "0", "-1", "' OR 1=1 --");
        };
    }

    private Hostile read(Fuzz fuzz, String prefix) {
        String query = fuzz.chance(0.3) ? "?lang=" + URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8) : "";
        boolean page = prefix.equals("/s/");
        List<String[]> headers = RawHttp.headers("Accept", page ? "text/html" : "application/json");
        if (fuzz.chance(0.3)) {
            headers.addAll(RawHttp.headers("Accept-Language", fuzz.text().replace("\r", "").replace("\n", "")));
        }
        return new Hostile("GET " + prefix, RawHttp.request("GET", prefix + token(fuzz) + query, headers, new byte[0], false),
                page ? FuzzedServer.Refusal.PAGE : FuzzedServer.Refusal.JSON);
    }

    private Hostile answerJson(Fuzz fuzz) {
        String body = switch (fuzz.between(0, 7)) {
            case 0 -> fuzz.json(4);
            case 1 -> "{\"answers\":{\"score\":" + fuzz.json(2) + ",\"why\":" + fuzz.json(1) + "}}";
            case 2 -> "{\"answers\":{\"score\":9,\"why\":" + Fuzz.quoted(fuzz.longText(fuzz.pick(2_001, 15_000, 17_000))) + "}}";
            case 3 -> "{\"answers\":{\"stars\":" + fuzz.json(1) + ",\"topics\":" + fuzz.json(2) + ",\"found\":" + fuzz.json(1)
                    + ",\"comment\":" + fuzz.json(1) + "}}";
            case 4 -> "{\"answers\":" + fuzz.nested(fuzz.size(100_000)) + "}";
            case 5 -> new String(fuzz.mutate("{\"answers\":{\"score\":9,\"why\":\"fine\"}}".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.ISO_8859_1);
            case 6 -> "{\"answers\":{\"" + fuzz.text().replace("\"", "") + "\":1}}";
            default -> "{\"answers\":{\"stars\":3,\"topics\":[\"price\",\"price\"],\"found\":\"yes\"}}";
        };
        byte[] bytes = body.getBytes(fuzz.chance(0.1) ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1);
        return new Hostile("POST /v1/surveys", RawHttp.request("POST", "/v1/surveys/" + token(fuzz),
                RawHttp.headers("Content-Type", fuzz.pick("application/json", "text/plain", "application/x-www-form-urlencoded")),
                bytes, fuzz.chance(0.1)), FuzzedServer.Refusal.JSON);
    }

    private Hostile answerForm(Fuzz fuzz) {
        String form = switch (fuzz.between(0, 8)) {
            case 0 -> "score=" + URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8) + "&why="
                    + URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8);
            case 1 -> fuzz.pick("%zz", "%", "score=%C3%28", "=&&==", "&", "score", "score=%00", "score=1&score=2&score=11",
                    "score=9&why=%E2%82", "%%%", "a=b=c", "score=+9+", "score=9%20");
            case 2 -> "score=9&why=" + "x".repeat(fuzz.pick(2_001, 15_000, 17_000));
            case 3 -> "stars=" + fuzz.pick("0", "6", "3", "x", "") + "&topics=" + fuzz.pick("price", "nope", "")
                    + "&topics=" + fuzz.pick("price", "speed") + "&found=" + fuzz.pick("yes", "maybe", "") + "&comment="
                    + URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8);
            case 4 -> new String(fuzz.mutate("score=9&why=fine&stars=3&found=yes".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.ISO_8859_1);
            case 5 -> "score=9&".repeat(fuzz.pick(1_000, 50_000));
            case 6 -> fuzz.json(3);
            case 7 -> "--x\r\nContent-Disposition: form-data; name=\"score\"\r\n\r\n9\r\n" + fuzz.pick("--x--", "", "--y--", "--x");
            default -> "score=9&why=" + URLEncoder.encode("<script>alert(1)</script>", StandardCharsets.UTF_8);
        };
        String type = form.startsWith("--x") ? fuzz.pick("multipart/form-data; boundary=x", "multipart/form-data")
                : fuzz.pick("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=" + fuzz.pick(
                        "utf-8", "iso-8859-1", "utf-16", "nope"), "text/plain", "application/json");
        return new Hostile("POST /s", RawHttp.request("POST", "/s/" + token(fuzz),
                RawHttp.headers("Content-Type", type, "Accept", "text/html"), form.getBytes(StandardCharsets.ISO_8859_1),
                fuzz.chance(0.1)), FuzzedServer.Refusal.PAGE);
    }

    private Hostile pending(Fuzz fuzz) {
        String key = fuzz.chance(0.6) ? server.writeKey : URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8);
        String who = fuzz.pick("userId", "anonymousId", "user", "");
        String id = fuzz.chance(0.3) ? "x".repeat(fuzz.pick(199, 201, 10_000)) : URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8);
        return new Hostile("GET /v1/surveys/pending", RawHttp.request("GET", "/v1/surveys/pending?writeKey=" + key + "&" + who
                + "=" + id, List.of(), new byte[0], false), FuzzedServer.Refusal.JSON);
    }

    /** A customer answers their NPS invitation, by the API or the page; sometimes twice, the second refused. */
    private void answerGenuinely(Fuzz fuzz, String customer, List<String> retry) throws Exception {
        String token = invite("nps-order", customer, "fr-FR");
        int score = fuzz.between(0, 10);
        boolean page = fuzz.chance(0.5);
        for (int attempt = 0; attempt < (fuzz.chance(0.3) ? 2 : 1); attempt++) {
            RawHttp.Response answer = page
                    ? server.send(RawHttp.request("POST", "/s/" + token, RawHttp.headers("Accept", "text/html",
                            "Content-Type", "application/x-www-form-urlencoded"), ("score=" + score + "&why=" + URLEncoder.encode("très bien 😀", StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8), false))
                    : server.send(RawHttp.request("POST", "/v1/surveys/" + token, RawHttp.headers("Content-Type",
                            "application/json"), ("{\"answers\":{\"score\":" + score + ",\"why\":\"très bien 😀\"}}")
                            .getBytes(StandardCharsets.UTF_8), false));
            if (answer.status() == 429 || answer.status() == 503) {
                retry.add(customer);
                return;
            }
            assertThat(answer.status()).as("answer %d of a genuine invitation: %s", attempt + 1, answer.text())
                    .isEqualTo(attempt == 0 ? 200 : 409);
        }
        answeredTokens.add(token);
    }
}
