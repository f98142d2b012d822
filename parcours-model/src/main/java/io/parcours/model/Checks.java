package io.parcours.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The field checks that the records of the model run in their constructors. */
final class Checks {
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_TEXT_LENGTH = 10_000;
    static final int MAX_LIST_SIZE = 500;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Checks() {}

    static <T> T present(String field, T value) {
        if (value == null) {
            throw ParcoursException.invalid(field, field + " is missing");
        }
        return value;
    }

    static String name(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ParcoursException.invalid(field, field + " is missing: give a short name a person will recognise");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw ParcoursException.invalid(field,
                    field + " is " + value.length() + " characters long; keep it under " + MAX_NAME_LENGTH
                            + " and put the rest in the description");
        }
        if (value.indexOf('\n') >= 0) {
            throw ParcoursException.invalid(field, field + " must fit on one line; put longer text in the description");
        }
        return value;
    }

    /** Free text that may be empty (a description); never null. */
    static String text(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw ParcoursException.invalid(field,
                    field + " is " + value.length() + " characters long; the limit is " + MAX_TEXT_LENGTH);
        }
        return value;
    }

    /** A list of short texts (goals, pains, questions...): copied, every item non-blank. */
    static List<String> texts(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_LIST_SIZE) {
            throw ParcoursException.invalid(field, field + " has " + values.size() + " items; the limit is " + MAX_LIST_SIZE);
        }
        for (int i = 0; i < values.size(); i++) {
            String item = values.get(i);
            if (item == null || item.isBlank()) {
                throw ParcoursException.invalid(field + "[" + i + "]", "item " + (i + 1) + " of " + field
                        + " is empty: remove it or write the text");
            }
            text(field + "[" + i + "]", item);
        }
        return List.copyOf(values);
    }

    static <T> List<T> list(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw ParcoursException.invalid(field + "[" + i + "]", "item " + (i + 1) + " of " + field + " is empty");
            }
            copy.add(values.get(i));
        }
        return Collections.unmodifiableList(copy);
    }

    static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    static Optional<String> optionalKey(String field, Optional<String> value) {
        Optional<String> present = optional(value);
        present.ifPresent(key -> Keys.require(field, key));
        return present;
    }

    static Optional<String> email(String field, Optional<String> value) {
        Optional<String> present = optional(value);
        present.ifPresent(email -> {
            if (!EMAIL.matcher(email).matches()) {
                throw ParcoursException.invalid(field,
                        field + " '" + email + "' is not an e-mail address; write it as name@example.com");
            }
        });
        return present;
    }

    static Optional<String> httpUrl(String field, Optional<String> value) {
        Optional<String> present = optional(value);
        present.ifPresent(url -> {
            boolean valid;
            try {
                URI uri = new URI(url);
                valid = ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                valid = false;
            }
            if (!valid) {
                throw ParcoursException.invalid(field,
                        field + " '" + url + "' is not an http(s) URL; write it as https://hooks.example.com/...");
            }
        });
        return present;
    }
}
