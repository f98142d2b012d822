package io.parcours.cli;

import io.parcours.io.Json;
import io.parcours.model.ParcoursException;
import io.parcours.server.CustomerData;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parcours customer}: a customer's rights, on a data folder with the server stopped (with
 * it running, the API does the same: {@code GET/DELETE /api/workspaces/{ws}/customers/{id}...}).
 * {@code export} writes everything held about the customer as JSON; {@code erase} deletes it.
 */
@Command(name = "customer", mixinStandardHelpOptions = true,
        description = "A customer's rights: export everything held about them (access), or erase it (erasure). "
                + "See docs/privacy.md.",
        subcommands = {CustomerCommand.Export.class, CustomerCommand.Erase.class})
final class CustomerCommand {
    private CustomerCommand() {}

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write everything held about a customer, named by any of their ids, as one JSON document: "
                    + "their ids, events, survey invitations and answers.")
    static final class Export extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Any user id or anonymous id of the customer.")
        String customer;

        @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: standard output).")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
                CustomerData customers = new CustomerData(store, journeys, Json.mapper(), Clock.systemUTC());
                String target = DataFolder.workspace(store, workspace);
                if (out == null) {
                    // Written whole to a temporary file first, so that an error prints no half document.
                    Path file = Files.createTempFile("parcours-customer-", ".json");
                    try {
                        try (OutputStream stream = Files.newOutputStream(file)) {
                            customers.export(target, customer, stream);
                        }
                        spec.commandLine().getOut().println(Files.readString(file));
                    } finally {
                        Files.deleteIfExists(file);
                    }
                } else {
                    Path partial = out.resolveSibling(out.getFileName() + ".partial");
                    try {
                        try (OutputStream stream = Files.newOutputStream(partial)) {
                            customers.export(target, customer, stream);
                        }
                        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                    spec.commandLine().getOut().printf("Wrote the data of customer '%s' to %s%n", customer, out);
                }
            }
            return 0;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = "Erase a customer, named by any of their ids: every event carrying one of their ids (from the "
                    + "database, the journal and the journey index), their survey invitations and answers, and their "
                    + "ids in loaded results. Cannot be undone.")
    static final class Erase extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Any user id or anonymous id of the customer.")
        String customer;

        @Option(names = "--yes", description = "Erase without asking (needed: this cannot be undone).")
        boolean yes;

        @Option(names = "--author", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who asks for the erasure, for the record (default: your user name).")
        String author;

        @Override
        public Integer call() throws Exception {
            if (!yes) {
                throw ParcoursException.invalid("yes", "erasing cannot be undone: add --yes to erase customer '" + customer
                        + "'");
            }
            try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
                CustomerData.Erased erased = new CustomerData(store, journeys, Json.mapper(), Clock.systemUTC())
                        .erase(DataFolder.workspace(store, workspace), customer, author);
                print(erased, String.format("Erased customer '%s': %d ids, %d events, %d survey invitations, %d answers, "
                        + "%d loaded results changed%n", erased.customer(), erased.ids(), erased.events(),
                        erased.invitations(), erased.answers(), erased.results()));
            }
            return 0;
        }
    }
}
