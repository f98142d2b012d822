package io.parcours.cli;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.model.Workspace;
import io.parcours.store.ApiToken;
import io.parcours.store.ImportResult;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parcours demo}: loads the demo workspaces into a data folder and serves them. */
@Command(name = "demo", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = {"Load the demo workspaces (a clothing brand made in Africa, running shoes, groceries) into the "
                + "data folder and run the server on them.",
            "Running it again keeps what you changed in other workspaces; the demo maps get a new version only if they differ."},
        footer = ServerFlags.FOOTER)
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerFlags flags;

    @Override
    public Integer call() {
        PrintWriter out = flags.out();
        Configuration configuration = flags.configuration();
        return ServeCommand.serve(out, configuration, store -> {
            load(store, out);
            loadJourneys(store, out);
            DemoMeasurements.load(store, out, java.time.Instant.now());
            return new ServeCommand.Greeting(Optional.of(demoToken(store)), Optional.of(
                    io.parcours.server.ParcoursServer.demoAdmin(store, configuration.string(ConfigKeys.ADMIN_EMAIL))));
        });
    }

    /** Customers simulated in the Akwaba demo workspace on its first start, so that its analyses have journeys. */
    static final int DEMO_CUSTOMERS = 20_000;

    /** Simulated journeys for the Akwaba demo workspace, the first time only (when it has no events). */
    static void loadJourneys(ParcoursStore store, PrintWriter out) {
        Workspace akwaba = store.requireWorkspace("akwaba");
        if (!store.searchEvents("akwaba", Optional.empty(), Optional.empty(), 1).isEmpty()) {
            return;
        }
        long stored = SimulatedJourneys.load(store, akwaba, DEMO_CUSTOMERS, 1, "simulation", store.dataFolder());
        out.printf("Demo workspace 'akwaba': %,d simulated events of %,d customers (parcours simulate)%n", stored,
                DEMO_CUSTOMERS);
    }

    static void load(ParcoursStore store, PrintWriter out) {
        for (Workspace workspace : DemoWorkspaces.load()) {
            ImportResult result = store.importInto(workspace.key(), workspace.name(), workspace.description(), true,
                    workspace.teams(), workspace.personas(), workspace.maps(), "demo", "demo workspace");
            long changed = result.maps().stream().filter(ImportResult.MapOutcome::changed).count();
            out.println("Demo workspace '" + workspace.key() + "': " + workspace.maps().size() + " maps, "
                    + workspace.personas().size() + " personas, " + workspace.teams().size() + " teams"
                    + (changed == 0 ? " (already up to date)" : ""));
        }
    }

    /** A fresh token named "demo", so the demo always prints one that works; older demo tokens are revoked. */
    private static String demoToken(ParcoursStore store) {
        for (ApiToken token : store.tokens()) {
            if (token.active() && token.name().equals("demo")) {
                store.revokeToken(token.id());
            }
        }
        return store.createToken("demo", io.parcours.model.Role.ADMIN).secret();
    }
}
