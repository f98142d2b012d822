package io.parcours.store;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of saving a map: the version it now has, whether the map was new, and whether the
 * save changed anything (an unchanged map makes no version). Decided inside the write, so it is
 * exact even when others save at the same time.
 */
public record SavedMap(MapVersion version, boolean created, boolean changed) {
    public SavedMap {
        requireNonNull(version, "version is null");
    }
}
