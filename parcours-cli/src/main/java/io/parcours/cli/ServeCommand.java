package io.parcours.cli;

import io.parcours.server.ParcoursServer;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parcours serve}: runs the server on a data folder until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Parcours server on a data folder until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataFolder data;

    @Option(names = "--port", defaultValue = "8080", description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Mixin
    ServerFlags flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return serve(spec.commandLine().getOut(), data, host, port, flags.options(),
                store -> new Greeting(ParcoursServer.ensureAdminToken(store),
                        ParcoursServer.ensureFirstAdmin(store, flags.adminEmail())));
    }

    /** What to print once at start: a new API token and the first admin's login, when just made. */
    record Greeting(Optional<String> token, Optional<ParcoursServer.FirstAdmin> admin) {}

    /** What a command that serves does before the server starts: returns what to print once. */
    interface Preparation {
        Greeting prepare(ParcoursStore store);
    }

    static int serve(PrintWriter out, DataFolder data, String host, int port, io.parcours.server.ServerOptions options,
            Preparation preparation)
{
        if (port < 0 || port > 65535) {
            throw io.parcours.model.ParcoursException.invalid("port", "--port must be from 0 to 65535, not " + port);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        boolean interrupted = false;
        try {
            io.parcours.store.DiskSpace.requireRoomToStart(data.folder);
            try (ParcoursStore store = data.open()) {
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
                    out.println("Data folder: " + data.folder.toAbsolutePath());
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
