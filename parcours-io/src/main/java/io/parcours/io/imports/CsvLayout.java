package io.parcours.io.imports;

import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a CSV event log play which part, found from its header row and a
 * {@link CsvMapping}: the case (the customer), the activity, the time, optionally the channel,
 * and the columns kept as properties. Shared by the row-by-row reader and the bulk import, so both
 * read a file the same way.
 */
public final class CsvLayout {
    private final List<String> header;
    private final int caseIndex;
    private final int activityIndex;
    private final int timestampIndex;
    private final int channelIndex;
    private final List<Integer> propertyIndexes = new ArrayList<>();

    /** The layout of a file whose first row is {@code headerFields}; refuses a mapping that names no column of it. */
    public CsvLayout(List<String> headerFields, CsvMapping mapping) {
        header = headerFields.stream().map(name -> name.replace("\uFEFF", "").trim()).toList();
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

    /** The column names, trimmed. */
    public List<String> header() {
        return header;
    }

    public int caseIndex() {
        return caseIndex;
    }

    public int activityIndex() {
        return activityIndex;
    }

    public int timestampIndex() {
        return timestampIndex;
    }

    /** The channel column, or -1. */
    public int channelIndex() {
        return channelIndex;
    }

    /** The columns kept as properties, in the order their values are written. */
    public List<Integer> propertyIndexes() {
        return propertyIndexes;
    }

    /** Why a row is refused for its case column being empty. */
    String emptyCase() {
        return "the case column '" + header.get(caseIndex) + "' is empty";
    }

    String emptyActivity() {
        return "the activity column '" + header.get(activityIndex) + "' is empty";
    }

    String badTime(String text) {
        return "'" + text + "' in column '" + header.get(timestampIndex)
                + "' is not a date and time (write it as 2026-11-22 14:05:17, with or without a zone)";
    }
}
