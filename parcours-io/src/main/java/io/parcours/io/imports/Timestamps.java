package io.parcours.io.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Optional;

/**
 * Reads the timestamps found in event logs: ISO-8601 with {@code T} or a space, with or without
 * fractions and zone ({@code 2010-12-30 14:32:00+01:00}, {@code 2011-10-11T13:45:40.276Z}), dates
 * alone, European and slashed forms ({@code 30-12-2010 14:32}, {@code 2010/12/30 14:32:00}), and
 * epoch milliseconds. A time without zone is taken in the zone given.
 */
public final class Timestamps {
    private static final DateTimeFormatter ISO_WITH_SPACE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();
    private static final List<DateTimeFormatter> LOCAL = List.of(
            DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm[:ss[.SSS]]"),
            DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm[:ss[.SSS]]"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm[:ss[.SSS]]"));

    private Timestamps() {}

    /** Epoch milliseconds, or empty when the text is no timestamp Parcours knows. */
    public static Optional<Long> parse(String text, ZoneId zone) {
        String value = text.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(Character::isDigit) && value.length() >= 10 && value.length() <= 13) {
            long number = Long.parseLong(value);
            return Optional.of(value.length() == 10 ? number * 1000 : number);
        }
        Long fast = io.parcours.io.time.FastTime.parse(value, zone);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            var parsed = ISO_WITH_SPACE.parse(value);
            LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.from(parsed));
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Optional.of(OffsetDateTime.of(local,
                        java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))).toInstant().toEpochMilli());
            }
            return Optional.of(local.atZone(zone).toInstant().toEpochMilli());
        } catch (java.time.DateTimeException ignored) {
            // try the other forms
        }
        try {
            return Optional.of(Instant.parse(value).toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay(zone).toInstant().toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        for (DateTimeFormatter format : LOCAL) {
            try {
                return Optional.of(LocalDateTime.parse(value, format).atZone(zone).toInstant().toEpochMilli());
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        return Optional.empty();
    }
}
