package io.parcours.store;

import static java.util.Objects.requireNonNull;

import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a backup holds, written last into the archive as {@code manifest.properties}: the format,
 * the Parcours and schema versions it came from, the number of rows of every table, the journal's
 * events not yet in the database, and the size and SHA-256 of every file.
 *
 * @param journalEvents events of the journal copied beside the database, which hold none of them
 */
public record BackupManifest(int format, String parcoursVersion, String schemaVersion, Instant created,
        Map<String, Long> tables, long journalEvents, Map<String, FileSum> files) {
    /** The format this build writes and reads. */
    public static final int FORMAT = 1;
    /** The manifest's name inside the archive. */
    static final String ENTRY = "manifest.properties";

    /** One file of the backup: its size and the SHA-256 of its bytes, in hexadecimal. */
    public record FileSum(long bytes, String sha256) {}

    public BackupManifest {
        requireNonNull(parcoursVersion, "parcoursVersion is null");
        requireNonNull(schemaVersion, "schemaVersion is null");
        requireNonNull(created, "created is null");
        tables = Map.copyOf(tables);
        files = Map.copyOf(files);
    }

    /**
     * Every event the backup holds: those in the database and those of the journal. The tables of
     * events are {@code event_rows} and {@code imported_rows} from schema version 14 on,
     * {@code event_rows} in version 13, {@code events} before.
     */
    public long events() {
        return tables.getOrDefault("event_rows", tables.getOrDefault("events", 0L)) + tables.getOrDefault("imported_rows", 0L)
                + journalEvents;
    }

    /** The manifest as properties, one a line and sorted, so that two manifests of one folder read alike. */
    String text() {
        Map<String, String> lines = new TreeMap<>();
        lines.put("format", Integer.toString(format));
        lines.put("parcours.version", parcoursVersion);
        lines.put("schema.version", schemaVersion);
        lines.put("created", created.toString());
        lines.put("journal.events", Long.toString(journalEvents));
        tables.forEach((table, rows) -> lines.put("table." + table, Long.toString(rows)));
        files.forEach((path, sum) -> {
            lines.put("file." + path + ".bytes", Long.toString(sum.bytes()));
            lines.put("file." + path + ".sha256", sum.sha256());
        });
        StringBuilder text = new StringBuilder("# Parcours backup\n");
        lines.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** Reads a manifest; {@code archive} names the file in messages. */
    static BackupManifest parse(String text, String archive) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
            int format = Integer.parseInt(required(properties, "format", archive));
            if (format > FORMAT) {
                throw ParcoursException.invalid("backup", archive + " is a backup of format " + format
                        + ", made by a newer Parcours than this one (which reads format " + FORMAT
                        + "): restore it with that version or a newer one");
            }
            if (format < 1) {
                throw damaged(archive, "its manifest names format " + format);
            }
            Map<String, Long> tables = new TreeMap<>();
            Map<String, FileSum> files = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith("table.")) {
                    tables.put(name.substring("table.".length()), Long.parseLong(properties.getProperty(name)));
                } else if (name.startsWith("file.") && name.endsWith(".sha256")) {
                    String path = name.substring("file.".length(), name.length() - ".sha256".length());
                    files.put(path, new FileSum(Long.parseLong(required(properties, "file." + path + ".bytes", archive)),
                            properties.getProperty(name)));
                }
            }
            return new BackupManifest(format, required(properties, "parcours.version", archive),
                    required(properties, "schema.version", archive), Instant.parse(required(properties, "created", archive)),
                    tables, Long.parseLong(required(properties, "journal.events", archive)), files);
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            throw damaged(archive, "its manifest cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String required(Properties properties, String key, String archive) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw damaged(archive, "its manifest lacks '" + key + "'");
        }
        return value;
    }

    static ParcoursException damaged(String archive, String why) {
        return ParcoursException.invalid("backup", archive + " is not a complete Parcours backup: " + why
                + "; nothing was restored");
    }
}
