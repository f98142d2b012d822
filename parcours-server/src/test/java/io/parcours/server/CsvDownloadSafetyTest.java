package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV downloaded from the dashboard defuses what customers' events were named: an event name
 * starting with {@code = + - @}, a tab or a carriage return comes out with an apostrophe in front
 * (read back by a real CSV reader, DuckDB's), so a spreadsheet shows it as text and runs nothing;
 * a number and an ordinary name come out as they are.
 */
class CsvDownloadSafetyTest {
    @TempDir
    Path data;

    @Test
    void eventNamesShapedLikeFormulasAreDefusedInTheDownload() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")");
        names.put("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
        names.put("-2+3", "'-2+3");
        names.put("@SUM(A1:A9)", "'@SUM(A1:A9)");
        names.put("\t=1+1", "'\t=1+1");
        names.put("\r=1+1", "'\r=1+1");
        names.put("-12.5", "-12.5");
        names.put("Window Shopped", "Window Shopped");
        try (ServerTestSupport parcours = new ServerTestSupport(data)) {
            String key = AnalyticsApiTest.loadJourneys(parcours);
            StringBuilder batch = new StringBuilder("{\"batch\": [");
            int minute = 10;
            for (String name : names.keySet()) {
                batch.append(minute == 10 ? "" : ",").append("{\"type\": \"track\", \"anonymousId\": \"c1\", \"event\": ")
                        .append(ServerTestSupport.JSON.writeValueAsString(name))
                        .append(", \"timestamp\": \"2026-01-10T10:").append(minute++).append(":00Z\"}");
            }
            AnalyticsApiTest.send(parcours, key, batch.append("]}").toString());
            ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);

            String page = parcours.page("/workspaces/akwaba/analytics/conformance?map=amina-current", viewer).body();
            String link = AnalyticsPagesTest.text(ServerTestSupport.between(AnalyticsPagesTest.section(page, "conformance-off-map"),
                    "<p class=\"csv\"><a href=\"", "\""));
            ServerTestSupport.Answer csv = parcours.page(link, viewer);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).startsWith("attachment;");
            List<String> cells = firstColumn(csv.body().substring(1));
            names.forEach((sent, expected) -> assertThat(cells).as("the cell of %s", sent.replace("\t", "\\t")
                    .replace("\r", "\\r")).contains(expected));
        }
    }

    /** The first column of a CSV text, read by DuckDB's CSV reader. */
    private List<String> firstColumn(String text) throws Exception {
        Path file = Files.writeString(data.resolve("download.csv"), text, StandardCharsets.UTF_8);
        List<String> cells = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet rows = db.createStatement().executeQuery("SELECT * FROM read_csv('" + file
                        + "', header = true, all_varchar = true)")) {
            while (rows.next()) {
                cells.add(rows.getString(1));
            }
        }
        return cells;
    }
}
