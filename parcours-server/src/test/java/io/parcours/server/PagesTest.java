package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pages: the list of maps, and one map as a grid, with everything a user typed escaped. */
class PagesTest {
    @TempDir
    Path data;
    ServerTestSupport parcours;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        for (var workspace : DemoWorkspaces.load()) {
            parcours.post("/api/workspaces/" + workspace.key() + "/import", MapFiles.write(MapDocument.of(workspace)));
        }
    }

    @AfterEach
    void stop() {
        parcours.close();
    }

    @Test
    void homePageListsEveryMapOfEveryWorkspace() {
        ServerTestSupport.Answer page = parcours.getWithoutToken("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Maison Akwaba", "Foulée running shoes", "Marché Frais")
                .contains("href=\"/workspaces/akwaba/maps/amina-current\"")
                .contains("Thomas buys running shoes");
    }

    @Test
    void mapPageDrawsStagesLanesAndTouchpointsWithOwners() {
        String page = parcours.getWithoutToken("/workspaces/akwaba/maps/amina-current").body();
        assertThat(page).contains("Pre-purchase", "Purchase", "Post-purchase")
                .contains("A seller in the shop was rude and ignored her")
                .contains("Forgotten cart reminder")
                .contains("owner: Shop staff (Lyon)")
                .contains("Touchpoints offline")
                .contains("frustrated");
    }

    @Test
    void whatUsersTypeIsEscaped() {
        String payload = "<script>alert('x')</script>";
        ServerTestSupport.Answer saved = parcours.put("/api/workspaces/akwaba/maps/amina-current/touchpoints/cart",
                "{\"name\": \"" + payload.replace("'", "\\u0027") + "\", \"stage\": \"purchase\", \"channel\": \"web\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String page = parcours.getWithoutToken("/workspaces/akwaba/maps/amina-current").body();
        assertThat(page).doesNotContain(payload).contains("&lt;script&gt;");
    }

    @Test
    void unknownMapPageIsA404Page() {
        ServerTestSupport.Answer page = parcours.send(java.net.http.HttpRequest.newBuilder(
                parcours.uri("/workspaces/akwaba/maps/nope")).header("Accept", "text/html").GET().build());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>404</h1>").contains("no map 'nope'");
    }
}
