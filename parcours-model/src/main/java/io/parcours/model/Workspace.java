package io.parcours.model;

import java.util.List;
import java.util.Optional;

/**
 * One brand or business and everything Parcours knows of it: its teams, its personas and its
 * journey maps. A workspace is always consistent: every persona a map is drawn for and every team
 * that owns a touchpoint exists in it (see {@link WorkspaceRules}).
 */
public record Workspace(String key, String name, String description, List<Team> teams, List<Persona> personas,
        List<JourneyMap> maps) {

    public Workspace {
        Keys.require("key", key);
        Checks.name("name", name);
        description = Checks.text("description", description);
        teams = Checks.list("teams", teams);
        personas = Checks.list("personas", personas);
        maps = Checks.list("maps", maps);
        List<Problem> problems = WorkspaceRules.problems(teams, personas, maps, WorkspaceRules.Known.NONE);
        if (!problems.isEmpty()) {
            throw ParcoursException.invalid(problems);
        }
    }

    public static Workspace empty(String key, String name) {
        return new Workspace(key, name, "", List.of(), List.of(), List.of());
    }

    public Optional<JourneyMap> map(String mapKey) {
        return maps.stream().filter(map -> map.key().equals(mapKey)).findFirst();
    }

    public Optional<Persona> persona(String personaKey) {
        return personas.stream().filter(persona -> persona.key().equals(personaKey)).findFirst();
    }

    public Optional<Team> team(String teamKey) {
        return teams.stream().filter(team -> team.key().equals(teamKey)).findFirst();
    }
}
