package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that tie teams, personas and maps together: unique keys, and every reference (a map's
 * persona, a touchpoint's owner, the map a future state redesigns) pointing at something that
 * exists. A map file may hold only part of a workspace; references it does not define are then
 * checked against what the target workspace already has ({@link Known}).
 */
public final class WorkspaceRules {
    private WorkspaceRules() {}

    /**
     * Keys defined outside the documents being checked, for example in the workspace a file is
     * imported into. {@link #ANYTHING} accepts every reference, to read a fragment on its own.
     */
    public record Known(Set<String> teams, Set<String> personas, Set<String> maps, boolean anything) {
        public static final Known NONE = new Known(Set.of(), Set.of(), Set.of());
        public static final Known ANYTHING = new Known(Set.of(), Set.of(), Set.of(), true);

        public Known(Set<String> teams, Set<String> personas, Set<String> maps) {
            this(teams, personas, maps, false);
        }

        public Known {
            teams = Set.copyOf(requireNonNull(teams, "teams is null"));
            personas = Set.copyOf(requireNonNull(personas, "personas is null"));
            maps = Set.copyOf(requireNonNull(maps, "maps is null"));
        }

        public static Known of(Workspace workspace) {
            return new Known(
                    keys(workspace.teams().stream().map(Team::key).toList()),
                    keys(workspace.personas().stream().map(Persona::key).toList()),
                    keys(workspace.maps().stream().map(JourneyMap::key).toList()));
        }

        private static Set<String> keys(List<String> keys) {
            return new LinkedHashSet<>(keys);
        }
    }

    /** Every problem with these teams, personas and maps, with field paths such as {@code maps[1].touchpoints[4].owner}. */
    public static List<Problem> problems(List<Team> teams, List<Persona> personas, List<JourneyMap> maps, Known known) {
        List<Problem> problems = new ArrayList<>();
        Set<String> teamKeys = new LinkedHashSet<>(known.teams());
        for (int i = 0; i < teams.size(); i++) {
            if (!teamKeys.add(teams.get(i).key()) && !known.teams().contains(teams.get(i).key())) {
                problems.add(Problem.of("teams[" + i + "].key",
                        "team key '" + teams.get(i).key() + "' is used twice: keys must be unique"));
            }
        }
        Set<String> personaKeys = new LinkedHashSet<>(known.personas());
        for (int i = 0; i < personas.size(); i++) {
            if (!personaKeys.add(personas.get(i).key()) && !known.personas().contains(personas.get(i).key())) {
                problems.add(Problem.of("personas[" + i + "].key",
                        "persona key '" + personas.get(i).key() + "' is used twice: keys must be unique"));
            }
        }
        Set<String> mapKeys = new LinkedHashSet<>(known.maps());
        Map<String, JourneyMap> byKey = new HashMap<>();
        for (int i = 0; i < maps.size(); i++) {
            JourneyMap map = maps.get(i);
            byKey.put(map.key(), map);
            if (!mapKeys.add(map.key()) && !known.maps().contains(map.key())) {
                problems.add(Problem.of("maps[" + i + "].key",
                        "map key '" + map.key() + "' is used twice: keys must be unique"));
            }
        }
        for (int i = 0; i < maps.size(); i++) {
            JourneyMap map = maps.get(i);
            String path = "maps[" + i + "]";
            if (!known.anything() && !personaKeys.contains(map.persona())) {
                problems.add(Problem.of(path + ".persona", "map '" + map.key() + "' is drawn for persona '"
                        + map.persona() + "', which is not defined; add it under personas"
                        + Suggestions.hint(map.persona(), personaKeys)));
            }
            map.redesigns().ifPresent(current -> {
                if (known.anything() && !mapKeys.contains(current)) {
                    return;
                }
                if (!mapKeys.contains(current)) {
                    problems.add(Problem.of(path + ".redesigns", "map '" + map.key() + "' redesigns map '" + current
                            + "', which is not defined" + Suggestions.hint(current, mapKeys)));
                } else if (byKey.containsKey(current) && byKey.get(current).state() != MapState.CURRENT) {
                    problems.add(Problem.of(path + ".redesigns", "map '" + map.key() + "' redesigns map '" + current
                            + "', which is not a current-state map: name the current-state map it improves on"));
                }
            });
            List<Touchpoint> touchpoints = map.touchpoints();
            for (int t = 0; t < touchpoints.size(); t++) {
                Touchpoint touchpoint = touchpoints.get(t);
                String owner = touchpoint.owner().orElse(null);
                if (owner != null && !known.anything() && !teamKeys.contains(owner)) {
                    problems.add(Problem.of(path + ".touchpoints[" + t + "].owner", "touchpoint '" + touchpoint.key()
                            + "' is owned by team '" + owner + "', which is not defined; add it under teams"
                            + Suggestions.hint(owner, teamKeys)));
                }
            }
        }
        return problems;
    }
}
