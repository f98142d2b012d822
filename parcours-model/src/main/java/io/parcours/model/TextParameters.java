package io.parcours.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parameters as text (an HTTP query, command-line options), read with checks whose errors name
 * the parameter at fault and say what it takes.
 */
public final class TextParameters {
    private final Map<String, String> values;

    public TextParameters(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** The text of a parameter, trimmed; empty when missing or blank. */
    public Optional<String> text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when missing. */
    public long number(String name, long fallback, long min, long max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ParcoursException.invalid(name, name + " must be a whole number from " + min + " to " + max + ", not '"
                + text.get() + "'");
    }

    /** true, yes or 1; false, no or 0; false when missing. */
    public boolean bool(String name) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw ParcoursException.invalid(name, name + " must be true or false, not '" + text.get() + "'");
        };
    }

    /** Whether the parameter is given (not blank). */
    public boolean has(String name) {
        return text(name).isPresent();
    }

    /** A key=value pair. */
    public Optional<String[]> pair(String name) {
        return text(name).map(text -> {
            int at = text.indexOf('=');
            if (at <= 0 || at == text.length() - 1) {
                throw ParcoursException.invalid(name, name + " must be written key=value, such as " + name
                        + (name.equals("trait") ? "=plan=premium" : "=utm_source=newsletter") + ", not '" + text + "'");
            }
            return new String[] {text.substring(0, at), text.substring(at + 1)};
        });
    }

    /** A date (2026-03-01, the start of that day in UTC; with {@code endOfDay}, its end) or an ISO instant. */
    public Optional<Instant> instant(String name, boolean endOfDay) {
        return text(name).map(text -> {
            try {
                if (text.length() == 10) {
                    LocalDate day = LocalDate.parse(text);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                Instant instant = Instant.parse(text);
                instant.toEpochMilli();
                return instant;
            } catch (DateTimeParseException | ArithmeticException e) {
                throw ParcoursException.invalid(name, name + " must be a date such as 2026-03-01 or an instant such as "
                        + "2026-03-01T12:00:00Z, not '" + text + "'");
            }
        });
    }
}
