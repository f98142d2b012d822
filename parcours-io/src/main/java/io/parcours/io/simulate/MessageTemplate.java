package io.parcours.io.simulate;

import io.parcours.model.EventType;
import io.parcours.model.MatchRule;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of message the simulator writes, with all that is the same from one event to the next
 * (type, name, properties, traits, context) encoded once as bytes: writing an event adds only its
 * ids and time, and for a conversion its value. It also keeps its fields as flat paths
 * ({@code context.page.url}), so that the plan can check it against matching rules. Immutable.
 */
final class MessageTemplate {
    final EventType type;
    final String name;
    /** Every text field of properties, traits and context, by path. */
    final Map<String, String> fields;
    /** The start of the line: the opening brace, the type and the name (the object is left open). */
    final byte[] head;
    /** The rest of the line after the ids and time: properties, traits, context, the closing brace and the newline. */
    final byte[] body;
    /** For a conversion: the body up to the value, and after it; absent when the rule itself fixes the value. */
    final Optional<byte[]> beforeValue;
    final Optional<byte[]> afterValue;

    private MessageTemplate(EventType type, String name, Map<String, String> fields, byte[] head, byte[] body,
            Optional<byte[]> beforeValue, Optional<byte[]> afterValue) {
        this.type = type;
        this.name = name;
        this.fields = fields;
        this.head = head;
        this.body = body;
        this.beforeValue = beforeValue;
        this.afterValue = afterValue;
    }

    /** Whether {@code rule} matches every message of this template, as the touchpoint matcher reads them. */
    boolean matchedBy(MatchRule rule) {
        if (!rule.events().isEmpty() && !rule.events().contains(name)) {
            return false;
        }
        if (rule.type().isPresent() && rule.type().get() != type) {
            return false;
        }
        for (Map.Entry<String, String> condition : rule.where().entrySet()) {
            String value = fields.get(condition.getKey());
            if (value == null || !Globs.matches(condition.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    static Builder builder(EventType type, String name) {
        return new Builder(type, name);
    }

    /** Collects the fields of a template; a field that contradicts one already put is refused. */
    static final class Builder {
        private final EventType type;
        private final String name;
        private final JsonTree tree = new JsonTree();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private Optional<String> groupId = Optional.empty();

        private Builder(EventType type, String name) {
            this.type = type;
            this.name = name;
        }

        /** Puts a field at a path such as {@code context.page.url}; false when it contradicts a field already there. */
        boolean put(String path, String value) {
            if (!tree.put(MatchRule.steps(path), value)) {
                return false;
            }
            fields.put(path, value);
            return true;
        }

        /** Puts a field, as {@link #put}, for chaining. */
        Builder withField(String path, String value) {
            put(path, value);
            return this;
        }

        Builder groupId(String id) {
            groupId = Optional.of(id);
            return this;
        }

        /**
         * The template; a conversion's template leaves room for its value ({@code properties.revenue})
         * and names its currency, unless the rule already fixes them.
         */
        MessageTemplate build(boolean conversion, String currency) {
            StringBuilder head = new StringBuilder("{\"type\":\"").append(type.id()).append('"');
            switch (type) {
                case TRACK -> head.append(",\"event\":").append(JsonTree.quote(name));
                case PAGE, SCREEN -> head.append(",\"name\":").append(JsonTree.quote(name));
                default -> {
                    // identify, group and alias messages carry no name
                }
            }
            groupId.ifPresent(id -> head.append(",\"groupId\":").append(JsonTree.quote(id)));
            String rest = "},\"traits\":" + tree.object("traits") + ",\"context\":" + tree.object("context") + "}\n";
            String properties = tree.members("properties");
            String body = ",\"properties\":{" + properties + rest;
            Optional<byte[]> beforeValue = Optional.empty();
            Optional<byte[]> afterValue = Optional.empty();
            if (conversion && !taken("properties.revenue")) {
                String currencyMember = taken("properties.currency") ? "" : ",\"currency\":" + JsonTree.quote(currency);
                beforeValue = Optional.of(bytes(",\"properties\":{" + properties + (properties.isEmpty() ? "" : ",")
                        + "\"revenue\":"));
                afterValue = Optional.of(bytes(currencyMember + rest));
            }
            return new MessageTemplate(type, name, Map.copyOf(fields), bytes(head.toString()), bytes(body), beforeValue,
                    afterValue);
        }

        private boolean taken(String path) {
            for (String field : fields.keySet()) {
                if (field.equals(path) || field.startsWith(path + ".")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
