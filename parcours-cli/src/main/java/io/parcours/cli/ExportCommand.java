package io.parcours.cli;

import io.parcours.io.exports.JsonLinesWriter;
import io.parcours.io.exports.XesWriter;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.server.Journeys;
import io.parcours.store.ParcoursStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours export events}: events out, as CSV, XES, JSON lines or Parquet (docs/event-schema.md). */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export data from a data folder.",
        subcommands = {ExportCommand.Events.class})
final class ExportCommand {
    private ExportCommand() {}

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = {"Export events, each with its customer (ids stitched across devices), grouped by customer in time order.",
                "csv and parquet follow docs/event-schema.md (Parquet is what the Spark runner reads); jsonl writes Segment "
                    + "messages that 'parcours import' reads back; xes writes one trace per customer."})
    static final class Events implements Callable<Integer> {
        @Parameters(arity = "0", hidden = true)
        List<String> none = List.of();

        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
        String workspace;

        @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, xes, jsonl or parquet.")
        String format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path out;

        @Option(names = "--customer", paramLabel = "ID",
                description = "Only this customer's journey (any of their ids; repeat for several); all by default.")
        List<String> customers = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String chosen = format.toLowerCase(Locale.ROOT);
            if (!List.of("csv", "xes", "jsonl", "parquet").contains(chosen)) {
                throw ParcoursException.invalid("format", "--format must be csv, xes, jsonl or parquet, not '" + format + "'");
            }
            if (out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw ParcoursException.invalid("out", "the folder of " + out + " does not exist");
            }
            long written;
            try (ParcoursStore store = data.open()) {
                String target = DataFolder.workspace(store, workspace);
                Map<String, String> customerOfId = new HashMap<>();
                List<String> ids = new ArrayList<>();
                try (Journeys journeys = Journeys.follow(store)) {
                    for (String customer : customers) {
                        ids.addAll(journeys.idsOf(target, customer));
                    }
                    customerOfId.putAll(journeys.stitchedIds(target));
                }
                ParcoursStore.Selection selection = new ParcoursStore.Selection(ids, customerOfId);
                written = switch (chosen) {
                    case "csv" -> store.exportEvents(target, selection, out, ParcoursStore.TableFormat.CSV);
                    case "parquet" -> store.exportEvents(target, selection, out, ParcoursStore.TableFormat.PARQUET);
                    default -> stream(store, target, selection, chosen);
                };
            }
            spec.commandLine().getOut().printf("Exported %,d events to %s%n", written, out);
            return 0;
        }

        private long stream(ParcoursStore store, String target, ParcoursStore.Selection selection, String chosen) {
            AtomicLong count = new AtomicLong();
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                if (chosen.equals("jsonl")) {
                    JsonLinesWriter writer = new JsonLinesWriter(file);
                    store.forEachSelectedEvent(target, selection, (customer, stored) -> {
                        writer.write(stored.event());
                        count.incrementAndGet();
                    });
                } else {
                    XesWriter writer = new XesWriter(file);
                    store.forEachSelectedEvent(target, selection, (customer, stored) -> {
                        writer.write(customer, stored.source(), stored.event());
                        count.incrementAndGet();
                    });
                    writer.close();
                }
            } catch (IOException e) {
                throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
            }
            return count.get();
        }
    }
}
