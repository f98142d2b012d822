package io.parcours.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a touchpoint happens. Each channel is online or offline, which is how the map splits its
 * touchpoint lanes. The list is documented in docs/map-format.md; {@link #id()} is the spelling in
 * map files and the API.
 */
public enum Channel {
    WEB("web", true, "Web site"),
    APP("app", true, "Mobile app"),
    EMAIL("email", true, "E-mail"),
    SMS("sms", true, "SMS and messaging"),
    PUSH("push", true, "Push notification"),
    SOCIAL("social", true, "Social media"),
    SEARCH("search", true, "Search engine"),
    ADS("ads", true, "Online ads"),
    REVIEWS("reviews", true, "Reviews and forums"),
    MARKETPLACE("marketplace", true, "Marketplace"),
    CHAT("chat", true, "Chat"),
    PHONE("phone", false, "Phone and hotline"),
    STORE("store", false, "Store"),
    EVENT("event", false, "Event"),
    WORD_OF_MOUTH("word-of-mouth", false, "Word of mouth"),
    PRINT("print", false, "Print"),
    OUTDOOR("outdoor", false, "Posters and outdoor"),
    RADIO("radio", false, "Radio"),
    TV("tv", false, "TV"),
    MAIL("mail", false, "Postal mail"),
    DELIVERY("delivery", false, "Delivery"),
    PARTNER("partner", false, "Partner");

    private final String id;
    private final boolean online;
    private final String label;

    Channel(String id, boolean online, String label) {
        this.id = id;
        this.online = online;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public boolean online() {
        return online;
    }

    public String label() {
        return label;
    }

    public static Optional<Channel> fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(channel -> channel.id.equals(wanted)).findFirst();
    }

    /** The accepted spellings, for error messages: {@code web, app, email, ...}. */
    public static String ids() {
        return Arrays.stream(values()).map(Channel::id).collect(Collectors.joining(", "));
    }
}
