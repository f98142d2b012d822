package io.parcours.io.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads an event log in CSV: one event per row, mapped to a customer (the case), an activity (the
 * event name), a time, and properties (see {@link CsvMapping}). Each event's message id is made
 * from the row's content and line, so importing the same file again stores nothing twice.
 */
final class CsvEventReader extends LookaheadReader {
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final CsvMapping mapping;
    private final long receivedAt;
    private final int caseIndex;
    private final int activityIndex;
    private final int timestampIndex;
    private final int channelIndex;
    private final List<String> header;
    private final List<Integer> propertyIndexes = new ArrayList<>();
    private final MessageDigest sha256;
    private long lastLine = 1;

    CsvEventReader(InputStream in, CsvMapping mapping, long receivedAt) {
        this(new CountingInputStream(in), mapping, receivedAt);
    }

    private CsvEventReader(CountingInputStream counting, CsvMapping mapping, long receivedAt) {
        super(counting);
        this.mapping = mapping;
        this.receivedAt = receivedAt;
        this.csv = CsvReader.builder().fieldSeparator(mapping.delimiter()).allowMissingFields(true)
                .allowExtraFields(true).skipEmptyLines(true).detectBomHeader(false)
                .ofCsvRecord(new InputStreamReader(counting, mapping.charset()));
        this.records = csv.iterator();
        if (!nextRecord(0)) {
            throw ParcoursException.invalid("", "the file is empty: a CSV event log starts with a header row");
        }
        header = records.next().getFields().stream().map(name -> name.replace("\uFEFF", "").trim()).toList();
        caseIndex = column(mapping.caseColumn(), CsvMapping.XES_CASE, "case", "--case-column");
        activityIndex = column(mapping.activityColumn(), CsvMapping.XES_ACTIVITY, "activity", "--activity-column");
        timestampIndex = column(mapping.timestampColumn(), CsvMapping.XES_TIMESTAMP, "timestamp", "--timestamp-column");
        channelIndex = mapping.channelColumn().map(name -> column(name, "", "channel", "--channel-column")).orElse(-1);
        if (mapping.propertyColumns().isEmpty()) {
            for (int i = 0; i < header.size(); i++) {
                if (i != caseIndex && i != activityIndex && i != timestampIndex && i != channelIndex
                        && !header.get(i).isEmpty()) {
                    propertyIndexes.add(i);
                }
            }
        } else {
            for (String property : mapping.propertyColumns()) {
                propertyIndexes.add(column(property, "", "property", "--property-column"));
            }
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private int column(String named, String conventional, String role, String flag) {
        String wanted = named.isEmpty() ? conventional : named;
        int index = header.indexOf(wanted);
        if (index >= 0) {
            return index;
        }
        if (named.isEmpty()) {
            throw ParcoursException.invalid(flag.substring(2), "no " + role + " column: the header has no '" + conventional
                    + "'; name the column with " + flag + " (the columns are: " + String.join(", ", header) + ")");
        }
        throw ParcoursException.invalid(flag.substring(2), "there is no column '" + named + "' for the " + role
                + Suggestions.hint(named, header) + " (the columns are: " + String.join(", ", header) + ")");
    }

    @Override
    ImportItem readNext() {
        if (!nextRecord(lastLine)) {
            return null;
        }
        CsvRecord record = records.next();
        lastLine = record.getStartingLineNumber();
        return read(record);
    }

    /**
     * Whether there is another record; a record the CSV parser cannot read (a quote never closed
     * makes a field that runs to the end of the file) refuses the file, naming where it stopped.
     */
    private boolean nextRecord(long after) {
        try {
            return records.hasNext();
        } catch (CsvParseException e) {
            throw ParcoursException.invalid("", "cannot read the CSV after line " + after + ": " + e.getMessage()
                    + " Check the quotes (\") of the rows after it.");
        } catch (java.io.UncheckedIOException e) {
            throw unreadable(e, after);
        }
    }

    @Override
    java.io.Closeable source() {
        return csv;
    }

    private ImportItem read(CsvRecord record) {
        long line = record.getStartingLineNumber();
        String caseId = field(record, caseIndex);
        String activity = field(record, activityIndex);
        String time = field(record, timestampIndex);
        if (caseId.isEmpty()) {
            return new ImportItem.Rejected(line, "the case column '" + header.get(caseIndex) + "' is empty");
        }
        if (activity.isEmpty()) {
            return new ImportItem.Rejected(line, "the activity column '" + header.get(activityIndex) + "' is empty");
        }
        Optional<Long> timestamp = Timestamps.parse(time, mapping.zone());
        if (timestamp.isEmpty()) {
            return new ImportItem.Rejected(line, "'" + time + "' in column '" + header.get(timestampIndex)
                    + "' is not a date and time (write it as 2026-11-22 14:05:17, with or without a zone)");
        }
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (int index : propertyIndexes) {
            String value = field(record, index);
            if (!value.isEmpty()) {
                properties.put(header.get(index), value);
            }
        }
        String context = "{}";
        if (channelIndex >= 0 && !field(record, channelIndex).isEmpty()) {
            context = JsonNodeFactory.instance.objectNode().put("channel", field(record, channelIndex)).toString();
        }
        try {
            return new ImportItem.Accepted(line, new Event(messageId(record, line), EventType.TRACK, activity,
                    Optional.of(caseId), Optional.empty(), timestamp.get(), receivedAt, properties.toString(), "{}",
                    context, Optional.empty(), Optional.empty()));
        } catch (ParcoursException e) {
            return new ImportItem.Rejected(line, e.getMessage());
        }
    }

    private String messageId(CsvRecord record, long line) {
        sha256.reset();
        for (String field : record.getFields()) {
            sha256.update(field.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return "csv-" + HexFormat.of().formatHex(sha256.digest(), 0, 12) + "-" + line;
    }

    private static String field(CsvRecord record, int index) {
        return index < record.getFieldCount() ? record.getField(index).trim() : "";
    }
}
