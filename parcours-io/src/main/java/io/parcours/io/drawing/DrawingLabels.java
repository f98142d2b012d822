package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.Channel;
import io.parcours.model.ElementChange;
import io.parcours.model.MapState;
import io.parcours.model.ParcoursException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The words the journey map drawing uses, in English ({@link #english()}) or French
 * ({@link #french()}): lane names, status and change words, the formats of the figures, and the
 * name of each channel (for the text alternative of its icon). The locale formats the numbers.
 *
 * <p>The patterns are {@link String#format} patterns: {@code events} and {@code oneEvent} take the
 * formatted count ({@code "%s customers"}), {@code conversion} the formatted percentage
 * ({@code "%s convert"}), {@code stagesSummary} the count and the names ({@code "%d stages: %s"}),
 * {@code touchpointsSummary} the count.
 */
public record DrawingLabels(
        Locale locale,
        String persona,
        String currentState,
        String futureState,
        String conversionGoal,
        String comparedWith,
        String customerGoals,
        String actions,
        String questions,
        String expectations,
        String emotion,
        String touchpointsOnline,
        String touchpointsOffline,
        String pains,
        String gains,
        String opportunities,
        String companyGoals,
        String measures,
        String owners,
        Map<KpiStatus, String> statuses,
        String oneEvent,
        String events,
        String conversion,
        Map<ElementChange.Kind, String> changes,
        String removedNote,
        String removedStage,
        String noStages,
        String statusLegend,
        String changesLegend,
        String stagesSummary,
        String touchpointsSummary,
        Map<Channel, String> channels) {

    public DrawingLabels {
        requireNonNull(locale, "locale is null");
        word("persona", persona);
        word("currentState", currentState);
        word("futureState", futureState);
        word("conversionGoal", conversionGoal);
        word("comparedWith", comparedWith);
        word("customerGoals", customerGoals);
        word("actions", actions);
        word("questions", questions);
        word("expectations", expectations);
        word("emotion", emotion);
        word("touchpointsOnline", touchpointsOnline);
        word("touchpointsOffline", touchpointsOffline);
        word("pains", pains);
        word("gains", gains);
        word("opportunities", opportunities);
        word("companyGoals", companyGoals);
        word("measures", measures);
        word("owners", owners);
        word("oneEvent", oneEvent);
        word("events", events);
        word("conversion", conversion);
        word("removedNote", removedNote);
        word("removedStage", removedStage);
        word("noStages", noStages);
        word("statusLegend", statusLegend);
        word("changesLegend", changesLegend);
        word("stagesSummary", stagesSummary);
        word("touchpointsSummary", touchpointsSummary);
        statuses = complete("statuses", statuses, KpiStatus.class);
        changes = complete("changes", changes, ElementChange.Kind.class);
        channels = complete("channels", channels, Channel.class);
    }

    private static void word(String field, String word) {
        if (word == null || word.isBlank()) {
            throw ParcoursException.invalid(field, "the drawing label " + field + " is missing: give the word to print");
        }
    }

    private static <K extends Enum<K>> Map<K, String> complete(String field, Map<K, String> words, Class<K> keys) {
        requireNonNull(words, field + " is null");
        Map<K, String> copy = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            String word = words.get(key);
            if (word == null || word.isBlank()) {
                throw ParcoursException.invalid(field, "the drawing labels have no word for " + key.name().toLowerCase(Locale.ROOT)
                        + " in " + field + ": give one for every value");
            }
            copy.put(key, word);
        }
        return Map.copyOf(copy);
    }

    /** French for a French locale, English otherwise. */
    public static DrawingLabels of(Locale locale) {
        return "fr".equals(locale.getLanguage()) ? french() : english();
    }

    public static DrawingLabels english() {
        Map<Channel, String> channels = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            channels.put(channel, channel.label());
        }
        return new DrawingLabels(Locale.ENGLISH, "Persona", "Current state", "Future state", "Conversion goal",
                "Compared with", "Customer goals", "Actions", "Questions", "Expectations", "Emotion",
                "Touchpoints online", "Touchpoints offline", "Pains", "Gains", "Opportunities", "Company goals",
                "Measures", "Owners",
                Map.of(KpiStatus.RED, "Missing target", KpiStatus.AMBER, "Close to target", KpiStatus.GREEN,
                        "On target", KpiStatus.GREY, "Not enough data", KpiStatus.NONE, "No target"),
                "%s customer", "%s customers", "%s convert",
                Map.of(ElementChange.Kind.ADDED, "new", ElementChange.Kind.CHANGED, "changed",
                        ElementChange.Kind.MOVED, "moved", ElementChange.Kind.REMOVED, "removed"),
                "Removed since the compared version", "Stage", "This map has no stages yet.",
                "Status against target", "Changes since the compared version", "%d stages: %s", "%d touchpoints",
                channels);
    }

    public static DrawingLabels french() {
        Map<Channel, String> channels = new EnumMap<>(Channel.class);
        channels.put(Channel.WEB, "Site web");
        channels.put(Channel.APP, "Application mobile");
        channels.put(Channel.EMAIL, "E-mail");
        channels.put(Channel.SMS, "SMS et messagerie");
        channels.put(Channel.PUSH, "Notification push");
        channels.put(Channel.SOCIAL, "Réseaux sociaux");
        channels.put(Channel.SEARCH, "Moteur de recherche");
        channels.put(Channel.ADS, "Publicité en ligne");
        channels.put(Channel.REVIEWS, "Avis et forums");
        channels.put(Channel.MARKETPLACE, "Place de marché");
        channels.put(Channel.CHAT, "Chat");
        channels.put(Channel.PHONE, "Téléphone et hotline");
        channels.put(Channel.STORE, "Magasin");
        channels.put(Channel.EVENT, "Événement");
        channels.put(Channel.WORD_OF_MOUTH, "Bouche-à-oreille");
        channels.put(Channel.PRINT, "Imprimé");
        channels.put(Channel.OUTDOOR, "Affichage");
        channels.put(Channel.RADIO, "Radio");
        channels.put(Channel.TV, "Télévision");
        channels.put(Channel.MAIL, "Courrier postal");
        channels.put(Channel.DELIVERY, "Livraison");
        channels.put(Channel.PARTNER, "Partenaire");
        return new DrawingLabels(Locale.FRENCH, "Persona", "État actuel", "État futur", "Objectif de conversion",
                "Comparée à", "Objectifs du client", "Actions", "Questions", "Attentes", "Émotion",
                "Points de contact en ligne", "Points de contact hors ligne", "Irritants", "Gains", "Opportunités",
                "Objectifs de l'entreprise", "Indicateurs", "Responsables",
                Map.of(KpiStatus.RED, "Objectif manqué", KpiStatus.AMBER, "Proche de l'objectif", KpiStatus.GREEN,
                        "Objectif atteint", KpiStatus.GREY, "Pas assez de données", KpiStatus.NONE, "Sans objectif"),
                "%s client", "%s clients", "%s convertissent",
                Map.of(ElementChange.Kind.ADDED, "nouveau", ElementChange.Kind.CHANGED, "modifié",
                        ElementChange.Kind.MOVED, "déplacé", ElementChange.Kind.REMOVED, "supprimé"),
                "Supprimé depuis la version comparée", "Étape", "Cette carte n'a pas encore d'étape.",
                "Statut par rapport à l'objectif", "Changements depuis la version comparée", "%d étapes : %s",
                "%d points de contact", channels);
    }

    /** "Current state" or "Future state". */
    public String state(MapState state) {
        return state == MapState.CURRENT ? currentState : futureState;
    }
}
