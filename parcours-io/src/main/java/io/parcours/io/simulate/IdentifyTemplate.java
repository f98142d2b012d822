package io.parcours.io.simulate;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code identify} message of one way of fitting a persona: traits that satisfy one of the
 * persona's rules (and no rule of a persona before it), encoded once as bytes, with room for the
 * customer's e-mail address, made from their user id. Immutable.
 */
final class IdentifyTemplate {
    static final byte[] HEAD = "{\"type\":\"identify\"".getBytes(StandardCharsets.UTF_8);
    static final String EMAIL_DOMAIN = "@example.com";

    /** The traits by path ({@code traits.address.city}), the e-mail as a user id of zeros, to check rules against. */
    final Map<String, String> traits;
    /** The body up to the e-mail's user part, or the whole body when there is no e-mail. */
    final byte[] before;
    /** The body after the e-mail's user part; empty when there is no e-mail. */
    final byte[] after;
    final boolean withEmail;

    IdentifyTemplate(Map<String, String> traits, JsonTree tree, boolean withEmail) {
        this.traits = Map.copyOf(traits);
        this.withEmail = withEmail;
        String members = tree.members("traits");
        String context = ",\"context\":" + tree.object("context") + "}\n";
        if (withEmail) {
            before = (",\"traits\":{" + members + (members.isEmpty() ? "" : ",") + "\"email\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            after = (EMAIL_DOMAIN + "\"}" + context).getBytes(StandardCharsets.UTF_8);
        } else {
            before = (",\"traits\":{" + members + "}" + context).getBytes(StandardCharsets.UTF_8);
            after = new byte[0];
        }
    }
}
