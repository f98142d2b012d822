package io.parcours.model;

import java.util.List;
import java.util.Optional;

/**
 * A point where the customer meets the company: an Instagram post, the checkout page, the shop
 * counter, the hotline. It belongs to a stage, happens on a channel (online or offline), may be
 * owned by a team and may be part of a larger touchpoint ({@code parent}). Its matching rules say
 * which real events belong to it (see {@link MatchRule}), and its surveys ask the customers who
 * meet it how it went (see {@link Survey}). Its key stays the same
 * across versions of the map, so events and answers collected against it keep their history.
 */
public record Touchpoint(
        String key,
        String name,
        String stage,
        Channel channel,
        Optional<String> owner,
        Optional<String> parent,
        String description,
        List<KpiTarget> targets,
        List<MatchRule> match,
        List<Survey> surveys) {

    /** A touchpoint without surveys. */
    public Touchpoint(String key, String name, String stage, Channel channel, Optional<String> owner,
            Optional<String> parent, String description, List<KpiTarget> targets, List<MatchRule> match) {
        this(key, name, stage, channel, owner, parent, description, targets, match, List.of());
    }

    /** A touchpoint without matching rules. */
    public Touchpoint(String key, String name, String stage, Channel channel, Optional<String> owner,
            Optional<String> parent, String description, List<KpiTarget> targets) {
        this(key, name, stage, channel, owner, parent, description, targets, List.of());
    }

    public Touchpoint {
        Keys.require("key", key);
        Checks.name("name", name);
        Keys.require("stage", stage);
        Checks.present("channel", channel);
        owner = Checks.optionalKey("owner", owner);
        parent = Checks.optionalKey("parent", parent);
        description = Checks.text("description", description);
        targets = Stage.Targets.check(targets);
        match = Checks.list("match", match);
        surveys = Checks.list("surveys", surveys);
    }

    public static Touchpoint of(String key, String name, String stage, Channel channel) {
        return new Touchpoint(key, name, stage, channel, Optional.empty(), Optional.empty(), "", List.of());
    }

    public boolean online() {
        return channel.online();
    }

    public Touchpoint withStage(String newStage) {
        return new Touchpoint(key, name, newStage, channel, owner, parent, description, targets, match, surveys);
    }

    public Touchpoint withOwner(Optional<String> newOwner) {
        return new Touchpoint(key, name, stage, channel, newOwner, parent, description, targets, match, surveys);
    }

    public Touchpoint withMatch(List<MatchRule> newMatch) {
        return new Touchpoint(key, name, stage, channel, owner, parent, description, targets, newMatch, surveys);
    }

    public Touchpoint withSurveys(List<Survey> newSurveys) {
        return new Touchpoint(key, name, stage, channel, owner, parent, description, targets, match, newSurveys);
    }

    public Optional<Survey> survey(String surveyKey) {
        return surveys.stream().filter(survey -> survey.key().equals(surveyKey)).findFirst();
    }
}
