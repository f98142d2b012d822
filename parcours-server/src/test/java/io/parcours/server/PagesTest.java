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
    ServerTestSupport.Session viewer;

    @BeforeEach
    void start() {
        parcours = new ServerTestSupport(data);
        viewer = parcours.login(io.parcours.model.Role.VIEWER);
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
        ServerTestSupport.Answer page = parcours.page("/", viewer);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Maison Akwaba", "Foulée running shoes", "Marché Frais")
                .contains("href=\"/workspaces/akwaba/maps/amina-current\"")
                .contains("Thomas buys running shoes");
    }

    @Test
    void mapPageDrawsStagesLanesAndTouchpointsWithOwners() {
        String page = parcours.page("/workspaces/akwaba/maps/amina-current", viewer).body();
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
        String page = parcours.page("/workspaces/akwaba/maps/amina-current", viewer).body();
        assertThat(page).doesNotContain(payload).contains("&lt;script&gt;");
    }

    @Test
    void unknownMapPageIsA404Page() {
        ServerTestSupport.Answer page = parcours.page("/workspaces/akwaba/maps/nope", viewer);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>404</h1>").contains("no map 'nope'");
    }
}
