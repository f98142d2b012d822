package io.parcours.io.segment;

/**
 * Reads the one timestamp form nearly every Segment library sends, {@code 2026-11-22T14:05:17.319Z}
 * (UTC, optional fraction), by arithmetic instead of the general date parser; any other form
 * returns null and goes to {@link java.time.OffsetDateTime#parse}.
 */
final class FastTime {
    private FastTime() {}

    static Long parseUtc(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int millis = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length - 21 < 1 || length - 21 > 9) {
                return null;
            }
            int fraction = digits(text, 20, Math.min(3, length - 21));
            if (fraction < 0 || (length - 21 > 3 && digits(text, 23, length - 24) < 0)) {
                return null;
            }
            millis = length - 21 >= 3 ? fraction : fraction * (length - 21 == 1 ? 100 : 10);
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return (long) era * 146_097 + dayOfEra - 719_468;
    }
}
