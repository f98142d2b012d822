package io.parcours.server;

import io.javalin.http.Context;
import io.parcours.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The words of the dashboard in one language (English or French), from
 * {@code i18n/messages_<language>.properties}, and the way numbers and dates are written in it.
 * A page's language is the one chosen with the language switch (a cookie), else the user's saved
 * choice, else the browser's preferred language among those Parcours speaks, else English.
 * Immutable and thread-safe.
 */
final class Texts {
    static final List<String> LANGUAGES = List.of("en", "fr");
    static final String COOKIE = "parcours_lang";
    private static final Map<String, Texts> ALL = Map.of("en", load("en"), "fr", load("fr"));

    private final String language;
    private final Locale locale;
    private final Properties messages;

    private Texts(String language, Properties messages) {
        this.language = language;
        this.locale = Locale.forLanguageTag(language);
        this.messages = messages;
    }

    static Texts of(String language) {
        return ALL.getOrDefault(language, ALL.get("en"));
    }

    /** The language of this request's pages (see the class comment). */
    static Texts of(Context ctx, Optional<User> user) {
        String chosen = ctx.cookie(COOKIE);
        if (chosen != null && LANGUAGES.contains(chosen)) {
            return of(chosen);
        }
        if (user.isPresent() && user.get().language().filter(LANGUAGES::contains).isPresent()) {
            return of(user.get().language().get());
        }
        return of(fromAcceptLanguage(ctx.header("Accept-Language")));
    }

    /** The first language of an {@code Accept-Language} header that Parcours speaks, by quality. */
    static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return "en";
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            for (Locale.LanguageRange range : ranges) {
                String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                if (LANGUAGES.contains(primary) && range.getWeight() > 0) {
                    return primary;
                }
            }
        } catch (IllegalArgumentException malformed) {
            return "en";
        }
        return "en";
    }

    String language() {
        return language;
    }

    /** The text for {@code key}; the key itself when missing (a test checks that none is). */
    String t(String key) {
        return messages.getProperty(key, key);
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}... replaced by the arguments. */
    String t(String key, Object... arguments) {
        String text = t(key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }

    Properties messages() {
        return messages;
    }

    String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }

    String decimal(double value, int digits) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(value);
    }

    /** A share from 0 to 1 as a percentage with no decimals ("23 %" in French, "23%" in English). */
    String percent(double share) {
        return NumberFormat.getPercentInstance(locale).format(share);
    }

    /** A date and time in UTC, the way the language writes it. */
    String dateTime(Instant instant) {
        String pattern = language.equals("fr") ? "d MMM yyyy HH:mm" : "MMM d, yyyy HH:mm";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(ZoneOffset.UTC).format(instant) + " UTC";
    }

    private static Texts load(String language) {
        Properties properties = new Properties();
        String path = "/i18n/messages_" + language + ".properties";
        try (InputStream in = Texts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the build: " + path);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Texts(language, properties);
    }
}
