package io.parcours.io.imports;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Opens files of events for import, by format: CSV event logs, JSON lines of Segment messages, XES. */
public final class EventFiles {
    /** The formats Parcours imports. */
    public enum Format {
        CSV, JSONL, XES;

        /** The format a file name suggests: .csv, .jsonl/.ndjson/.json, .xes or .xes.gz (and .gz of the others). */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".gz")) {
                name = name.substring(0, name.length() - 3);
            }
            if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
                return CSV;
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return JSONL;
            }
            if (name.endsWith(".xes")) {
                return XES;
            }
            throw ParcoursException.invalid("format", "cannot tell the format of " + file.getFileName()
                    + " from its name: give --format csv, jsonl or xes");
        }
    }

    private EventFiles() {}

    /** Opens a reader, giving CSV rows {@link CsvRowIds#MD5} message ids. */
    public static EventFileReader open(Path file, Format format, CsvMapping mapping, long receivedAt) {
        return open(file, format, mapping, receivedAt, CsvRowIds.MD5);
    }

    /** Opens a reader; a file ending in .gz is decompressed on the fly. */
    public static EventFileReader open(Path file, Format format, CsvMapping mapping, long receivedAt, CsvRowIds rowIds) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (NoSuchFileException e) {
            throw ParcoursException.notFound("no such file: " + file);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return switch (format) {
                case CSV -> new CsvEventReader(in, mapping, receivedAt, rowIds);
                case JSONL -> new JsonLinesReader(in, receivedAt);
                case XES -> new XesReader(in, receivedAt, mapping.zone());
            };
        } catch (RuntimeException e) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }
}
