package io.parcours.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in map files and on the command line: {@code 0}, {@code 90s},
 * {@code 30m}, {@code 2h}, {@code 7d}, {@code 2w}, or ISO 8601 ({@code PT30M}).
 */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})\\s*(s|m|min|h|d|w)?");

    private DurationText() {}

    /** The duration a text names; empty when it is not one of the forms above. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2);
            if (unit == null) {
                return amount == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
            }
            return Optional.of(switch (unit) {
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            });
        }
        try {
            return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The shortest text that {@link #parse} reads back to the same duration: {@code 7d}, {@code 90m}, {@code 0}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0 && duration.getNano() == 0) {
            return "0";
        }
        if (duration.getNano() != 0 || seconds < 0) {
            return duration.toString();
        }
        if (seconds % 604_800 == 0) {
            return seconds / 604_800 + "w";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** What to tell someone who wrote a duration we cannot read. */
    public static final String HINT = "write a duration such as 0, 30m, 2h, 7d or 2w";
}
