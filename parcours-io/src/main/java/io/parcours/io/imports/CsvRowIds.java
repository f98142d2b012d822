package io.parcours.io.imports;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * How a CSV row gets its message id: from its fields (as written, each followed by a zero byte)
 * and its line, so that a file imported again, row by row or in bulk, stores nothing twice.
 */
public enum CsvRowIds {
    /**
     * {@code csv2-<digest>-<line>}: the digest is the first 8 bytes of the MD5 of the fields, read as
     * a little-endian number, in 16 hexadecimal digits. Cheap to make in the database too, which
     * keeps the digest and the line instead of the id (docs/event-schema.md).
     */
    MD5("MD5"),
    /**
     * {@code csv-<the first 12 bytes of the SHA-256 in hexadecimal>-<line>}: the ids of releases
     * before schema version 13, kept for the sources that hold rows imported with them.
     */
    SHA256("SHA-256");

    private final String algorithm;

    CsvRowIds(String algorithm) {
        this.algorithm = algorithm;
    }

    /** A digest of this kind, for one reader. */
    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** The message id of a row of these fields at this line; {@code digest} from {@link #newDigest}. */
    String messageId(MessageDigest digest, List<String> fields, long line) {
        digest.reset();
        for (String field : fields) {
            digest.update(field.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        byte[] bytes = digest.digest();
        if (this == SHA256) {
            return "csv-" + HexFormat.of().formatHex(bytes, 0, 12) + "-" + line;
        }
        long number = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return "csv2-" + HexFormat.of().toHexDigits(number) + "-" + line;
    }
}
