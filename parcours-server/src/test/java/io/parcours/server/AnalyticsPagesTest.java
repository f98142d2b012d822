package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.parcours.model.Role;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics pages over HTTP, on the demo map and a handful of real journeys: each page's table
 * and its CSV hold the numbers the JSON API answers for the same filters, the filters change them,
 * a bad filter is a 400 page naming it, and what customers sent comes out escaped, in the HTML and
 * in the charts' JSON.
 */
class AnalyticsPagesTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String TAG = "\"><img src=x onerror=alert(1)>";
    static final String TOUCHPOINT_NAME = "</script><script>alert(1)</script>";
    private static final String PAGES = "/workspaces/akwaba/analytics/";
    private static final String API = "/api/workspaces/akwaba/analytics/";
    private static final String MAP = "map=amina-current";

    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session viewer;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        loadJourneys(parcours);
        viewer = parcours.login(Role.VIEWER);
    }

    /**
     * The journeys of {@link AnalyticsApiTest} (c1 to c5), and more: c1 identifies herself; c5 once
     * does something named like a spreadsheet formula; the map gets a touchpoint named like a
     * script, matching an event named like a script; a customer whose id is an HTML tag leaves a
     * cart after that event.
     */
    static void loadJourneys(ServerTestSupport parcours) {
        String key = AnalyticsApiTest.loadJourneys(parcours);
        assertThat(parcours.put("/api/workspaces/akwaba/maps/amina-current/touchpoints/scripted",
                "{\"name\": " + json(TOUCHPOINT_NAME) + ", \"stage\": \"purchase\", \"channel\": \"web\", \"match\": ["
                        + json(SCRIPT) + "]}").status()).isEqualTo(200);
        AnalyticsApiTest.send(parcours, key, """
                {"batch": [
                  {"type": "identify", "anonymousId": "c1", "userId": "amina@example.com", "traits": {"plan": "gold"},
                   "timestamp": "2026-01-12T09:30:00Z"},
                  {"type": "track", "anonymousId": "c5", "event": "=HYPERLINK(1)", "timestamp": "2026-01-10T13:01:00Z"},
                  {"type": "page", "anonymousId": TAG, "name": "Home", "context": {"campaign": {"source": "instagram"}},
                   "timestamp": "2026-01-10T14:00:00Z"},
                  {"type": "track", "anonymousId": TAG, "event": "Product Viewed", "timestamp": "2026-01-10T14:01:00Z"},
                  {"type": "track", "anonymousId": TAG, "event": "Product Added", "timestamp": "2026-01-10T14:02:00Z"},
                  {"type": "track", "anonymousId": TAG, "event": SCRIPT, "properties": {"note": SCRIPT},
                   "timestamp": "2026-01-10T14:03:00Z"}
                ]}""".replace("TAG", json(TAG)).replace("SCRIPT", json(SCRIPT)));
    }

    private static String json(String text) {
        try {
            return ServerTestSupport.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    // ---- reading pages ---------------------------------------------------------------------------

    private String page(String path) {
        ServerTestSupport.Answer answer = parcours.page(path, viewer);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private JsonNode api(String path) {
        ServerTestSupport.Answer answer = parcours.get(API + path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The rows of the table of chart {@code name} on the page, each as its cells' text. */
    static List<List<String>> table(String page, String name) {
        String section = section(page, name);
        String body = section.substring(section.indexOf("<tbody>"), section.indexOf("</tbody>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL).matcher(row.group(1));
            while (cell.find()) {
                cells.add(text(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    static String section(String page, String name) {
        int start = page.indexOf("<section class=\"analytics-chart\" aria-labelledby=\"title-" + name + "\">");
        assertThat(start).as("chart " + name + " on the page").isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").strip();
    }

    /** The CSV of chart {@code name}, from the link on its page: its rows after the header, as cells. */
    private List<List<String>> csv(String page, String name) {
        String section = section(page, name);
        String link = text(ServerTestSupport.between(section, "<p class=\"csv\"><a href=\"", "\""));
        ServerTestSupport.Answer answer = parcours.page(link, viewer);
        assertThat(answer.status()).as(link + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/csv");
        assertThat(answer.body()).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        for (String line : answer.body().substring(1).split("\r\n")) {
            rows.add(cells(line));
        }
        return rows.subList(1, rows.size());
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A number as an English page writes it ("1,234", "50.0%"). */
    private static double number(String text) {
        return Double.parseDouble(text.replace(",", "").replace("%", "").strip());
    }

    /** The names of the map's touchpoints and stages, by key, as the API gives them. */
    private Map<String, String> names() {
        JsonNode map = parcours.get("/api/workspaces/akwaba/maps/amina-current").json();
        Map<String, String> names = new HashMap<>();
        for (JsonNode stage : map.get("stages")) {
            names.put(stage.get("key").asText(), stage.get("name").asText());
            collect(stage.get("touchpoints"), names);
        }
        return names;
    }

    private static void collect(JsonNode touchpoints, Map<String, String> names) {
        if (touchpoints == null) {
            return;
        }
        for (JsonNode touchpoint : touchpoints) {
            names.put(touchpoint.get("key").asText(), touchpoint.get("name").asText());
            collect(touchpoint.get("touchpoints"), names);
        }
    }

    // ---- the pages -------------------------------------------------------------------------------

    @Test
    void theFunnelPageAndItsCsvHoldTheApisNumbers() {
        String page = page(PAGES + "funnel?" + MAP);
        JsonNode funnel = api("funnel?" + MAP);
        Map<String, String> names = names();
        List<List<String>> rows = table(page, "funnel");
        List<List<String>> csv = csv(page, "funnel");
        JsonNode stages = funnel.at("/all/stages");
        assertThat(rows).hasSize(stages.size()).hasSize(3);
        for (int i = 0; i < stages.size(); i++) {
            JsonNode stage = stages.get(i);
            assertThat(rows.get(i).get(0)).isEqualTo(names.get(stage.get("name").asText()));
            assertThat(number(rows.get(i).get(1))).isEqualTo(stage.get("customers").asDouble());
            assertThat(number(rows.get(i).get(2))).isCloseTo(stage.get("fromStart").asDouble() * 100, within(0.05));
            assertThat(number(rows.get(i).get(4))).isEqualTo(stage.get("dropOff").asDouble());
            assertThat(csv.get(i).get(0)).isEqualTo(rows.get(i).get(0));
            assertThat(Long.parseLong(csv.get(i).get(1))).isEqualTo(stage.get("customers").asLong());
            assertThat(Double.parseDouble(csv.get(i).get(2))).isCloseTo(stage.get("fromStart").asDouble(), within(1e-4));
            assertThat(Long.parseLong(csv.get(i).get(4))).isEqualTo(stage.get("dropOff").asLong());
        }
        assertThat(figure(page, "Customers who entered")).isEqualTo(funnel.at("/all/entered").asText());
        // The chart is drawn by the script from the data island, and the page says where the script is.
        assertThat(page).contains("data-analytics-chart=\"bars\"", "<script type=\"application/json\" id=\"data-funnel\">",
                "src=\"/assets/analytics.js\"");
        assertThat(parcours.getWithoutToken("/assets/analytics.js").body()).contains("echarts.init");
        // The navigation marks the section, and the tabs keep the filters.
        assertThat(page).contains("href=\"/workspaces/akwaba/analytics\" aria-current=\"page\"",
                "href=\"/workspaces/akwaba/analytics/paths?map=amina-current\"");
    }

    private static String figure(String page, String label) {
        return text(ServerTestSupport.between(page, "<dt>" + label + "</dt><dd>", "</dd>"));
    }

    @Test
    void thePathsAndTheProcessMapHoldTheApisTransitions() throws Exception {
        String paths = page(PAGES + "paths?" + MAP);
        JsonNode pathsApi = api("paths?" + MAP);
        List<List<String>> links = table(paths, "paths");
        List<List<String>> linksCsv = csv(paths, "paths");
        assertThat(links).hasSize(pathsApi.get("links").size()).isNotEmpty();
        for (int i = 0; i < links.size(); i++) {
            JsonNode link = pathsApi.get("links").get(i);
            assertThat(number(links.get(i).get(0))).isEqualTo(link.get("position").asDouble());
            assertThat(number(links.get(i).get(3))).isEqualTo(link.get("count").asDouble());
            assertThat(Long.parseLong(linksCsv.get(i).get(3))).isEqualTo(link.get("count").asLong());
        }
        JsonNode sankey = island(paths, "paths");
        assertThat(sankey.get("links")).hasSize(pathsApi.get("links").size());
        assertThat(sankey.get("nodes")).hasSize(pathsApi.get("nodes").size());

        String process = page(PAGES + "process?" + MAP);
        JsonNode processApi = api("process?" + MAP);
        Map<String, String> names = names();
        List<List<String>> edges = table(process, "process");
        int expected = processApi.get("start").size() + processApi.get("edges").size() + processApi.get("end").size();
        assertThat(edges).hasSize(expected);
        assertThat(csv(process, "process")).hasSize(expected);
        for (JsonNode edge : processApi.get("edges")) {
            List<String> from = List.of(names.get(edge.get("from").asText()), names.get(edge.get("to").asText()));
            assertThat(edges).anySatisfy(row -> {
                assertThat(row.subList(0, 2)).isEqualTo(from);
                assertThat(number(row.get(2))).isEqualTo(edge.get("count").asDouble());
            });
        }
        assertThat(edges).contains(List.of("Start", names.get("instagram-story"),
                processApi.at("/start/instagram-story").asText()));
        JsonNode graph = island(process, "process");
        assertThat(graph.get("edges")).hasSize(expected);
        // The slider goes from 1 to the most frequent transition and says how many are shown.
        long highest = 0;
        for (JsonNode edge : graph.get("edges")) {
            highest = Math.max(highest, edge.get("count").asLong());
        }
        assertThat(process).contains("type=\"range\" id=\"frequency-process\" min=\"1\" max=\"" + highest + "\"",
                expected + " of " + expected + " transitions shown", "aria-live=\"polite\"");
        List<List<String>> variants = table(process, "process-variants");
        assertThat(variants).hasSize(processApi.get("variants").size());
        assertThat(number(variants.get(0).get(1))).isEqualTo(processApi.at("/variants/0/cases").asDouble());
    }

    /** The JSON data island of chart {@code name}, parsed. */
    static JsonNode island(String page, String name) throws Exception {
        String island = ServerTestSupport.between(page, "<script type=\"application/json\" id=\"data-" + name + "\">",
                "</script>");
        assertThat(island).doesNotContain("<", ">");
        return ServerTestSupport.JSON.readTree(island);
    }

    @Test
    void attributionShowsEveryModelSideBySideWithTheApisCredits() {
        String page = page(PAGES + "attribution?" + MAP);
        List<List<String>> csv = csv(page, "attribution");
        List<List<String>> rows = table(page, "attribution");
        Texts english = Texts.of("en");
        String[] models = {"first", "last", "linear", "time-decay", "position", "markov", "shapley"};
        assertThat(section(page, "attribution")).contains("<th scope=\"col\">First touch</th>",
                "<th scope=\"col\">Markov chain</th>", "<th scope=\"col\">Shapley value</th>");
        for (int m = 0; m < models.length; m++) {
            JsonNode result = api("attribution?" + MAP + "&model=" + models[m]);
            for (JsonNode credit : result.get("channels")) {
                String label = english.t("channel." + credit.get("channel").asText());
                List<String> row = csv.stream().filter(r -> r.get(0).equals(label)).findFirst().orElseThrow();
                assertThat(Double.parseDouble(row.get(m + 1))).as(models[m] + " " + label)
                        .isCloseTo(credit.get("conversions").asDouble(), within(1e-4));
                List<String> shown = rows.stream().filter(r -> r.get(0).equals(label)).findFirst().orElseThrow();
                assertThat(number(shown.get(m + 1))).isCloseTo(credit.get("conversions").asDouble(), within(0.005));
            }
        }
        // By touchpoint: one row per touchpoint credited.
        String byTouchpoint = page(PAGES + "attribution?" + MAP + "&by=touchpoint");
        JsonNode linear = api("attribution?" + MAP + "&by=touchpoint&model=linear");
        Map<String, String> names = names();
        List<List<String>> touchpointRows = table(byTouchpoint, "attribution");
        for (JsonNode credit : linear.get("channels")) {
            List<String> row = touchpointRows.stream().filter(r -> r.get(0).equals(names.get(credit.get("channel").asText())))
                    .findFirst().orElseThrow();
            assertThat(number(row.get(3))).isCloseTo(credit.get("conversions").asDouble(), within(0.005));
        }
        assertThat(byTouchpoint).contains("<option value=\"touchpoint\" selected>");
        assertThat(section(byTouchpoint, "attribution")).contains("attribution.csv?map=amina-current&amp;by=touchpoint");
    }

    @Test
    void conformanceKeyTouchpointsAndAbandonmentHoldTheApisFigures() {
        String conformance = page(PAGES + "conformance?" + MAP);
        JsonNode conformanceApi = api("conformance?" + MAP);
        List<List<String>> offMap = table(conformance, "conformance-off-map");
        assertThat(offMap).hasSize(conformanceApi.get("offMap").size());
        assertThat(offMap.get(0).get(0)).isEqualTo(conformanceApi.at("/offMap/0/name").asText());
        assertThat(number(offMap.get(0).get(1))).isEqualTo(conformanceApi.at("/offMap/0/events").asDouble());
        assertThat(csv(conformance, "conformance-never-seen")).hasSize(conformanceApi.get("neverSeen").size());
        assertThat(table(conformance, "conformance")).hasSize(conformanceApi.get("skipped").size());

        String touchpoints = page(PAGES + "touchpoints?" + MAP);
        JsonNode touchpointsApi = api("touchpoints?" + MAP);
        Map<String, String> names = names();
        List<List<String>> ranked = csv(touchpoints, "touchpoints");
        assertThat(ranked).hasSize(touchpointsApi.get("touchpoints").size());
        for (int i = 0; i < ranked.size(); i++) {
            JsonNode touchpoint = touchpointsApi.get("touchpoints").get(i);
            assertThat(ranked.get(i).get(0)).isEqualTo(names.get(touchpoint.get("name").asText()));
            assertThat(Long.parseLong(ranked.get(i).get(1))).isEqualTo(touchpoint.get("reach").asLong());
            assertThat(Double.parseDouble(ranked.get(i).get(2))).isCloseTo(touchpoint.get("conversionWith").asDouble(),
                    within(1e-4));
        }

        // The intent defaults to the touchpoint before the conversion goal: the checkout.
        String abandonment = page(PAGES + "abandonment?" + MAP);
        assertThat(abandonment).contains("<option value=\"checkout\" selected>");
        String carts = page(PAGES + "abandonment?" + MAP + "&intent=cart");
        JsonNode cartsApi = api("abandonment?" + MAP + "&intent=cart");
        assertThat(figure(carts, "Abandoned")).isEqualTo(cartsApi.get("abandoned").asText()).isEqualTo("2");
        List<List<String>> customers = table(carts, "abandonment-customers");
        List<String> expected = new ArrayList<>();
        cartsApi.get("customers").forEach(customer -> expected.add(customer.asText()));
        assertThat(customers.stream().map(row -> row.get(0)).toList()).isEqualTo(expected).contains("c2", TAG);
        assertThat(section(carts, "abandonment-customers"))
                .contains("<a href=\"/workspaces/akwaba/analytics/customers/c2?map=amina-current\">c2</a>");
        assertThat(csv(carts, "abandonment-customers").stream().map(row -> row.get(0)).toList()).isEqualTo(expected);
        List<List<String>> last = csv(carts, "abandonment");
        assertThat(last).hasSize(cartsApi.get("lastTouchpoints").size());
    }

    @Test
    void twoLastTouchpointsThatShareANameKeepTheirOwnRows() throws Exception {
        JsonNode last = api("abandonment?" + MAP + "&intent=cart").get("lastTouchpoints");
        assertThat(last.size()).as(last.toString()).isGreaterThanOrEqualTo(2);
        String first = last.get(0).get("name").asText();
        String second = last.get(1).get("name").asText();
        String firstName = parcours.get("/api/workspaces/akwaba/maps/amina-current/touchpoints/" + first).json()
                .get("name").asText();
        com.fasterxml.jackson.databind.node.ObjectNode renamed = (com.fasterxml.jackson.databind.node.ObjectNode)
                parcours.get("/api/workspaces/akwaba/maps/amina-current/touchpoints/" + second).json();
        renamed.put("name", firstName);
        assertThat(parcours.put("/api/workspaces/akwaba/maps/amina-current/touchpoints/" + second, renamed.toString())
                .status()).isEqualTo(200);
        List<List<String>> rows = csv(page(PAGES + "abandonment?" + MAP + "&intent=cart"), "abandonment");
        assertThat(rows).hasSize(last.size());
        assertThat(rows.stream().map(row -> row.get(0)).toList())
                .contains(firstName + " (" + first + ")", firstName + " (" + second + ")");
    }

    @Test
    void theFiltersChangeTheFiguresAsTheyDoInTheApi() {
        String later = page(PAGES + "funnel?" + MAP + "&from=2026-02-01");
        assertThat(api("funnel?" + MAP + "&from=2026-02-01").at("/all/entered").asLong()).isZero();
        assertThat(figure(later, "Customers who entered")).isEqualTo("0");
        assertThat(later).contains("No journey for these filters.", "value=\"2026-02-01\"");
        // The CSV link keeps the filters, and so does the link to the next analysis.
        assertThat(section(later, "funnel")).contains("funnel.csv?map=amina-current&amp;from=2026-02-01");
        assertThat(later).contains("href=\"/workspaces/akwaba/analytics/paths?map=amina-current&amp;from=2026-02-01\"");
        assertThat(csv(later, "funnel")).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("0"));

        String inStore = page(PAGES + "attribution?" + MAP + "&channel=store");
        JsonNode inStoreApi = api("attribution?" + MAP + "&channel=store&model=last");
        assertThat(figure(inStore, "Conversions")).isEqualTo(inStoreApi.get("conversions").asText().replace(".0", ""))
                .isEqualTo("1");
        assertThat(inStore).contains("<option value=\"store\" selected>Store</option>");

        String firstDay = page(PAGES + "process?" + MAP + "&to=2026-01-10");
        assertThat(figure(firstDay, "Events")).isEqualTo(api("process?" + MAP + "&to=2026-01-10").get("events").asText());
        assertThat(figure(page(PAGES + "?" + MAP + "&source=web-shop"), "Customers"))
                .isEqualTo(api("process?" + MAP + "&source=web-shop").get("cases").asText());
    }

    @Test
    void aBadFilterIsA400PageNamingIt() {
        ServerTestSupport.Answer date = parcours.page(PAGES + "funnel?" + MAP + "&from=yesterday", viewer);
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.header("Content-Type")).startsWith("text/html");
        assertThat(date.body()).contains("from must be a date");
        ServerTestSupport.Answer persona = parcours.page(PAGES + "paths?" + MAP + "&persona=nobody", viewer);
        assertThat(persona.status()).isEqualTo(400);
        assertThat(persona.body()).contains("there is no persona 'nobody'");
        ServerTestSupport.Answer channel = parcours.page(PAGES + "funnel.csv?" + MAP + "&channel=radio", viewer);
        assertThat(channel.status()).isEqualTo(400);
        assertThat(channel.body()).contains("channel 'radio'");
        assertThat(parcours.page(PAGES + "?" + MAP + "&to=2025-01-01&from=2026-01-01", viewer).body())
                .contains("to must come after from");
        assertThat(parcours.page(PAGES + "process?map=nowhere", viewer).status()).isEqualTo(404);
        assertThat(parcours.page(PAGES + "attribution?" + MAP + "&by=week", viewer).body()).contains("by must be");
    }

    @Test
    void whatCustomersSentComesOutEscaped() throws Exception {
        for (String path : List.of("", "funnel", "paths", "process", "attribution?by=touchpoint", "conformance",
                "touchpoints", "abandonment?intent=cart")) {
            String page = page(PAGES + path);
            assertThat(page).as(path).doesNotContain(SCRIPT, TOUCHPOINT_NAME, "<img src=x");
        }
        String conformance = page(PAGES + "conformance");
        assertThat(section(conformance, "conformance")).doesNotContain(SCRIPT);
        // The touchpoint named like a script is in the charts' data, escaped so that it cannot end the script element.
        String paths = page(PAGES + "paths");
        assertThat(paths).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
        assertThat(island(paths, "paths").toString()).contains(json(TOUCHPOINT_NAME));
        String process = page(PAGES + "process");
        assertThat(island(process, "process").findValuesAsText("label")).contains(TOUCHPOINT_NAME);
        assertThat(table(process, "process")).anySatisfy(row -> assertThat(row).contains(TOUCHPOINT_NAME));
        // The customer named like a tag: escaped in the list, and its link encoded.
        String abandonment = page(PAGES + "abandonment?intent=cart");
        assertThat(abandonment).contains("&gt;&lt;img src=x onerror=alert(1)&gt;",
                "/customers/" + URLEncoder.encode(TAG, StandardCharsets.UTF_8).replace("+", "%20") + "?map=amina-current");
        // An event named like a spreadsheet formula is defused in the CSV.
        assertThat(csv(conformance, "conformance-off-map")).anySatisfy(row -> assertThat(row.get(0))
                .isEqualTo("'=HYPERLINK(1)"));
        // The timeline escapes the customer, the event and its properties.
        String timeline = page(PAGES + "customers/" + URLEncoder.encode(TAG, StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(timeline).doesNotContain(SCRIPT, "<img src=x", TOUCHPOINT_NAME)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void aCustomersTimelineShowsTheirSessionsEventsTouchpointsAndIdentities() {
        String timeline = page(PAGES + "customers/c1?" + MAP);
        JsonNode journey = parcours.get("/api/workspaces/akwaba/customers/c1/journey?" + MAP).json();
        assertThat(timeline).contains("<h1>Journey of " + journey.get("customer").asText() + "</h1>",
                "<code>c1</code>", "<code>amina@example.com</code>", "traits.plan", "gold");
        // Two sessions (the 10th, and the delivery on the 12th), the events with their touchpoints and stages.
        assertThat(journey.get("sessions")).hasSize(Pattern.compile("<h2>Session \\d").matcher(timeline).results()
                .toList().size());
        assertThat(timeline).contains("Order placed · Purchase", "Product page · Purchase", "Delivery · Post-purchase");
        assertThat(timeline.indexOf("Product Viewed")).isLessThan(timeline.indexOf("Order Completed"));
        // The id typed in the overview's form opens the same page, and the other id of c1 opens their journey too.
        ServerTestSupport.Answer search = parcours.page(PAGES + "customer?" + MAP + "&customer=amina%40example.com", viewer);
        assertThat(search.status()).isEqualTo(303);
        assertThat(search.header("Location")).isEqualTo("/workspaces/akwaba/analytics/customers/amina%40example.com?map=amina-current");
        assertThat(page(search.header("Location"))).contains("<code>c1</code>");
        ServerTestSupport.Answer unknown = parcours.page(PAGES + "customers/nobody", viewer);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no events for customer 'nobody'");
    }

    @Test
    void aWorkspaceWithoutMapOrEventsSaysWhatToDo() {
        assertThat(parcours.post("/api/workspaces", "{\"key\": \"empty\", \"name\": \"Empty\"}").status()).isEqualTo(201);
        String noMap = page("/workspaces/empty/analytics/funnel");
        assertThat(noMap).contains("This workspace has no journey map yet");
        assertThat(page("/workspaces/empty/analytics")).contains("This workspace has no journey map yet");
        assertThat(parcours.put("/api/workspaces/empty/personas/amina", "{\"name\": \"Amina\"}").status()).isEqualTo(200);
        assertThat(parcours.put("/api/workspaces/empty/maps/shop", KpiApiTest.MAP).status()).isEqualTo(201);
        for (String kind : List.of("", "funnel", "paths", "process", "attribution", "conformance", "touchpoints",
                "abandonment")) {
            String page = page("/workspaces/empty/analytics/" + kind);
            assertThat(page).as(kind).contains("No events yet in this workspace");
        }
    }

    @Test
    void thePagesSpeakFrench() {
        ServerTestSupport.Answer french = parcours.send(HttpRequest.newBuilder(parcours.uri(PAGES + "funnel?" + MAP))
                .header("Accept", "text/html").header("Accept-Language", "fr")
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie()).GET().build());
        assertThat(french.body()).contains("<h1>Entonnoir des étapes</h1>", "Clients entrés", "Télécharger les données");
    }
    @Test
    void thePagesAnswerWhileTheLoaderIsBehind() throws Exception {
        // Under a flood of events the loader may be seconds behind what was acknowledged; the
        // pages show the figures they have and must not wait for it (nor must /metrics).
        List<String> pages = new ArrayList<>();
        pages.add("/workspaces/akwaba/analytics?" + MAP);
        for (String kind : AnalyticsView.KINDS) {
            pages.add(PAGES + kind + "?" + MAP);
        }
        String writeKey = parcours.writeKey();
        pages.forEach(this::page);
        long casesBefore = api("process?" + MAP + "&fresh=true").get("cases").asLong();
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        io.parcours.store.JourneyListener blocker = new io.parcours.store.JourneyListener() {
            @Override
            public void arrived(io.parcours.store.WorkspaceNumbers numbers, io.parcours.store.EventChunk chunk) {
                if (armed.get()) {
                    stuck.countDown();
                    try {
                        release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void forgotten(String workspace) {}
        };
        parcours.store.events().follow(blocker);
        armed.set(true);
        try {
            AnalyticsApiTest.post(parcours, writeKey, """
                    {"batch": [{"type": "track", "anonymousId": "c9", "event": "Product Viewed",
                                "timestamp": "2026-01-11T10:00:00Z"}]}""");
            assertThat(stuck.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the loader holds the event").isTrue();
            for (String path : pages) {
                ServerTestSupport.Answer answer = parcours.send(HttpRequest.newBuilder(parcours.uri(path))
                        .timeout(java.time.Duration.ofSeconds(10)).header("Accept", "text/html")
                        .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie()).GET().build());
                assertThat(answer.status()).as(path).isEqualTo(200);
            }
            assertThat(parcours.get("/metrics").status()).isEqualTo(200);
            // Exact figures wait for the loader, so that they count every event acknowledged before.
            java.util.concurrent.CompletableFuture<Long> exact = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api("process?" + MAP + "&fresh=true").get("cases").asLong());
            Thread.sleep(300);
            assertThat(exact).as("exact figures while the loader holds an event").isNotDone();
            release.countDown();
            assertThat(exact.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(casesBefore + 1);
        } finally {
            release.countDown();
            parcours.store.events().unfollow(blocker);
        }
    }
}
