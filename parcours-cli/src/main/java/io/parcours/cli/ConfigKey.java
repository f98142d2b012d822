package io.parcours.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of the server: its key in a configuration file ({@code server.port}), the flag that
 * sets it if any, its default (none: not set), what it means, what it accepts, and whether it is a
 * secret (never printed). Its environment variable follows from the key (see
 * {@link #environmentVariable()}).
 */
record ConfigKey(String name, Optional<String> flag, Optional<String> defaultText, String meaning, Accepts accepts,
        boolean secret) {
    private static final Pattern NAME = Pattern.compile("[a-z]+(-[a-z]+)*(\\.[a-z]+(-[a-z]+)*)+");

    ConfigKey {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key is lower-case words joined by dots and dashes, not " + name);
        }
        defaultText.ifPresent(text -> accepts.parse().apply(text));
    }

    /** {@code PARCOURS_} and the key in capitals, dots and dashes made underscores: {@code PARCOURS_SERVER_PORT}. */
    String environmentVariable() {
        return environmentVariable(name);
    }

    static String environmentVariable(String key) {
        return "PARCOURS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * What a key accepts: {@code allowed} says it in words for error messages and the documentation;
     * {@code parse} turns a text into the value, or throws {@link IllegalArgumentException}.
     */
    record Accepts(String allowed, Function<String, Object> parse) {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

        /** A whole number from {@code min} to {@code max}; the value is a Long. */
        static Accepts number(long min, long max) {
            return new Accepts("a whole number from " + String.format(Locale.ROOT, "%,d", min) + " to "
                    + String.format(Locale.ROOT, "%,d", max), text -> within(Long.parseLong(text), min, max));
        }

        /** A size in bytes, or with KB, MB, GB or TB (1 KB = 1,024 bytes); the value is a Long in bytes. */
        static Accepts size(long min, long max) {
            return new Accepts("a size such as 512KB, 8MB or 2GB (1 KB = 1,024 bytes), from " + bytes(min) + " to "
                    + bytes(max), text -> {
                        Matcher size = SIZE.matcher(text);
                        if (!size.matches()) {
                            throw new IllegalArgumentException();
                        }
                        String unit = size.group(2) == null ? "B" : size.group(2).toUpperCase(Locale.ROOT);
                        int shift = switch (unit.charAt(0)) {
                            case 'K' -> 10;
                            case 'M' -> 20;
                            case 'G' -> 30;
                            case 'T' -> 40;
                            default -> 0;
                        };
                        long number = Long.parseLong(size.group(1));
                        if (number > (Long.MAX_VALUE >> shift)) {
                            throw new IllegalArgumentException();
                        }
                        return within(number << shift, min, max);
                    });
        }

        /** A duration with its unit: 500ms, 30s, 15m, 12h, 7d; the value is a Duration. */
        static Accepts duration(Duration min, Duration max) {
            return new Accepts("a duration such as 500ms, 30s, 15m, 12h or 7d, from " + text(min) + " to " + text(max),
                    text -> {
                        Matcher duration = DURATION.matcher(text);
                        if (!duration.matches()) {
                            throw new IllegalArgumentException();
                        }
                        long number = Long.parseLong(duration.group(1));
                        Duration value = switch (duration.group(2)) {
                            case "ms" -> Duration.ofMillis(number);
                            case "s" -> Duration.ofSeconds(number);
                            case "m" -> Duration.ofMinutes(number);
                            case "h" -> Duration.ofHours(number);
                            default -> Duration.ofDays(number);
                        };
                        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                            throw new IllegalArgumentException();
                        }
                        return value;
                    });
        }

        /** One of {@code choices}, written as listed; the value is the String. */
        static Accepts oneOf(String... choices) {
            List<String> allowed = List.of(choices);
            return new Accepts("one of " + String.join(", ", allowed), text -> {
                if (!allowed.contains(text)) {
                    throw new IllegalArgumentException();
                }
                return text;
            });
        }

        /** true or false; the value is a Boolean. */
        static Accepts bool() {
            return new Accepts("true or false", text -> switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException();
            });
        }

        /** Any text on one line, without spaces around it; the value is the String. */
        static Accepts text(String allowed) {
            return new Accepts(allowed, text -> {
                if (text.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException();
                }
                return text;
            });
        }

        /** An e-mail address; the value is the String. */
        static Accepts email() {
            return new Accepts("an e-mail address such as surveys@example.com", text -> {
                if (text.length() > 254 || !EMAIL.matcher(text).matches()) {
                    throw new IllegalArgumentException();
                }
                return text;
            });
        }

        /** What {@code check} accepts (it throws on anything else); the value is the String. */
        static Accepts checked(String allowed, Function<String, ?> check) {
            return new Accepts(allowed, text -> {
                try {
                    check.apply(text);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(e);
                }
                return text;
            });
        }

        private static long within(long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException();
            }
            return value;
        }

        private static String bytes(long bytes) {
            String[] units = {"TB", "GB", "MB", "KB"};
            for (int i = 0; i < units.length; i++) {
                int shift = 40 - 10 * i;
                if (bytes >= 1L << shift && bytes % (1L << shift) == 0) {
                    return (bytes >> shift) + units[i];
                }
            }
            return bytes + " bytes";
        }

        private static String text(Duration duration) {
            if (duration.toDays() > 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
                return duration.toDays() + "d";
            }
            if (duration.toHours() > 0 && duration.equals(Duration.ofHours(duration.toHours()))) {
                return duration.toHours() + "h";
            }
            if (duration.toMinutes() > 0 && duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
                return duration.toMinutes() + "m";
            }
            if (duration.toSeconds() > 0 && duration.equals(Duration.ofSeconds(duration.toSeconds()))) {
                return duration.toSeconds() + "s";
            }
            return duration.toMillis() + "ms";
        }
    }
}
