package io.parcours.io.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.security.MessageDigest;
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
    private final CsvLayout layout;
    private final CsvRowIds rowIds;
    private final MessageDigest digest;
    private long lastLine = 1;

    CsvEventReader(InputStream in, CsvMapping mapping, long receivedAt, CsvRowIds rowIds) {
        this(new CountingInputStream(in), mapping, receivedAt, rowIds);
    }

    private CsvEventReader(CountingInputStream counting, CsvMapping mapping, long receivedAt, CsvRowIds rowIds) {
        super(counting);
        this.rowIds = rowIds;
        this.mapping = mapping;
        this.receivedAt = receivedAt;
        this.csv = CsvReader.builder().fieldSeparator(mapping.delimiter()).allowMissingFields(true)
                .allowExtraFields(true).skipEmptyLines(true).detectBomHeader(false)
                .ofCsvRecord(new InputStreamReader(counting, mapping.charset()));
        this.records = csv.iterator();
        if (!nextRecord(0)) {
            throw ParcoursException.invalid("", "the file is empty: a CSV event log starts with a header row");
        }
        layout = new CsvLayout(records.next().getFields(), mapping);
        digest = rowIds.newDigest();
    }

    /** Which column plays which part, from the header row. */
    CsvLayout layout() {
        return layout;
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
        String caseId = field(record, layout.caseIndex());
        String activity = field(record, layout.activityIndex());
        String time = field(record, layout.timestampIndex());
        if (caseId.isEmpty()) {
            return new ImportItem.Rejected(line, layout.emptyCase());
        }
        if (activity.isEmpty()) {
            return new ImportItem.Rejected(line, layout.emptyActivity());
        }
        Optional<Long> timestamp = Timestamps.parse(time, mapping.zone());
        if (timestamp.isEmpty()) {
            return new ImportItem.Rejected(line, layout.badTime(time));
        }
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (int index : layout.propertyIndexes()) {
            String value = field(record, index);
            if (!value.isEmpty()) {
                properties.put(layout.header().get(index), value);
            }
        }
        String context = "{}";
        int channelIndex = layout.channelIndex();
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
        return rowIds.messageId(digest, record.getFields(), line);
    }

    private static String field(CsvRecord record, int index) {
        return index < record.getFieldCount() ? record.getField(index).trim() : "";
    }
}
