package io.parcours.analytics;

import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import io.parcours.model.TextParameters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One of the analyses of {@code docs/analytics.md}, asked for by name with the parameters of the
 * REST API and the command line as text: checked at once (a clear error names the parameter and
 * says what it takes), then planned into the {@link PlannedAnalysis} that answers it once the
 * steps of the journeys are known. The embedded engine and the Spark runner both go through here,
 * so they take the same parameters and build the same analyses. Immutable.
 *
 * <p>What depends on the data is left to the engine: which customers the persona, channel,
 * source, trait and property filters keep, and the groups of a breakdown by something known of
 * the customer ({@link #customerBreakdown()}).
 */
public final class AnalysisRequest {
    /** The analyses, by the name used in routes and commands. */
    public static final List<String> KINDS = List.of("funnel", "paths", "process", "attribution", "conformance",
            "touchpoints", "abandonment");

    /** The filters every analysis takes. */
    public static final Set<String> FILTERS = Set.of("map", "from", "to", "persona", "channel", "source", "trait",
            "property", "valueProperty", "maxJourneyEvents");

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "funnel", Set.of("windowDays", "strict", "breakdown", "top"),
            "paths", Set.of("start", "end", "sessionMinutes", "collapse", "steps", "nodes"),
            "process", Set.of("minFrequency", "variants"),
            "attribution", Set.of("model", "by", "lookbackDays", "halfLifeDays"),
            "conformance", Set.of(),
            "touchpoints", Set.of("model", "lookbackDays", "halfLifeDays"),
            "abandonment", Set.of("intent", "windowDays", "limit"));

    /** Journeys with more events than this are left out unless {@code maxJourneyEvents} says otherwise (see docs/spark.md). */
    public static final int DEFAULT_MAX_JOURNEY_EVENTS = 1_000_000;

    private static final long DAY = 86_400_000L;

    private final String kind;
    private final Map<String, String> parameters;
    private final TextParameters p;

    private AnalysisRequest(String kind, Map<String, String> parameters) {
        this.kind = kind;
        this.parameters = Map.copyOf(parameters);
        this.p = new TextParameters(parameters);
    }

    /**
     * The analysis {@code kind} with these parameters, every parameter checked that can be without
     * the data; an unknown kind is not found, anything else wrong is invalid.
     */
    public static AnalysisRequest of(String kind, Map<String, String> parameters) {
        if (!KINDS.contains(kind)) {
            throw ParcoursException.notFound("there is no analysis '" + kind + "': use one of " + String.join(", ", KINDS));
        }
        for (String name : parameters.keySet()) {
            if (!FILTERS.contains(name) && !OPTIONS.get(kind).contains(name)) {
                List<String> known = new ArrayList<>(FILTERS);
                known.addAll(OPTIONS.get(kind));
                known.sort(null);
                throw ParcoursException.invalid(name, "the " + kind + " analysis takes no parameter '" + name + "'"
                        + Suggestions.hint(name, known) + "; it takes " + String.join(", ", known));
            }
        }
        AnalysisRequest request = new AnalysisRequest(kind, parameters);
        request.check();
        return request;
    }

    private void check() {
        if (mapKey().isEmpty() && needsMap()) {
            throw ParcoursException.invalid("map", "the " + kind + " analysis needs a map: give its key as map");
        }
        valueProperty();
        maxJourneyEvents();
        OptionalLong from = from();
        OptionalLong to = to();
        if (from.isPresent() && to.isPresent() && from.getAsLong() >= to.getAsLong()) {
            throw ParcoursException.invalid("to", "to must come after from");
        }
        p.pair("trait");
        p.pair("property");
        if (channel().isPresent() && mapKey().isEmpty()) {
            throw ParcoursException.invalid("channel", "filtering by channel needs a map, whose touchpoints have channels");
        }
        switch (kind) {
            case "funnel" -> {
                p.number("windowDays", 30, 1, 3650);
                p.bool("strict");
                p.number("top", 5, 1, 100);
                p.text("breakdown").ifPresent(AnalysisRequest::checkBreakdown);
            }
            case "paths" -> pathOptions(-1, -1);
            case "process" -> {
                p.number("minFrequency", 1, 1, Long.MAX_VALUE);
                p.number("variants", 100, 0, 100_000);
            }
            case "attribution", "touchpoints" -> {
                model();
                String by = p.text("by").orElse("channel");
                if (!by.equals("channel") && !by.equals("touchpoint")) {
                    throw ParcoursException.invalid("by", "by must be 'channel' or 'touchpoint', not '" + by + "'");
                }
                p.number("lookbackDays", 30, 1, 3650);
                p.number("halfLifeDays", 7, 1, 3650);
            }
            case "abandonment" -> {
                p.text("intent").orElseThrow(() -> ParcoursException.invalid("intent",
                        "give the touchpoint that shows intent (an add to cart, for example) as intent"));
                p.number("windowDays", 7, 1, 3650);
                p.number("limit", 100, 0, 10_000);
            }
            default -> {
                // conformance: nothing of its own
            }
        }
    }

    private static void checkBreakdown(String by) {
        boolean keyed = (by.startsWith("property.") && by.length() > "property.".length())
                || (by.startsWith("trait.") && by.length() > "trait.".length());
        if (!keyed && !by.equals("persona") && !by.equals("touchpoint") && !by.equals("channel")) {
            throw ParcoursException.invalid("breakdown", "breakdown must be 'persona', 'touchpoint' (the first "
                    + "touchpoint of each journey), 'channel' (its channel), 'property.KEY' (the property on the customer's "
                    + "first event that has it) or 'trait.KEY', not '" + by + "'");
        }
    }

    public String kind() {
        return kind;
    }

    /** The parameters as given. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Whether the analysis needs a map (all but process and paths, which can run on activities). */
    public boolean needsMap() {
        return !kind.equals("process") && !kind.equals("paths");
    }

    /** The key of the map whose touchpoints are the steps; without one, the steps are the activities. */
    public Optional<String> mapKey() {
        return p.text("map");
    }

    /**
     * Whether the journeys carry the off-map activities as steps after the touchpoints (conformance
     * reports them); for the other analyses with a map, only the touchpoints are steps.
     */
    public boolean offMapSteps() {
        return kind.equals("conformance");
    }

    /** Whether the analysis reads the value events carry (attribution and key touchpoints do); others need not look it up. */
    public boolean usesValues() {
        return kind.equals("attribution") || kind.equals("touchpoints");
    }

    /** Only events from this instant (epoch milliseconds, inclusive). */
    public OptionalLong from() {
        return p.instant("from", false).map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty());
    }

    /** Only events before this instant (epoch milliseconds, exclusive): a date's end, or the instant given. */
    public OptionalLong to() {
        return p.instant("to", true).map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty());
    }

    public Optional<String> persona() {
        return p.text("persona");
    }

    /** Only customers with an event on a touchpoint of this channel. */
    public Optional<String> channel() {
        return p.text("channel");
    }

    /** Only customers with an event from this source. */
    public Optional<String> source() {
        return p.text("source");
    }

    /** Only customers with this trait: its key (with or without {@code traits.}) and value. */
    public Optional<String[]> trait() {
        return p.pair("trait");
    }

    /** Only customers with an event with this property: its path (with or without {@code properties.}) and value. */
    public Optional<String[]> property() {
        return p.pair("property");
    }

    /** Whether any filter on customers is asked for (persona, channel, source, trait, property). */
    public boolean filtersCustomers() {
        return persona().isPresent() || channel().isPresent() || source().isPresent() || trait().isPresent()
                || property().isPresent();
    }

    /** The property holding a conversion's value (default {@code revenue}). */
    public String valueProperty() {
        String valueProperty = p.text("valueProperty").orElse("revenue");
        if (!valueProperty.matches("[^.\\s]+(\\.[^.\\s]+)*") || valueProperty.length() > 200) {
            throw ParcoursException.invalid("valueProperty", "valueProperty must name a property, such as revenue or "
                    + "order.total, not '" + valueProperty + "'");
        }
        return valueProperty;
    }

    /**
     * Journeys with more events than this (all their events, whatever the filters) are left out:
     * they are bots or shared devices rather than customers, and would hold a worker up (see
     * docs/spark.md, "Giant journeys").
     */
    public int maxJourneyEvents() {
        return (int) p.number("maxJourneyEvents", DEFAULT_MAX_JOURNEY_EVENTS, 1, Integer.MAX_VALUE);
    }

    /**
     * The breakdown of a funnel by something known of each customer, which the engine works out:
     * {@code persona}, {@code trait.KEY} or {@code property.KEY}; empty for none or for a breakdown
     * by first touchpoint or channel, which the plan makes itself.
     */
    public Optional<String> customerBreakdown() {
        if (!kind.equals("funnel")) {
            return Optional.empty();
        }
        return p.text("breakdown").filter(by -> !by.equals("touchpoint") && !by.equals("channel"));
    }

    /** The instant abandonment is judged at: now, or the end of the date range when it is earlier. */
    public long asOf(long nowMillis) {
        return Math.min(nowMillis, to().orElse(Long.MAX_VALUE));
    }

    /**
     * The analysis to run over journeys whose steps are {@code stepNames}: with a map, its
     * touchpoints in map order, then (for {@link #offMapSteps()}) the off-map activities; without,
     * the activities. {@code customerGroups} is the breakdown the engine made for
     * {@link #customerBreakdown()} (null when none is asked for).
     */
    public PlannedAnalysis plan(Optional<JourneyMap> map, List<String> stepNames, Breakdown customerGroups,
            long nowMillis) {
        if (needsMap() && map.isEmpty()) {
            throw ParcoursException.invalid("map", "the " + kind + " analysis needs a map: give its key as map");
        }
        try {
            return switch (kind) {
                case "funnel" -> funnel(map.orElseThrow(), stepNames, customerGroups);
                case "paths" -> {
                    int start = p.text("start").map(name -> step(stepNames, name, "start")).orElse(-1);
                    int end = p.text("end").map(name -> step(stepNames, name, "end")).orElse(-1);
                    yield single(Paths.of(stepNames, pathOptions(start, end)));
                }
                case "process" -> single(ProcessView.of(stepNames, p.number("minFrequency", 1, 1, Long.MAX_VALUE))
                        .topVariants((int) p.number("variants", 100, 0, 100_000)));
                case "attribution" -> {
                    Attribution.Model model = model();
                    JourneyAttribution attribution = attribution(map.orElseThrow(), stepNames,
                            p.text("by").orElse("channel").equals("channel"));
                    yield new PlannedAnalysis(model == Attribution.Model.MARKOV ? attribution.markovOnly() : attribution,
                            null, PlannedAnalysis.Finish.ATTRIBUTE, model);
                }
                case "conformance" -> single(Conformance.of(stepNames, map.orElseThrow().touchpoints().size(),
                        MapSteps.stageOf(map.get()), MapSteps.stageNames(map.get())));
                case "touchpoints" -> {
                    Attribution.Model model = model();
                    JourneyAttribution attribution = attribution(map.orElseThrow(), stepNames, false);
                    yield new PlannedAnalysis(KeyTouchpoints.of(stepNames, MapSteps.conversion(map.get())),
                            model == Attribution.Model.MARKOV ? attribution.markovOnly() : attribution,
                            PlannedAnalysis.Finish.TOUCHPOINTS, model);
                }
                default -> {
                    BitSet intent = new BitSet();
                    intent.set(step(stepNames, p.text("intent").orElseThrow(), "intent"));
                    yield single(Abandonment.of(stepNames, intent, MapSteps.conversion(map.orElseThrow()),
                            p.number("windowDays", 7, 1, 3650) * DAY, asOf(nowMillis),
                            (int) p.number("limit", 100, 0, 10_000)));
                }
            };
        } catch (IllegalArgumentException e) {
            // The analyses refuse what they cannot answer (a map without stages, too many channels
            // for a model...) with a message meant for the user.
            throw ParcoursException.invalid(kind, e.getMessage());
        }
    }

    private static PlannedAnalysis single(JourneyAnalysis<?, ?> analysis) {
        return new PlannedAnalysis(analysis, null, PlannedAnalysis.Finish.AS_IS, null);
    }

    private PlannedAnalysis funnel(JourneyMap map, List<String> stepNames, Breakdown customerGroups) {
        Funnel funnel = Funnel.of(stepNames, MapSteps.stageOf(map), MapSteps.stageNames(map),
                p.number("windowDays", 30, 1, 3650) * DAY, p.bool("strict"));
        Optional<String> breakdown = p.text("breakdown");
        if (breakdown.isPresent()) {
            Breakdown groups;
            if (breakdown.get().equals("touchpoint") || breakdown.get().equals("channel")) {
                MapSteps.TouchpointGroups byStep = MapSteps.TouchpointGroups.of(map, breakdown.get().equals("channel"));
                groups = Breakdown.byFirstStep(byStep.groupOfTouchpoint(), byStep.names());
            } else if (customerGroups == null) {
                throw new IllegalStateException("the engine made no groups for the breakdown by " + breakdown.get());
            } else {
                groups = customerGroups;
            }
            funnel = funnel.breakdown(groups, (int) p.number("top", 5, 1, 100));
        }
        return single(funnel);
    }

    private Paths.Options pathOptions(int start, int end) {
        return new Paths.Options(start, end, p.number("sessionMinutes", 0, 0, 7 * 24 * 60) * 60_000L, p.bool("collapse"),
                (int) p.number("steps", 5, 1, 100), (int) p.number("nodes", 10, 1, 1000));
    }

    private JourneyAttribution attribution(JourneyMap map, List<String> stepNames, boolean byChannel) {
        MapSteps.TouchpointGroups groups = MapSteps.TouchpointGroups.of(map, byChannel);
        return JourneyAttribution.of(stepNames, groups.groupOfTouchpoint(), groups.names(), MapSteps.conversion(map),
                p.number("lookbackDays", 30, 1, 3650) * DAY, p.number("halfLifeDays", 7, 1, 3650) * DAY);
    }

    private Attribution.Model model() {
        try {
            return Attribution.Model.of(p.text("model").orElse("markov"));
        } catch (IllegalArgumentException e) {
            throw ParcoursException.invalid("model", e.getMessage());
        }
    }

    private static int step(List<String> names, String name, String parameter) {
        int step = names.indexOf(name);
        if (step < 0) {
            throw ParcoursException.invalid(parameter, "'" + name + "' is neither a touchpoint of the map nor an activity"
                    + Suggestions.hint(name, names));
        }
        return step;
    }

    @Override
    public String toString() {
        return kind + " " + parameters;
    }
}
