package io.parcours.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Stable keys: the identifiers of workspaces, teams, personas, maps, stages and touchpoints.
 * A key stays the same when the thing is renamed or moved, so that data collected against it keeps
 * its history across versions of a map. Keys are lowercase letters and digits, with single
 * {@code -}, {@code _} or {@code .} between them, at most {@value #MAX_LENGTH} characters.
 */
public final class Keys {
    public static final int MAX_LENGTH = 64;
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(?:[-_.][a-z0-9]+)*");
    private static final Pattern NOT_KEY_CHARACTERS = Pattern.compile("[^a-z0-9]+");

    private Keys() {}

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() <= MAX_LENGTH && KEY.matcher(candidate).matches();
    }

    /** A valid key made from any text, for suggestions: {@code "Café Checkout!"} gives {@code "cafe-checkout"}. */
    public static String slugOf(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = NOT_KEY_CHARACTERS.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "key" : slug;
    }

    /** Throws an invalid-input error naming {@code field} unless {@code candidate} is a valid key. */
    public static String require(String field, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            throw ParcoursException.invalid(field, field(field) + " is missing: give a key such as 'checkout'");
        }
        if (!isValid(candidate)) {
            String reason = candidate.length() > MAX_LENGTH
                    ? "is longer than " + MAX_LENGTH + " characters"
                    : "may contain only lowercase letters, digits and single '-', '_' or '.' between them";
            throw ParcoursException.invalid(field,
                    field(field) + " '" + candidate + "' " + reason + "; for example '" + slugOf(candidate) + "'");
        }
        return candidate;
    }

    private static String field(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /**
     * A number in [0, 1) from a text, the same on every machine and run: the first 53 bits of its
     * SHA-256. Used to split customers between variants.
     */
    public static double uniformHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long bits = java.nio.ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits * 0x1.0p-53;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
