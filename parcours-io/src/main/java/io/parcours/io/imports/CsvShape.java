package io.parcours.io.imports;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a quick pass over a CSV file's bytes tells about its shape: how many rows follow the header,
 * and whether every row is "plain", which the bulk import needs to give each row the same line
 * number and the same fields as the row-by-row reader: one row per line, no blank line, every row
 * with as many fields as the header, quotes only around whole fields. A file that is not plain is
 * still imported, row by row; {@link #irregularity} says why. It also tells which columns hold a
 * value to trim (one that starts or ends with a character {@code String.trim} removes), so that
 * the bulk import trims only those.
 *
 * @param rows the rows after the header (only counted while the file is plain)
 * @param fields the number of fields of the header row
 * @param irregularity why the file is not plain, with the line; null when it is
 * @param padded the columns (by index) where a value after the header starts or ends with a
 *     character up to the space; only complete while the file is plain
 * @param timeForms the forms of the values of the time column seen after the header (a sum of
 *     {@link #ZONED}, {@link #OFFSET}, {@link #LOCAL} and {@link #OTHER}); 0 when no time column
 *     was named or no row was read; only complete while the file is plain
 */
public record CsvShape(long rows, int fields, String irregularity, java.util.BitSet padded, int timeForms) {
    /**
     * The common form of a time ({@code FastTime} reads more) followed by {@code Z}: a year from 1000,
     * a valid hour, minute and second, then an optional fraction of 1 to 3 digits, exactly as
     * the regular expression {@code [1-9]\d{3}-\d\d-\d\d[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?}.
     */
    public static final int ZONED = 1;
    /** The common form followed by an offset below 18 hours: {@code [+-](0\d|1[0-7])(:?[0-5]\d)?}. */
    public static final int OFFSET = 2;
    /** The common form alone, with no zone. */
    public static final int LOCAL = 4;
    /** Any other text, including an empty one, a padded one and one in another zone notation. */
    public static final int OTHER = 8;

    public CsvShape {
        padded = (java.util.BitSet) padded.clone();
    }

    /** A shape with no padded column and no time forms. */
    public CsvShape(long rows, int fields, String irregularity) {
        this(rows, fields, irregularity, new java.util.BitSet(), 0);
    }

    /** Whether every row is plain. */
    public boolean plain() {
        return irregularity == null;
    }

    /** Whether some value of column {@code index} (after the header) needs trimming. */
    public boolean padded(int index) {
        return padded.get(index);
    }

    @Override
    public java.util.BitSet padded() {
        return (java.util.BitSet) padded.clone();
    }

    /** Reads {@code in} to its end (or to its first irregularity) with {@code delimiter} between fields. */
    public static CsvShape scan(InputStream in, char delimiter) throws IOException {
        return scan(in, delimiter, -1);
    }

    /**
     * Reads {@code in} as {@link #scan(InputStream, char)} does, also telling the forms of the
     * values in column {@code timeColumn} (by index; -1 for none).
     */
    public static CsvShape scan(InputStream in, char delimiter, int timeColumn) throws IOException {
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            return new CsvShape(0, 0, "the delimiter '" + delimiter + "' is not a plain ASCII character");
        }
        return new Scanner((byte) delimiter, timeColumn).scan(in);
    }

    /** The form of a time written in {@code text[0..length)} ({@link #ZONED}, {@link #OFFSET}, {@link #LOCAL} or {@link #OTHER}). */
    static int timeForm(byte[] text, int length) {
        if (length < 19 || text[0] < '1' || text[0] > '9' || !digits(text, 1, 4) || text[4] != '-' || !digits(text, 5, 7)
                || text[7] != '-' || !digits(text, 8, 10) || (text[10] != 'T' && text[10] != ' ')
                || !(text[11] == '0' || text[11] == '1' ? digits(text, 12, 13) : text[11] == '2' && text[12] >= '0'
                        && text[12] <= '3')
                || text[13] != ':' || text[14] < '0' || text[14] > '5' || !digits(text, 15, 16) || text[16] != ':'
                || text[17] < '0' || text[17] > '5' || !digits(text, 18, 19)) {
            return OTHER;
        }
        int at = 19;
        if (at < length && text[at] == '.') {
            int end = at + 1;
            while (end < length && end - at <= 3 && text[end] >= '0' && text[end] <= '9') {
                end++;
            }
            if (end == at + 1 || end - at > 4) {
                return OTHER;
            }
            at = end;
        }
        if (at == length) {
            return LOCAL;
        }
        if (text[at] == 'Z') {
            return at + 1 == length ? ZONED : OTHER;
        }
        if (text[at] != '+' && text[at] != '-' || length - at < 3
                || !(text[at + 1] == '0' ? digits(text, at + 2, at + 3) : text[at + 1] == '1' && text[at + 2] >= '0'
                        && text[at + 2] <= '7')) {
            return OTHER;
        }
        int minutes = at + 3;
        if (minutes == length) {
            return OFFSET;
        }
        if (text[minutes] == ':') {
            minutes++;
        }
        return length - minutes == 2 && text[minutes] >= '0' && text[minutes] <= '5' && digits(text, minutes + 1, length)
                ? OFFSET : OTHER;
    }

    private static boolean digits(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The state machine over the bytes; one instance per scan. */
    private static final class Scanner {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3;

        /** Times longer than this are of no common form. */
        private static final int TIME_BYTES = 32;

        private final byte delimiter;
        private final int timeColumn;
        private final java.util.BitSet padded = new java.util.BitSet();
        /** The bytes of the current row's time value (more than fit count as too long), and the forms seen. */
        private final byte[] time = new byte[TIME_BYTES + 1];
        private int timeLength;
        private int timeForms;
        private long line = 1;
        private long rows = -1;
        private int headerFields = -1;
        private int fields;
        private boolean rowEmpty = true;
        private int state = FIELD_START;
        private boolean afterCarriageReturn;
        /** The last byte of the current field's value so far, and whether the value has one. */
        private byte last;
        private boolean valued;

        Scanner(byte delimiter, int timeColumn) {
            this.delimiter = delimiter;
            this.timeColumn = timeColumn;
        }

        /** Keeps a byte of the time value. */
        private void keepTime(byte b) {
            if (timeLength <= TIME_BYTES) {
                time[timeLength++] = b;
            }
        }

        CsvShape scan(InputStream in) throws IOException {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                int i = 0;
                while (i < read) {
                    if (state == UNQUOTED) {
                        // The common case, kept tight: the bytes of an unquoted value up to its end.
                        int start = i;
                        while (i < read) {
                            byte b = buffer[i];
                            if (b == delimiter || b == '\n' || b == '\r' || b == '"') {
                                break;
                            }
                            i++;
                        }
                        if (i > start) {
                            last = buffer[i - 1];
                            if (fields == timeColumn) {
                                int kept = Math.min(i - start, TIME_BYTES + 1 - timeLength);
                                System.arraycopy(buffer, start, time, timeLength, kept);
                                timeLength += kept;
                            }
                        }
                        if (i == read) {
                            break;
                        }
                    }
                    String problem = take(buffer[i]);
                    if (problem != null) {
                        return irregular("line " + line + " " + problem);
                    }
                    i++;
                }
            }
            if (afterCarriageReturn) {
                return irregular("line " + (line - 1) + " ends with a lone carriage return");
            }
            if (state == QUOTED) {
                return irregular("a quote opened on line " + line + " is never closed");
            }
            if (!rowEmpty) {
                String problem = endRow();
                if (problem != null) {
                    return irregular("line " + line + " " + problem);
                }
            }
            if (headerFields < 0) {
                return new CsvShape(0, 0, "the file is empty");
            }
            return new CsvShape(rows, headerFields, null, padded, timeForms);
        }

        private CsvShape irregular(String why) {
            return new CsvShape(Math.max(0, rows), Math.max(0, headerFields), why, padded, timeForms);
        }

        /** Takes one byte; why the file is not plain, or null. */
        private String take(byte b) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b != '\n') {
                    line--;
                    return "ends with a lone carriage return";
                }
                return null;
            }
            if (b == '\r' || b == '\n') {
                if (state == QUOTED) {
                    return "has a line break inside a quoted field";
                }
                if (rowEmpty) {
                    return "is blank";
                }
                String problem = endRow();
                if (problem != null) {
                    return problem;
                }
                line++;
                afterCarriageReturn = b == '\r';
                return null;
            }
            rowEmpty = false;
            switch (state) {
                case FIELD_START -> {
                    if (b == '"') {
                        state = QUOTED;
                        valued = false;
                    } else if (b == delimiter) {
                        fields++;
                    } else {
                        state = UNQUOTED;
                        valueByte(b);
                    }
                }
                case UNQUOTED -> {
                    if (b == delimiter) {
                        endField();
                        state = FIELD_START;
                    } else if (b == '"') {
                        return "has a quote inside a field that does not start with one";
                    } else {
                        valueByte(b);
                    }
                }
                case QUOTED -> {
                    if (b == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        valueByte(b);
                    }
                }
                default -> {
                    if (b == '"') {
                        // A doubled quote: one quote in the value.
                        state = QUOTED;
                        valueByte(b);
                    } else if (b == delimiter) {
                        endField();
                        state = FIELD_START;
                    } else {
                        return "has text after the closing quote of a field";
                    }
                }
            }
            return null;
        }

        /** A byte of the current field's value, taken one at a time (the common bytes go by in {@link #scan}'s loop). */
        private void valueByte(byte b) {
            if (valued) {
                last = b;
            } else {
                firstOfValue(b);
            }
            if (fields == timeColumn) {
                keepTime(b);
            }
        }

        /** The first byte of a value: a value starting with a space or a control character needs trimming. */
        private void firstOfValue(byte b) {
            valued = true;
            last = b;
            if ((b & 0xff) <= ' ' && headerFields >= 0) {
                padded.set(fields);
            }
        }

        /** At the end of a field (not at the end of a row): its value's last byte. */
        private void endField() {
            if (valued && (last & 0xff) <= ' ' && headerFields >= 0) {
                padded.set(fields);
            }
            valued = false;
            fields++;
        }

        private String endRow() {
            if (state == UNQUOTED || state == QUOTE_IN_QUOTED) {
                endField();
                fields--;
            }
            int count = fields + 1;
            if (headerFields < 0) {
                headerFields = count;
            } else if (count != headerFields) {
                return "has " + count + " fields where the header has " + headerFields;
            } else if (timeColumn >= 0 && timeColumn < count) {
                timeForms |= timeForm(time, timeLength);
            }
            timeLength = 0;
            rows++;
            fields = 0;
            valued = false;
            rowEmpty = true;
            state = FIELD_START;
            return null;
        }
    }
}
