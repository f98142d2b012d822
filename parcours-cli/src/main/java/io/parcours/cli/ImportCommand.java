package io.parcours.cli;

import io.parcours.io.imports.CsvMapping;
import io.parcours.io.imports.CsvRowIds;
import io.parcours.io.imports.CsvStaging;
import io.parcours.io.imports.EventFileReader;
import io.parcours.io.imports.EventFiles;
import io.parcours.io.imports.ImportItem;
import io.parcours.model.ParcoursException;
import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import io.parcours.store.StagedEvents;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours import FILE}: events from a CSV event log, a JSON-lines file of Segment messages, or XES. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import events from a file: CSV (an event log with a case, an activity and a time column), "
                + "JSON lines of Segment messages, or XES (.xes, .xes.gz).",
            "Streams the file, so a file larger than memory imports. Bad rows are reported with their line numbers and "
                + "the good ones are kept, unless --strict. Importing the same file again stores nothing twice."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The file to import; .gz files are read compressed.")
    Path file;

    @Mixin
    DataFolder data;

    @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several, "
            + "and created when the data folder has none yet.")
    String workspace;

    @Option(names = "--source", paramLabel = "KEY", defaultValue = "import",
            description = "The source the events come from, created if needed (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, jsonl or xes; by default from the file name.")
    String format;

    @Option(names = "--case-column", paramLabel = "NAME", defaultValue = "",
            description = "CSV: the customer (case) column; default case:concept:name.")
    String caseColumn;

    @Option(names = "--activity-column", paramLabel = "NAME", defaultValue = "",
            description = "CSV: the activity (event name) column; default concept:name.")
    String activityColumn;

    @Option(names = "--timestamp-column", paramLabel = "NAME", defaultValue = "",
            description = "CSV: the time column; default time:timestamp.")
    String timestampColumn;

    @Option(names = "--channel-column", paramLabel = "NAME", description = "CSV: a column holding the channel.")
    String channelColumn;

    @Option(names = "--property-column", paramLabel = "NAME",
            description = "CSV: a column to keep as a property (repeat it); by default every other column.")
    List<String> propertyColumns = List.of();

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "CSV: the field separator (default ${DEFAULT-VALUE}; use ';' or 'tab').")
    String delimiter;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8", description = "CSV: the file's encoding (default ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "The time zone of times written without one (default ${DEFAULT-VALUE}), such as Europe/Paris.")
    String zone;

    @Option(names = "--strict", description = "Import nothing if any row is bad.")
    boolean strict;

    @Option(names = "--ip", paramLabel = "POLICY", defaultValue = "truncate",
            description = "What to keep of the IP address in each event's context.ip: drop, truncate (192.168.17.0 "
                    + "for 192.168.17.42; the default) or keep.")
    String ip;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw ParcoursException.notFound("no such file: " + file);
        }
        EventFiles.Format chosen = format == null ? EventFiles.Format.of(file) : parseFormat(format);
        CsvMapping mapping = mapping();
        io.parcours.io.segment.IpAddresses ipAddresses = io.parcours.io.segment.IpAddresses.fromId(ip);
        long size = sizeOf(file);
        // A CSV file's shape is read while the data folder opens.
        java.util.concurrent.CompletableFuture<CsvStaging> looked = chosen != EventFiles.Format.CSV ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> CsvStaging.of(file, mapping));
        try (ParcoursStore store = data.open()) {
            if (workspace != null && store.workspaces().isEmpty()) {
                // A fresh data folder: the workspace named is the first one, made here.
                store.createWorkspace(io.parcours.model.Keys.require("workspace", workspace), workspace, "");
                out.printf("Created workspace '%s'%n", workspace);
            }
            String target = DataFolder.workspace(store, workspace);
            io.parcours.model.Keys.require("source", source);
            if (store.sources(target).stream().noneMatch(s -> s.key().equals(source))) {
                store.createSource(target, source, source.equals("import") ? "File imports" : source);
            }
            Progress progress = new Progress(err, size, System.console() != null);
            EventLog.Origin origin = new EventLog.Origin(target, source);
            CsvRowIds rowIds = store.events().keepsLegacyRowIds(origin) ? CsvRowIds.SHA256 : CsvRowIds.MD5;
            Optional<EventImporter.Summary> bulk = Optional.empty();
            String rowByRow = null;
            if (chosen == EventFiles.Format.CSV) {
                CsvStaging staging = shapeOf(looked);
                rowByRow = staging.unsuitable().orElse(null);
                if (rowByRow == null) {
                    try {
                        bulk = Optional.of(bulk(store, origin, staging, rowIds, progress));
                    } catch (EventLog.StagingFailed e) {
                        rowByRow = "the database could not read it (" + e.getMessage().lines().findFirst().orElse("") + ")";
                    }
                }
            }
            EventImporter.Summary summary;
            if (bulk.isPresent()) {
                summary = bulk.get();
            } else {
                if (strict) {
                    check(chosen, mapping);
                }
                try (EventFileReader reader = EventFiles.open(file, chosen, mapping, System.currentTimeMillis(), rowIds)) {
                    summary = EventImporter.run(reader, store.events(), origin, ipAddresses, progress::update);
                }
            }
            progress.done();
            out.printf("Imported %s into workspace '%s' (source '%s'): %,d read, %,d stored, %,d already there, %,d skipped%n",
                    file, target, source, summary.read(), summary.stored(), summary.duplicates(), summary.rejected());
            if (rowByRow != null) {
                out.printf("  read row by row, which is slower, because %s%n", rowByRow);
            }
            String position = chosen == EventFiles.Format.XES ? "event" : "line";
            for (ImportItem.Rejected rejected : summary.firstRejections()) {
                out.printf("  skipped %s %d: %s%n", position, rejected.position(), rejected.reason());
            }
            if (summary.rejected() > summary.firstRejections().size()) {
                out.printf("  ... and %,d more skipped%n", summary.rejected() - summary.firstRejections().size());
            }
        }
        return 0;
    }

    private static CsvStaging shapeOf(java.util.concurrent.CompletableFuture<CsvStaging> looked) {
        try {
            return looked.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Imports a plain CSV file through the database, which reads it itself; with --strict, stores
     * nothing when a row is bad.
     */
    private EventImporter.Summary bulk(ParcoursStore store, EventLog.Origin origin, CsvStaging staging, CsvRowIds rowIds,
            Progress progress) {
        EventLog.Imported imported = store.events().importStaged(origin, new StagedEvents(staging.statements(),
                staging.rowsQuery(rowIds), staging::time, staging::badTime, staging.tables()), System.currentTimeMillis(),
                !strict, fraction -> progress.update((long) (fraction * progress.size)));
        if (strict && imported.refused() > 0) {
            EventLog.Refusal first = imported.firstRefusals().get(0);
            throw ParcoursException.invalid("", file + ": line " + first.line() + ": " + first.reason()
                    + " (--strict: nothing was imported)");
        }
        List<ImportItem.Rejected> rejections = imported.firstRefusals().stream()
                .map(refusal -> new ImportItem.Rejected(refusal.line(), refusal.reason())).toList();
        return new EventImporter.Summary(imported.read(), imported.stored(), imported.duplicates(), imported.refused(),
                rejections);
    }

    /** --strict: reads the whole file first and refuses it at the first bad row, before anything is stored. */
    private void check(EventFiles.Format chosen, CsvMapping mapping) {
        try (EventFileReader reader = EventFiles.open(file, chosen, mapping, System.currentTimeMillis())) {
            while (reader.hasNext()) {
                if (reader.next() instanceof ImportItem.Rejected rejected) {
                    throw ParcoursException.invalid("", file + ": " + reader.positionName() + " " + rejected.position() + ": "
                            + rejected.reason() + " (--strict: nothing was imported)");
                }
            }
        }
    }

    private CsvMapping mapping() {
        char separator = switch (delimiter) {
            case "tab", "\\t" -> '\t';
            default -> {
                if (delimiter.length() != 1) {
                    throw ParcoursException.invalid("delimiter", "--delimiter must be one character (or 'tab'), not '" + delimiter + "'");
                }
                yield delimiter.charAt(0);
            }
        };
        Charset charset;
        ZoneId timeZone;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw ParcoursException.invalid("encoding", "unknown encoding '" + encoding + "': use UTF-8, ISO-8859-1, windows-1252...");
        }
        try {
            timeZone = ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw ParcoursException.invalid("zone", "unknown time zone '" + zone + "': use UTC, Europe/Paris, +02:00...");
        }
        return new CsvMapping(caseColumn, activityColumn, timestampColumn, Optional.ofNullable(channelColumn),
                propertyColumns, separator, charset, timeZone);
    }

    private static EventFiles.Format parseFormat(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "csv" -> EventFiles.Format.CSV;
            case "jsonl", "json", "ndjson" -> EventFiles.Format.JSONL;
            case "xes" -> EventFiles.Format.XES;
            default -> throw ParcoursException.invalid("format", "--format must be csv, jsonl or xes, not '" + text + "'");
        };
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** A progress bar on the terminal, redrawn at most four times a second; silent when not on a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final long size;
        private final boolean enabled;
        private long lastDrawn;

        Progress(PrintWriter err, long size, boolean enabled) {
            this.err = err;
            this.size = size;
            this.enabled = enabled;
        }

        void update(long bytes) {
            long now = System.nanoTime();
            if (!enabled || size == 0 || now - lastDrawn < 250_000_000L) {
                return;
            }
            lastDrawn = now;
            int percent = (int) Math.min(100, bytes * 100 / size);
            String bar = "#".repeat(percent / 4) + " ".repeat(25 - percent / 4);
            err.printf("\rImporting [%s] %3d%%", bar, percent);
            err.flush();
        }

        void done() {
            if (enabled && lastDrawn != 0) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        }
    }
}
