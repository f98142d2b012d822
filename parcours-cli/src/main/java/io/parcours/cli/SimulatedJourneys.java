package io.parcours.cli;

import io.parcours.io.imports.CsvMapping;
import io.parcours.io.imports.EventFileReader;
import io.parcours.io.imports.EventFiles;
import io.parcours.io.simulate.JourneySimulator;
import io.parcours.io.simulate.SimulationOptions;
import io.parcours.model.Workspace;
import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Simulated journeys of a workspace stored through the import pipeline, for the demo and the benchmarks. */
final class SimulatedJourneys {
    private SimulatedJourneys() {}

    /**
     * Simulates {@code customers} customers of {@code workspace} (which must already be in the
     * store) and imports their events from source {@code source}, through a temporary file in
     * {@code folder}; returns how many events were stored.
     */
    static long load(ParcoursStore store, Workspace workspace, long customers, long seed, String source, Path folder) {
        Path file = folder.resolve("simulated-journeys-" + seed + ".jsonl");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                JourneySimulator.of(workspace, SimulationOptions.of(customers, seed)).write(out);
            }
            if (store.sources(workspace.key()).stream().noneMatch(s -> s.key().equals(source))) {
                store.createSource(workspace.key(), source, "Simulated journeys");
            }
            EventImporter.Summary summary;
            try (EventFileReader reader = EventFiles.open(file, EventFiles.Format.JSONL, CsvMapping.detect(),
                    System.currentTimeMillis())) {
                summary = EventImporter.run(reader, store.events(), new EventLog.Origin(workspace.key(), source), n -> { });
            }
            store.events().awaitLoaded(600_000);
            return summary.stored();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulated journeys to " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}
