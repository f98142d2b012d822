package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import io.parcours.model.SurveyType;
import io.parcours.store.SurveyAnswer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The journey map page with its live colours, the touchpoint panel, versions compared, and the exports, over HTTP. */
class MapPagesTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    ServerTestSupport.Session viewer;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        parcours.akwabaWithMap(KpiApiTest.MAP);
        viewer = parcours.login(Role.VIEWER);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    private void answers(String survey, String touchpoint, SurveyType type, int score, int count, String comment) {
        List<SurveyAnswer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(new SurveyAnswer(Optional.empty(), "akwaba", "shop", survey, touchpoint, type, "c" + i, "en",
                    Optional.of(score), Optional.ofNullable(i == 0 ? comment : null), "{}",
                    Instant.now().minusSeconds(86_400L * (i % 20))));
        }
        parcours.store.surveys().appendAnswers("akwaba", answers);
    }

    private Document svgOf(String page) throws Exception {
        String svg = page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + 6);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String classOf(Document svg, String touchpoint) {
        return svg.getElementById("tp-" + touchpoint) == null ? findClass(svg, touchpoint) : svg.getElementById("tp-" + touchpoint).getAttribute("class");
    }

    private static String findClass(Document svg, String touchpoint) {
        var groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            var group = (org.w3c.dom.Element) groups.item(i);
            if (touchpoint.equals(group.getAttribute("data-touchpoint"))) {
                return group.getAttribute("class");
            }
        }
        throw new AssertionError("no touchpoint " + touchpoint + " on the drawing");
    }

    @Test
    void aTouchpointTurnsRedWhenBadAnswersArrive() throws Exception {
        String before = parcours.page("/workspaces/akwaba/maps/shop", viewer).body();
        assertThat(classOf(svgOf(before), "shop")).contains("status-grey");

        answers("csat-shop", "shop", SurveyType.CSAT, 1, 60, "Nobody said hello");
        String after = parcours.page("/workspaces/akwaba/maps/shop", viewer).body();
        Document svg = svgOf(after);
        assertThat(classOf(svg, "shop")).contains("status-red");
        assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("group");
        assertThat(after).contains("CSAT 0%").contains("data-panel-base=\"/workspaces/akwaba/maps/shop/touchpoints/\"");

        ServerTestSupport.Answer panel = parcours.send(HttpRequest.newBuilder(parcours.uri(
                        "/workspaces/akwaba/maps/shop/touchpoints/shop"))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie()).header("HX-Request", "true")
                .GET().build());
        assertThat(panel.body()).doesNotContain("<html").contains("Shop visit").contains("status-red")
                .contains("Nobody said hello").contains("misses its target").contains("data-chart=");
        ServerTestSupport.Answer csv = parcours.page("/workspaces/akwaba/maps/shop/touchpoints/shop/scores.csv", viewer);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFweek,metric,value,low,high,target").contains(",CSAT,0.0,");
    }

    @Test
    void theTouchpointPageWorksWithoutScriptAndEscapesWhatCustomersWrote() {
        answers("nps-order", "order", SurveyType.NPS, 2, 40, "<script>alert('x')</script> & <b>bold</b>");
        ServerTestSupport.Answer page = parcours.page("/workspaces/akwaba/maps/shop/touchpoints/order", viewer);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html").contains("Order")
                .doesNotContain("<script>alert").doesNotContain("<b>bold</b>")
                .contains("&lt;script&gt;alert(").contains("&amp; &lt;b&gt;bold&lt;/b&gt;");
        assertThat(parcours.page("/workspaces/akwaba/maps/shop/touchpoints/nope", viewer).status()).isEqualTo(404);
    }

    @Test
    void whatUsersTypeIntoTheMapIsEscapedOnTheDrawing() throws Exception {
        ServerTestSupport.Answer saved = parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/order",
                "{\"name\": \"<script>alert(1)</script> & co\", \"stage\": \"buy\", \"channel\": \"web\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String page = parcours.page("/workspaces/akwaba/maps/shop", viewer).body();
        assertThat(page).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
        assertThat(svgOf(page).getElementsByTagName("script").getLength()).isZero();
    }

    @Test
    void anOlderVersionIsComparedOnTheDrawing() throws Exception {
        parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/help",
                "{\"name\": \"Hotline and chat\", \"stage\": \"after\", \"channel\": \"phone\"}");
        parcours.put("/api/workspaces/akwaba/maps/shop/touchpoints/returns",
                "{\"name\": \"Returns\", \"stage\": \"after\", \"channel\": \"web\"}");
        String page = parcours.page("/workspaces/akwaba/maps/shop?version=3&compare=1", viewer).body();
        assertThat(page).contains("Version 3, with the changes since version 1 marked");
        Document svg = svgOf(page);
        assertThat(classOf(svg, "returns")).contains("change-added");
        assertThat(classOf(svg, "help")).contains("change-changed");

        String older = parcours.page("/workspaces/akwaba/maps/shop?version=1", viewer).body();
        assertThat(older).contains("version 1").contains("the latest is 3").doesNotContain("Hotline and chat");
        ServerTestSupport.Answer tooFar = parcours.page("/workspaces/akwaba/maps/shop?version=9", viewer);
        assertThat(tooFar.status()).isEqualTo(400);
    }

    @Test
    void theDrawingDownloadsAsSvgPngAndA3Pdf() throws Exception {
        answers("csat-shop", "shop", SurveyType.CSAT, 1, 60, null);
        HttpResponse<byte[]> svg = download("/workspaces/akwaba/maps/shop/export/svg?version=1");
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(svg.headers().firstValue("Content-Disposition").orElse("")).contains("shop-v1.svg");
        String text = new String(svg.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml").contains("role=\"img\"").contains("status-red");

        HttpResponse<byte[]> png = download("/workspaces/akwaba/maps/shop/export/png");
        assertThat(png.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isGreaterThan(1000);

        HttpResponse<byte[]> pdf = download("/workspaces/akwaba/maps/shop/export/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(document.getPage(0).getMediaBox().getWidth()).isGreaterThan(document.getPage(0).getMediaBox().getHeight());
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Shop · version 1");
        }
        assertThat(parcours.page("/workspaces/akwaba/maps/shop/export/gif", viewer).status()).isEqualTo(404);
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreDefused() {
        Csv csv = new Csv(List.of("a", "b")).row("=HYPERLINK(\"http://x\")", "-12.5").row("@SUM(A1)", "+cmd|' /C calc'!A0");
        assertThat(csv.text()).contains("\"'=HYPERLINK(\"\"http://x\"\")\",-12.5").contains("'@SUM(A1)")
                .contains("'+cmd|' /C calc'!A0");
    }

    private HttpResponse<byte[]> download(String path) throws Exception {
        HttpResponse<byte[]> answer = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(parcours.uri(path))
                .header("Cookie", Authentication.SESSION_COOKIE + "=" + viewer.cookie()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer;
    }
}
