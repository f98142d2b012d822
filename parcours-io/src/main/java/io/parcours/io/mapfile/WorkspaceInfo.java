package io.parcours.io.mapfile;

import io.parcours.model.Keys;
import io.parcours.model.ParcoursException;

/** The header of a map file that describes a whole workspace: its key, name and description. */
public record WorkspaceInfo(String key, String name, String description) {
    public WorkspaceInfo {
        Keys.require("key", key);
        if (name == null || name.isBlank()) {
            throw ParcoursException.invalid("name", "name is missing: give the workspace the name of the brand or business");
        }
        description = description == null ? "" : description;
    }
}
