package io.parcours.io.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Parcours stores of the IP address a message carries in {@code context.ip} (Segment
 * libraries and servers put the visitor's address there): nothing, a truncated address (the
 * default: the last byte of an IPv4 address zeroed, an IPv6 address cut to its first 48 bits, as
 * web analytics tools anonymise them), or the address as sent. Parcours never adds the address a
 * request comes from. A {@code context.ip} that is not an IP address is dropped under every
 * policy but {@link #KEEP}.
 */
public enum IpAddresses {
    /** Store no IP address. */
    DROP,
    /** Store 192.168.17.0 for 192.168.17.42, and 2001:db8:85a3:: for 2001:db8:85a3:8d3:1319:8a2e:370:7348. */
    TRUNCATE,
    /** Store the address as sent. */
    KEEP;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** The name used in configuration and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code id} (drop, truncate or keep), or an error that lists them. */
    public static IpAddresses fromId(String id) {
        return Arrays.stream(values()).filter(policy -> policy.id().equals(id)).findFirst()
                .orElseThrow(() -> ParcoursException.invalid("ip", "'" + id
                        + "' is not a policy for IP addresses: use drop, truncate or keep"));
    }

    /** The event as it is stored under this policy: unchanged unless its context has an {@code ip}. */
    public Event apply(Event event) {
        if (this == KEEP || !event.context().contains("\"ip\"")) {
            return event;
        }
        JsonNode context;
        try {
            context = MAPPER.readTree(event.context());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return event; // the context was checked as JSON when it arrived
        }
        if (!(context instanceof ObjectNode object) || !object.has("ip")) {
            return event;
        }
        Optional<String> kept = this == TRUNCATE && object.get("ip").isTextual()
                ? truncate(object.get("ip").asText()) : Optional.empty();
        if (kept.isPresent()) {
            object.put("ip", kept.get());
        } else {
            object.remove("ip");
        }
        return new Event(event.messageId(), event.type(), event.name(), event.userId(), event.anonymousId(),
                event.timestamp(), event.receivedAt(), event.properties(), event.traits(), object.toString(),
                event.previousId(), event.groupId());
    }

    /** The address with its last IPv4 byte zeroed or cut to its first 48 IPv6 bits; empty when it is not an IP address. */
    public static Optional<String> truncate(String address) {
        var v4 = IPV4.matcher(address);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.empty();
                }
            }
            return Optional.of(Integer.parseInt(v4.group(1)) + "." + Integer.parseInt(v4.group(2)) + "."
                    + Integer.parseInt(v4.group(3)) + ".0");
        }
        return ipv6Groups(address).map(groups -> Integer.toHexString(groups[0]) + ":" + Integer.toHexString(groups[1])
                + ":" + Integer.toHexString(groups[2]) + "::");
    }

    /** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two), or empty. */
    private static Optional<int[]> ipv6Groups(String address) {
        if (address.length() > 45 || address.indexOf(':') < 0) {
            return Optional.empty();
        }
        String text = address;
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        int[] groups = new int[8];
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            return Optional.empty();
        }
        int[] head = parseGroups(halves[0]);
        int[] tail = halves.length == 2 ? parseGroups(halves[1]) : new int[0];
        if (head == null || tail == null || (halves.length == 1 && head.length != 8)
                || (halves.length == 2 && head.length + tail.length > 7)) {
            return Optional.empty();
        }
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
        return Optional.of(groups);
    }

    private static int[] parseGroups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        int[] groups = new int[texts.length + 1];
        int count = 0;
        for (int i = 0; i < texts.length; i++) {
            String group = texts[i];
            if (i == texts.length - 1 && IPV4.matcher(group).matches()) {
                Optional<String> v4 = truncate(group);
                if (v4.isEmpty()) {
                    return null;
                }
                String[] bytes = group.split("\\.");
                groups[count++] = Integer.parseInt(bytes[0]) << 8 | Integer.parseInt(bytes[1]);
                groups[count++] = Integer.parseInt(bytes[2]) << 8 | Integer.parseInt(bytes[3]);
            } else if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            } else {
                groups[count++] = Integer.parseInt(group, 16);
            }
        }
        return Arrays.copyOf(groups, count);
    }
}
