package io.parcours.io.imports;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * How the columns of a CSV file become events: which column holds the customer (the case), the
 * activity (the event name) and the time, optionally the channel, and which columns become
 * properties (all the others when none is named). Empty column names mean "detect": the event-log
 * convention of process-mining tools ({@code case:concept:name}, {@code concept:name},
 * {@code time:timestamp}) is recognised without being named.
 */
public record CsvMapping(String caseColumn, String activityColumn, String timestampColumn,
        Optional<String> channelColumn, List<String> propertyColumns, char delimiter, Charset charset, ZoneId zone) {

    public static final String XES_CASE = "case:concept:name";
    public static final String XES_ACTIVITY = "concept:name";
    public static final String XES_TIMESTAMP = "time:timestamp";

    public CsvMapping {
        requireNonNull(caseColumn, "caseColumn is null");
        requireNonNull(activityColumn, "activityColumn is null");
        requireNonNull(timestampColumn, "timestampColumn is null");
        requireNonNull(channelColumn, "channelColumn is null");
        propertyColumns = List.copyOf(propertyColumns);
        requireNonNull(charset, "charset is null");
        requireNonNull(zone, "zone is null");
    }

    /** Detect everything: the process-mining column names, comma-separated UTF-8, times without zone in UTC. */
    public static CsvMapping detect() {
        return new CsvMapping("", "", "", Optional.empty(), List.of(), ',', java.nio.charset.StandardCharsets.UTF_8,
                java.time.ZoneOffset.UTC);
    }
}
