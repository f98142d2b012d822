package io.parcours.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Events of a file that the database reads itself, for a bulk import
 * ({@link EventLog#importStaged}): many times faster than handing them over one by one. Each row
 * is a {@code track} of a known customer (an event log's case, activity and time).
 *
 * @param stage statements that read the file into temporary tables, run before anything is stored;
 *     if one fails, nothing is stored and the file can be imported another way
 * @param rows a query over those tables with one row per row of the file and the columns
 *     {@code line} (BIGINT, the row's line in the file, increasing), {@code message_id} (a
 *     {@code VARCHAR}) or, when that is null, {@code row_digest} (a {@code UBIGINT}: the message id
 *     is then {@code csv2-<row_digest in 16 hexadecimal digits>-<line>}), {@code name} (the
 *     activity), {@code user_id} (the case), {@code time_text} (the time as written; may be null
 *     where {@code event_time} is given), {@code event_time} (BIGINT epoch milliseconds, or null
 *     where the query could not read {@code time_text}), {@code properties}, {@code context} (JSON
 *     texts), {@code problem} (why the row is refused, checked before its time is read, or null)
 *     and {@code late_problem} (why it is refused once its time is read, or null: the order in
 *     which the row-by-row reader finds them)
 * @param time reads a {@code time_text} the query left unread: epoch milliseconds, or empty when it
 *     is no time
 * @param badTime why a row is refused whose time cannot be read, given its {@code time_text}
 * @param tables the temporary tables {@code stage} makes, dropped at the end
 */
public record StagedEvents(List<String> stage, String rows, Function<String, Optional<Long>> time,
        Function<String, String> badTime, List<String> tables) {

    public StagedEvents {
        stage = List.copyOf(stage);
        tables = List.copyOf(tables);
    }
}
