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
 */
public record CsvShape(long rows, int fields, String irregularity, java.util.BitSet padded) {

    public CsvShape {
        padded = (java.util.BitSet) padded.clone();
    }

    /** A shape with no padded column. */
    public CsvShape(long rows, int fields, String irregularity) {
        this(rows, fields, irregularity, new java.util.BitSet());
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
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            return new CsvShape(0, 0, "the delimiter '" + delimiter + "' is not a plain ASCII character");
        }
        return new Scanner((byte) delimiter).scan(in);
    }

    /** The state machine over the bytes; one instance per scan. */
    private static final class Scanner {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3;

        private final byte delimiter;
        private final java.util.BitSet padded = new java.util.BitSet();
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

        Scanner(byte delimiter) {
            this.delimiter = delimiter;
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
            return new CsvShape(rows, headerFields, null, padded);
        }

        private CsvShape irregular(String why) {
            return new CsvShape(Math.max(0, rows), Math.max(0, headerFields), why, padded);
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
                        firstOfValue(b);
                    }
                }
                case UNQUOTED -> {
                    if (b == delimiter) {
                        endField();
                        state = FIELD_START;
                    } else if (b == '"') {
                        return "has a quote inside a field that does not start with one";
                    } else {
                        last = b;
                    }
                }
                case QUOTED -> {
                    if (b == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else if (valued) {
                        last = b;
                    } else {
                        firstOfValue(b);
                    }
                }
                default -> {
                    if (b == '"') {
                        // A doubled quote: one quote in the value.
                        state = QUOTED;
                        if (valued) {
                            last = b;
                        } else {
                            firstOfValue(b);
                        }
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
            }
            rows++;
            fields = 0;
            valued = false;
            rowEmpty = true;
            state = FIELD_START;
            return null;
        }
    }
}
