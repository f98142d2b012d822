package io.parcours.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBConnection;

/**
 * Fingerprints of messages (64 bits that say whether a message of a source is stored already),
 * computed the same way in Java and in SQL.
 *
 * <p>Most messages: the first 8 bytes of the SHA-256 of workspace, source and message id, each
 * followed by a zero byte. A CSV row's message id {@code csv2-<digest>-<line>} (a digest of its
 * fields in 16 hexadecimal digits, see {@code CsvRowIds}) instead gets two rounds of a 64-bit
 * mixing function over the digest and the line, keyed with a secret of the database and the
 * message's workspace and source: a million rows cost milliseconds instead of the SHA-256's quarter
 * of a second, and, the key being secret, no sender can make a message whose fingerprint equals
 * that of another source's row (which would have the row taken for a repeat and not stored).
 */
final class RowFingerprints {
    /**
     * A {@code row_digest} (UBIGINT) in SQL as the signed BIGINT of the same 64 bits, which JDBC
     * reads four times faster than an unsigned one; made of two halves, so that nothing overflows.
     */
    static final String SIGNED_DIGEST = "(((row_digest >> 32)::BIGINT - CASE WHEN row_digest >= 9223372036854775808::UBIGINT "
            + "THEN 4294967296 ELSE 0 END) * 4294967296 + (row_digest & 4294967295::UBIGINT)::BIGINT)";

    /** The prefix of the message ids made from a CSV row's digest and line. */
    static final String PREFIX = "csv2-";
    private static final long M1 = 0xff51afd7ed558ccdL;
    private static final long M2 = 0xc4ceb9fe1a85ec53L;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private final byte[] secret;
    private final ConcurrentHashMap<EventLog.Origin, long[]> keys = new ConcurrentHashMap<>();

    private RowFingerprints(byte[] secret) {
        this.secret = secret;
    }

    /** The fingerprints of this database: its secret read, or made and stored at the first start. */
    static RowFingerprints of(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            String stored;
            try (var result = statement.executeQuery("SELECT row_key FROM event_log_state WHERE id = 1")) {
                result.next();
                stored = result.getString(1);
            }
            if (stored == null) {
                byte[] made = new byte[32];
                new java.security.SecureRandom().nextBytes(made);
                stored = HexFormat.of().formatHex(made);
                statement.execute("UPDATE event_log_state SET row_key = '" + stored + "' WHERE id = 1");
            }
            return new RowFingerprints(HexFormat.of().parseHex(stored));
        }
    }

    /** The fingerprint of a message of {@code origin} with this id. */
    long of(EventLog.Origin origin, String messageId) {
        long line = lineOf(messageId);
        if (line > 0) {
            return ofRow(origin, Long.parseUnsignedLong(messageId, PREFIX.length(), PREFIX.length() + 16, 16), line);
        }
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        sha256.update(origin.workspace().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(origin.source().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(messageId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    /**
     * The line of a csv2 message id written as the import writes them (16 lowercase hexadecimal
     * digits, a line from 1 without leading zeros), or 0 for any other id.
     */
    static long lineOf(String id) {
        int digits = PREFIX.length() + 16;
        if (id.length() < digits + 2 || id.length() > digits + 19 || !id.startsWith(PREFIX) || id.charAt(digits) != '-'
                || id.charAt(digits + 1) == '0') {
            return 0;
        }
        for (int i = PREFIX.length(); i < digits; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return 0;
            }
        }
        long line = 0;
        for (int i = digits + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9' || line > (Long.MAX_VALUE - 9) / 10) {
                return 0;
            }
            line = line * 10 + (c - '0');
        }
        return line;
    }

    /** The fingerprint of a CSV row of {@code origin}: its digest (unsigned) and its line. */
    long ofRow(EventLog.Origin origin, long digest, long line) {
        return keyed(keysOf(origin), digest, line);
    }

    /** The keys of {@code origin}'s rows, for {@link #keyed}: looked up once for many rows. */
    long[] keysFor(EventLog.Origin origin) {
        return keysOf(origin);
    }

    /** {@link #ofRow} with the origin's keys ({@link #keysFor}). */
    static long keyed(long[] key, long digest, long line) {
        return mix(digest ^ key[0] ^ mix(line ^ key[1]));
    }

    /** The finalising step of MurmurHash3: every bit of the input moves every bit of the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * M1;
        z = (z ^ (z >>> 33)) * M2;
        return z ^ (z >>> 33);
    }

    private long[] keysOf(EventLog.Origin origin) {
        return keys.computeIfAbsent(origin, o -> {
            MessageDigest sha256 = SHA256.get();
            sha256.reset();
            sha256.update(secret);
            sha256.update(o.workspace().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(o.source().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            ByteBuffer bytes = ByteBuffer.wrap(sha256.digest());
            return new long[] {bytes.getLong(), bytes.getLong()};
        });
    }

    /**
     * {@link #ofRow} in SQL for the rows of {@code origin}: {@code rows} (a query) with a column
     * {@code alias} added, a signed {@code BIGINT}, and steps named {@code alias_*}, for a query
     * to leave out. {@code digest} is a {@code UBIGINT} and {@code line} a {@code BIGINT} column.
     * Unsigned products are taken modulo 2^64 through 128-bit integers, as Java's long products
     * wrap. Each step is a query of its own around the one before: steps named in one select list
     * cost a sixth more, as DuckDB puts each step's expression in place of its name.
     */
    String sql(EventLog.Origin origin, String rows, String digest, String line, String alias) {
        long[] key = keysOf(origin);
        StringBuilder query = new StringBuilder(rows);
        String inner = mixSql(query, "xor(" + line + "::UBIGINT, " + Long.toUnsignedString(key[1]) + "::UBIGINT)",
                alias + "_l");
        String outer = mixSql(query, "xor(xor(" + digest + ", " + Long.toUnsignedString(key[0]) + "::UBIGINT), " + inner
                + ")", alias + "_d");
        step(query, "(" + outer + "::HUGEINT - CASE WHEN " + outer + " >= 9223372036854775808::UBIGINT "
                + "THEN 18446744073709551616::HUGEINT ELSE 0 END)::BIGINT", alias);
        return query.toString();
    }

    /** Wraps the steps of {@link #mix} over a UBIGINT expression around {@code query}; the name of the last. */
    private static String mixSql(StringBuilder query, String value, String name) {
        String mask = "18446744073709551615::UHUGEINT";
        step(query, value, name + "0");
        step(query, "xor(" + name + "0, " + name + "0 >> 33)", name + "1");
        step(query, "((" + name + "1::UHUGEINT * " + Long.toUnsignedString(M1) + "::UHUGEINT) & " + mask + ")::UBIGINT",
                name + "2");
        step(query, "xor(" + name + "2, " + name + "2 >> 33)", name + "3");
        step(query, "((" + name + "3::UHUGEINT * " + Long.toUnsignedString(M2) + "::UHUGEINT) & " + mask + ")::UBIGINT",
                name + "4");
        step(query, "xor(" + name + "4, " + name + "4 >> 33)", name + "5");
        return name + "5";
    }

    /** Makes {@code query} the query of its rows with one more column. */
    private static void step(StringBuilder query, String expression, String name) {
        query.insert(0, "SELECT *, " + expression + " AS " + name + " FROM (").append(')');
    }
}
