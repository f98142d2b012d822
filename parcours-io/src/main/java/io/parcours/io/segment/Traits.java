package io.parcours.io.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A customer's traits as the analyses see them: the traits of every {@code identify}, merged in
 * time order (later values winning), flattened into dotted paths such as {@code traits.plan} or
 * {@code traits.address.city}, each leaf as text. The same for the API, the embedded engine and
 * Spark, so that personas and trait filters agree everywhere.
 */
public final class Traits {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Traits() {}

    /** Merges the traits of one identify (JSON text; not an object, or not JSON, adds nothing) into {@code into}. */
    public static void merge(String traitsJson, Map<String, String> into) {
        if (traitsJson == null || traitsJson.isEmpty()) {
            return;
        }
        try {
            flatten("traits", JSON.readTree(traitsJson), into);
        } catch (JsonProcessingException e) {
            // Not JSON: no traits to add.
        }
    }

    /** A JSON tree's leaves as dotted paths under {@code path}, into {@code into}. */
    public static void flatten(String path, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(entry -> flatten(path + "." + entry.getKey(), entry.getValue(), into));
        } else if (node.isValueNode() && !node.isNull()) {
            into.put(path, node.asText());
        }
    }
}
