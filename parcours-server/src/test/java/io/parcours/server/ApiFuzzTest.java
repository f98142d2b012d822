package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.io.Fuzz;
import io.parcours.io.builtin.Templates;
import io.parcours.model.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the authenticated API, as its OpenAPI document lists them, under fire with an
 * admin token: path keys and query parameters of every awkward kind, and bodies that are mutated
 * valid ones (map files, teams, personas, stages, touchpoints, settings), random JSON, YAML bombs,
 * nesting 100,000 deep, invalid UTF-8 and bodies beyond the limit; and the editor's map file upload
 * with broken multipart bodies. Every answer is a 2xx or a 4xx with a JSON error (a page for the
 * editor), within the bound; whatever was accepted can be exported and imported again; the server
 * stays sound. See docs/fuzzing.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {
    FuzzedServer server;
    private final List<String[]> routes = new ArrayList<>();
    private final List<String> mapFiles = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) throws IOException {
        server = new FuzzedServer(data, SurveyFuzzTest.MAP);
        JsonNode paths = server.parcours.get("/api/openapi.json").json().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> path = paths.fields(); path.hasNext();) {
            Map.Entry<String, JsonNode> entry = path.next();
            for (Iterator<String> method = entry.getValue().fieldNames(); method.hasNext();) {
                String name = method.next();
                JsonNode operation = entry.getValue().path(name);
                List<String> queries = new ArrayList<>();
                operation.path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asText().equals("query")) {
                        queries.add(parameter.path("name").asText());
                    }
                });
                routes.add(new String[] {name.toUpperCase(java.util.Locale.ROOT), entry.getKey(), String.join(",", queries)});
            }
        }
        try (InputStream demo = getClass().getResourceAsStream("/io/parcours/io/demo/akwaba.yaml")) {
            mapFiles.add(new String(demo.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (Templates.Template template : Templates.list()) {
            mapFiles.add(Templates.text(template.name()));
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyRouteRefusesHostileRequestsClearly() throws Exception {
        assertThat(routes).as("routes of the OpenAPI document").hasSizeGreaterThan(40);
        Fuzz fuzz = Fuzz.of("http-api");
        for (int i = Fuzz.cases(350); i > 0; i--) {
            String[] route = fuzz.pick(routes);
            String method = route[0];
            if (method.equals("DELETE") && route[1].equals("/api/workspaces/{ws}")) {
                continue;
            }
            String target = fill(fuzz, route[1]) + query(fuzz, route[2]);
            byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : body(fuzz, route[1]);
            List<String[]> headers = RawHttp.headers("Authorization", "Bearer " + server.parcours.token,
                    "Content-Type", fuzz.pick("application/json", "application/yaml", "text/plain", "application/x-www-form-urlencoded"));
            byte[] request = RawHttp.request(method, target, headers, body, fuzz.chance(0.1));
            fuzz.check(method + " " + route[1], request, () -> FuzzedServer.assertAnsweredWell(server.send(request),
                    FuzzedServer.Refusal.JSON, false));
        }
        System.out.printf("%s; %d routes; %s%n", fuzz.summary(), routes.size(), server.statuses());
        ServerTestSupport.Answer export = server.parcours.get("/api/workspaces/akwaba/export");
        assertThat(export.status()).as("whatever was accepted exports: %s", export.body()).isEqualTo(200);
        ServerTestSupport.Answer imported = server.parcours.post("/api/workspaces/akwaba/import", export.body());
        assertThat(imported.status()).as("and imports again: %s", imported.body()).isEqualTo(200);
        server.assertSound();
    }

    @Test
    void theEditorsUploadRefusesHostileFilesClearly() throws Exception {
        ServerTestSupport.Session editor = server.parcours.login(Role.EDITOR);
        Fuzz fuzz = Fuzz.of("http-upload");
        for (int i = Fuzz.cases(40); i > 0; i--) {
            String file = switch (fuzz.between(0, 3)) {
                case 0 -> new String(fuzz.mutate(fuzz.pick(mapFiles).getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
                case 1 -> bomb(fuzz);
                case 2 -> fuzz.json(4);
                default -> fuzz.pick(mapFiles);
            };
            String boundary = "fuzz" + fuzz.between(0, 999);
            String name = fuzz.pick("map.yaml", "", "../../etc/passwd", "<script>alert(1)</script>.yaml", fuzz.text()).replace("\"", "");
            String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/yaml\r\n\r\n" + file + "\r\n--" + boundary
                    + fuzz.pick("--\r\n", "--\r\n", "", "\r\n", "--") ;
            if (fuzz.chance(0.2)) {
                multipart = new String(fuzz.mutate(multipart.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
            }
            String type = fuzz.chance(0.9) ? "multipart/form-data; boundary=" + boundary
                    : fuzz.pick("multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=" + boundary);
            byte[] request = RawHttp.request("POST", "/workspaces/akwaba/import", RawHttp.headers("Accept", "text/html",
                    "Content-Type", type, "Cookie", Authentication.SESSION_COOKIE + "=" + editor.cookie(),
                    Authentication.CSRF_HEADER, editor.csrf()), multipart.getBytes(StandardCharsets.ISO_8859_1), false);
            fuzz.check("upload", request, () -> {
                RawHttp.Response answer = server.send(request);
                FuzzedServer.assertAnsweredWell(answer, FuzzedServer.Refusal.PAGE, false);
                assertThat(answer.text()).doesNotContain("<script>alert(1)</script>");
            });
        }
        System.out.println(fuzz.summary());
        server.assertSound();
    }

    /** The path with each {parameter} filled: mostly what exists, sometimes what cannot. */
    private static String fill(Fuzz fuzz, String path) {
        StringBuilder filled = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!filled.isEmpty() || !part.isEmpty()) {
                filled.append('/');
            }
            if (!part.startsWith("{")) {
                filled.append(part);
                continue;
            }
            String known = switch (part) {
                case "{ws}" -> "akwaba";
                case "{map}" -> fuzz.pick("shop", "m" + fuzz.between(1, 3));
                case "{stage}" -> fuzz.pick("buy", "s" + fuzz.between(1, 3));
                case "{touchpoint}" -> fuzz.pick("order", "t" + fuzz.between(1, 3));
                case "{persona}" -> fuzz.pick("amina", "p" + fuzz.between(1, 3));
                case "{team}" -> "team-" + fuzz.between(1, 3);
                case "{version}", "{alert}" -> Integer.toString(fuzz.between(-1, 3));
                case "{source}" -> "web";
                case "{customer}" -> fuzz.pick("u1", "u3", "fuzz-valid");
                default -> "h" + fuzz.between(1, 3);
            };
            filled.append(fuzz.chance(0.85) ? known : fuzz.pick("%zz", "%2F", "..", "%00", "x".repeat(300), "9999999999999999999",
                    URLEncoder.encode(fuzz.text(), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return filled.toString();
    }

    private static String query(Fuzz fuzz, String names) {
        if (names.isEmpty() || fuzz.chance(0.3)) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        for (String name : names.split(",")) {
            if (fuzz.chance(0.6)) {
                String value = fuzz.pick("1", "0", "-1", "2147483648", "99999999999999999999", "shop", "buy", "order", "amina",
                        "2026-03-01", "2026-02-30", "+999999999-12-31T23:59:59Z", "week", "persona", "touchpoint", "true", "json",
                        "text", "funnel", "x=y", "", "NaN", "1e9", fuzz.text(), "x".repeat(fuzz.pick(1_001, 5_000)));
                query.append(query.length() > 1 ? "&" : "").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return fuzz.chance(0.1) ? query + "&%zz=%" : query.toString();
    }

    /** A body for the route: a valid one mutated, random JSON, a bomb, invalid UTF-8, or more than the limit. */
    private byte[] body(Fuzz fuzz, String path) {
        String valid = valid(fuzz, path);
        String text = switch (fuzz.between(0, 9)) {
            case 0, 1 -> new String(fuzz.mutate(valid.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
            case 2, 3 -> fuzz.json(4);
            case 4 -> bomb(fuzz);
            case 5 -> fuzz.chance(0.1) ? "x".repeat(9_000_000) : "{\"name\": " + Fuzz.quoted(fuzz.longText(fuzz.size(500_000))) + "}";
            default -> valid;
        };
        return text.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(text) ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
    }

    /** A body the route takes. */
    private String valid(Fuzz fuzz, String path) {
        if (path.endsWith("/import")) {
            return fuzz.pick(mapFiles);
        }
        if (path.endsWith("/maps/{map}")) {
            return SurveyFuzzTest.MAP;
        }
        if (path.endsWith("/stages/{stage}")) {
            return "{\"name\": \"Stage\", \"emotion\": {\"score\": 1, \"word\": \"glad\"}}";
        }
        if (path.endsWith("/touchpoints/{touchpoint}")) {
            return "{\"name\": \"Touchpoint\", \"stage\": \"buy\", \"channel\": \"web\", \"match\": [{\"event\": \"Order Completed\"}]}";
        }
        if (path.endsWith("/teams/{team}")) {
            return "{\"name\": \"Team\", \"email\": \"team@example.com\"}";
        }
        if (path.endsWith("/personas/{persona}")) {
            return "{\"name\": \"Persona\", \"goals\": [\"a\"]}";
        }
        if (path.endsWith("/survey-settings")) {
            return "{\"throttleDays\": 30}";
        }
        if (path.endsWith("/sources") || path.equals("/api/workspaces")) {
            return "{\"key\": \"k" + fuzz.between(1, 5) + "\", \"name\": \"Name\"}";
        }
        if (path.endsWith("/hypotheses/{hypothesis}")) {
            return "{\"map\": \"shop\", \"touchpoint\": \"order\", \"change\": \"New button\", \"metric\": \"conversion\", "
                    + "\"expectedEffect\": 0.05, \"test\": \"before-after\", \"changedAt\": \"2026-03-01\"}";
        }
        return fuzz.json(3);
    }

    private static String bomb(Fuzz fuzz) {
        return switch (fuzz.between(0, 3)) {
            case 0 -> Fuzz.billionLaughs(9, 12, fuzz.chance(0.5));
            case 1 -> fuzz.nested(100_000);
            case 2 -> "maps: &m [*m]\n";
            default -> "personas:\n" + "  - {key: p, name: P}\n".repeat(fuzz.pick(10, 20_000));
        };
    }
}
