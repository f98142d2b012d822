package io.parcours.io.drawing;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.model.Channel;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The maps the drawing tests draw: the Akwaba demo, and maps made to break a layout. */
final class TestMaps {
    static final Workspace AKWABA = DemoWorkspaces.load().stream()
            .filter(workspace -> workspace.key().equals("akwaba")).findFirst().orElseThrow();
    static final JourneyMap AMINA_CURRENT = AKWABA.map("amina-current").orElseThrow();
    static final JourneyMap AMINA_FUTURE = AKWABA.map("amina-future").orElseThrow();

    private TestMaps() {}

    /** A one-persona workspace around {@code map}, with the persona named {@code personaName}. */
    static Workspace workspaceFor(JourneyMap map, String personaName) {
        Persona persona = new Persona(map.persona(), personaName, "", List.of(), List.of(), List.of());
        return new Workspace("test", "Test workspace", "", List.of(), List.of(persona), List.of(map));
    }

    /** A stage whose every lane holds {@code text} and whose emotion word is {@code word}. */
    static Stage stageFilledWith(String key, String name, String text, Optional<Emotion> emotion) {
        List<String> lane = List.of(text);
        return new Stage(key, name, text, lane, lane, lane, lane, emotion, lane, lane, lane, lane, lane, List.of());
    }

    /** Twelve stages, every lane and every touchpoint name as long as the model allows, and words too wide for a line. */
    static JourneyMap longTexts() {
        String longItem = ("The customer compares delivery times, return conditions and sizes across three shops "
                + "before deciding, and reads every review twice. ").repeat(6);
        String unbroken = "https://shop.example.com/collections/wax-print-dresses-for-weddings-and-ceremonies-2026";
        List<Stage> stages = new ArrayList<>();
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String stageName = i % 2 == 0 ? "Stage " + i + " with a name long enough to need three lines at least"
                    : "Stage " + i;
            stages.add(stageFilledWith("stage-" + i, stageName, i % 3 == 0 ? unbroken : longItem,
                    i % 4 == 0 ? Optional.empty() : Optional.of(new Emotion(i % 5 - 2, "overwhelmed and a little lost"))));
            touchpoints.add(Touchpoint.of("tp-" + i, ("A touchpoint name that goes on and on " + i + " ").repeat(4).strip(),
                    "stage-" + i, i % 2 == 0 ? Channel.STORE : Channel.WEB));
            touchpoints.add(Touchpoint.of("url-" + i, unbroken, "stage-" + i, Channel.SEARCH));
        }
        return new JourneyMap("long", "A map with " + "very ".repeat(30) + "long texts", "reader", MapState.CURRENT,
                longItem, Optional.empty(), Optional.empty(), stages, touchpoints);
    }
}
