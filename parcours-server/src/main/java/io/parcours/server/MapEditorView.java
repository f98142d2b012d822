package io.parcours.server;

import io.parcours.model.Channel;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.Metric;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import java.util.Arrays;
import java.util.List;

/**
 * What the editor's pages show about the map being edited: the map at its latest version, the
 * choices its forms offer (personas, teams, channels, metrics, lanes), the links between the pages,
 * and the outcome of the last save.
 *
 * @param saved the notice after a save, or null
 * @param problem a refusal to show above the page ("" for none)
 */
public record MapEditorView(Workspace workspace, JourneyMap map, int version, Saved saved, String problem) {
    /** "Saved as version 7" and the link that compares it with the version before ("" for none). */
    public record Saved(String message, String compareLink) {}

    public String mapPath() {
        return "/workspaces/" + workspace.key() + "/maps/" + map.key();
    }

    public String editPath() {
        return mapPath() + "/edit";
    }

    public List<Persona> personas() {
        return workspace.personas();
    }

    public List<Team> teams() {
        return workspace.teams();
    }

    public List<Stage> stages() {
        return map.stages();
    }

    public List<Touchpoint> touchpointsOf(Stage stage) {
        return map.touchpointsOf(stage.key());
    }

    public boolean first(Stage stage) {
        return !map.stages().isEmpty() && map.stages().get(0).key().equals(stage.key());
    }

    public boolean last(Stage stage) {
        return !map.stages().isEmpty() && map.stages().get(map.stages().size() - 1).key().equals(stage.key());
    }

    public boolean first(Touchpoint touchpoint) {
        List<Touchpoint> same = map.touchpointsOf(touchpoint.stage());
        return same.get(0).key().equals(touchpoint.key());
    }

    public boolean last(Touchpoint touchpoint) {
        List<Touchpoint> same = map.touchpointsOf(touchpoint.stage());
        return same.get(same.size() - 1).key().equals(touchpoint.key());
    }

    /** The current-state maps of the workspace other than this one: what a future-state map may redesign. */
    public List<JourneyMap> redesignable() {
        return workspace.maps().stream().filter(m -> m.state() == MapState.CURRENT && !m.key().equals(map.key())).toList();
    }

    public List<String> states() {
        return Arrays.stream(MapState.values()).map(MapState::id).toList();
    }

    public List<Channel> onlineChannels() {
        return Arrays.stream(Channel.values()).filter(Channel::online).toList();
    }

    public List<Channel> offlineChannels() {
        return Arrays.stream(Channel.values()).filter(channel -> !channel.online()).toList();
    }

    public List<Metric> metrics() {
        return Arrays.asList(Metric.values());
    }

    public List<String> lanes() {
        return MapEditorPages.LANES;
    }

    public List<String> eventTypes() {
        return Arrays.stream(EventType.values()).map(EventType::id).toList();
    }

    /** A stage's or touchpoint's name, or its key when the map does not (or no longer) have it. */
    public String stageName(String key) {
        return map.stage(key).map(Stage::name).orElse(key);
    }
}
