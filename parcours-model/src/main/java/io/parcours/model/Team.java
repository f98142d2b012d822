package io.parcours.model;

import java.util.Optional;

/**
 * A team of the company that owns touchpoints: the one alerted when a touchpoint it owns needs
 * action, by e-mail or by a webhook (Slack, Teams or any JSON endpoint).
 */
public record Team(String key, String name, Optional<String> email, Optional<String> webhookUrl) {
    public Team {
        Keys.require("key", key);
        Checks.name("name", name);
        email = Checks.email("email", email);
        webhookUrl = Checks.httpUrl("webhook", webhookUrl);
    }
}
