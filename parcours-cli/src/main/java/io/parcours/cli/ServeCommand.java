package io.parcours.cli;

import io.parcours.server.ParcoursServer;
import io.parcours.server.ServerOptions;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parcours serve}: runs the server on a data folder until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = "Run the Parcours server on a data folder until stopped (Ctrl-C).", footer = ServerFlags.FOOTER)
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ServerFlags flags;

    @Override
    public Integer call() {
        Configuration configuration = flags.configuration();
        return serve(flags.out(), configuration,
                store -> new Greeting(ParcoursServer.ensureAdminToken(store),
                        ParcoursServer.ensureFirstAdmin(store, configuration.string(ConfigKeys.ADMIN_EMAIL))));
    }

    /** What to print once at start: a new API token and the first admin's login, when just made. */
    record Greeting(Optional<String> token, Optional<ParcoursServer.FirstAdmin> admin) {}

    /** What a command that serves does before the server starts: returns what to print once. */
    interface Preparation {
        Greeting prepare(ParcoursStore store);
    }

    /** Serves with {@code configuration} until stopped: logs as configured, opens the store, starts the server. */
    static int serve(PrintWriter out, Configuration configuration, Preparation preparation) {
        LogSettings.configure(configuration.logSettings());
        configuration.exposedSecret().ifPresent(LOG::warn);
        configuration.applyStoreSettings();
        ServerOptions options = configuration.serverOptions();
        Path folder = configuration.dataFolder();
        String host = configuration.string(ConfigKeys.HOST);
        int port = configuration.integer(ConfigKeys.PORT);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        boolean interrupted = false;
        try {
            io.parcours.store.DiskSpace.requireRoomToStart(folder);
            try (ParcoursStore store = ParcoursStore.open(folder, Clock.systemUTC(),
                    configuration.number(ConfigKeys.MAX_PENDING))) {
                Greeting greeting = preparation.prepare(store);
                try (ParcoursServer server = ParcoursServer.start(store, host, port, options)) {
                    // On Ctrl-C or SIGTERM the JVM halts once its hooks return: the hook waits until the
                    // server and the database are closed, so every journaled event is loaded first.
                    Thread hook = new Thread(() -> {
                        stopped.countDown();
                        try {
                            closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "parcours-shutdown");
                    Runtime.getRuntime().addShutdownHook(hook);
                    out.println("Parcours is running at " + server.url() + "/");
                    out.println("Data folder: " + folder.toAbsolutePath());
                    greeting.admin().ifPresent(admin -> out.println("Log in at " + server.url() + "/login as "
                            + admin.email() + " with the password " + admin.password()
                            + " (shown once: change it on your account page)"));
                    greeting.token().ifPresent(secret -> {
                        out.println("API token (shown once, keep it): " + secret);
                        out.println("Try: curl -H 'Authorization: Bearer " + secret + "' " + server.url() + "/api/workspaces");
                    });
                    out.println("Press Ctrl-C to stop.");
                    out.flush();
                    try {
                        stopped.await();
                    } catch (InterruptedException e) {
                        // Stop like on Ctrl-C; the flag is set again once the server and database are closed.
                        interrupted = true;
                    } finally {
                        try {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        } catch (IllegalStateException shuttingDown) {
                            // the JVM is already stopping: the hook has run
                        }
                    }
                }
            }
            out.println("Parcours stopped.");
            out.flush();
        } finally {
            closed.countDown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
