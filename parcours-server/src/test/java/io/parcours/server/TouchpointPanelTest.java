package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A touchpoint's panel shows the real events counted for it and who met it last, linked to their journeys. */
class TouchpointPanelTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;
    String writeKey;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        writeKey = AnalyticsApiTest.loadJourneys(parcours);
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void thePanelCountsTheEventsOfItsTouchpointAndLinksTheCustomersWhoMetItLast() {
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        String panel = parcours.page("/workspaces/akwaba/maps/amina-current/touchpoints/product-page", viewer).body();
        assertThat(panel).contains("Events counted for it", "3 events from 3 customers", "<code>Product Viewed</code> · 3");
        // Newest first: c3 at 12:00, c2 at 11:01, c1 at 10:01.
        String latest = ServerTestSupport.between(panel, "Customers who met it last:", "</p>");
        assertThat(latest.indexOf(">c3<")).isLessThan(latest.indexOf(">c2<"));
        assertThat(latest.indexOf(">c2<")).isLessThan(latest.indexOf(">c1<"));
        assertThat(latest).contains("href=\"/workspaces/akwaba/analytics/customers/c1\"");
        assertThat(parcours.page("/workspaces/akwaba/analytics/customers/c1", viewer).body()).contains("Product Viewed");

        String nothing = parcours.page("/workspaces/akwaba/maps/amina-current/touchpoints/related-products", viewer).body();
        assertThat(nothing).contains("No event has met it yet");
    }

    @Test
    void aCustomerWhoseIdHoldsASlashOrASpaceHasATimelineToo() {
        AnalyticsApiTest.send(parcours, writeKey, "{\"batch\": [{\"type\": \"track\", \"anonymousId\": \"shop/42 b\", "
                + "\"event\": \"Product Viewed\", \"timestamp\": \"2026-01-13T10:00:00Z\"}]}");
        ServerTestSupport.Session viewer = parcours.login(Role.VIEWER);
        String panel = parcours.page("/workspaces/akwaba/maps/amina-current/touchpoints/product-page", viewer).body();
        String link = ServerTestSupport.between(panel, "Customers who met it last:", "</p>");
        String href = ServerTestSupport.between(link, "href=\"", "\"");
        assertThat(href).isEqualTo("/workspaces/akwaba/analytics/customers/shop%2F42%20b");
        ServerTestSupport.Answer timeline = parcours.page(href, viewer);
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.body()).contains("<code>shop/42 b</code>", "Product Viewed");
    }
}
