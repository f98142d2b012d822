package io.parcours.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What the executors need to turn event rows into journeys, worked out once on the driver: the
 * map (as map-file text) and the step names, which events count as journey steps, the value
 * property, and what the customer filters and the breakdown look at.
 *
 * @param mapText the map and personas as map-file text (see {@link MapSource#text()})
 * @param mapKey the map whose touchpoints are steps 0 to {@code touchpoints - 1}; null for activities
 * @param stepNames the steps: touchpoints, then off-map activities (conformance); or the activities. Events
 *     of no step (-1) only count for the customer filters
 * @param touchpoints how many of the steps are touchpoints (0 without a map)
 * @param valuePath the property holding a conversion's value, as path steps; null when the analysis reads no value
 * @param from only journey events from this instant (inclusive), epoch milliseconds
 * @param to only journey events before this instant
 * @param source keep only customers with an event from this source; null for all
 * @param propertyPath with {@code propertyValue}: keep only customers with an event with this property value
 * @param propertyValue the property value looked for
 * @param onChannel the touchpoints on the channel filtered on; null for no channel filter
 * @param persona keep only customers of this persona; null for all
 * @param traitKey with {@code traitValue}: keep only customers with this trait ({@code traits.} prefixed)
 * @param traitValue the trait value looked for
 * @param breakdown how the funnel's customers are grouped ({@code persona}, {@code trait.KEY}, {@code property.KEY}), or null
 * @param groupNames the breakdown's groups, in order
 * @param maxEvents journeys with more events are left out (the giant journeys already filtered out before the shuffle)
 * @param numbered whether rows carry a customer number (to name abandoned customers)
 */
record JourneySettings(String mapText, String mapKey, List<String> stepNames, int touchpoints,
        List<String> valuePath, long from, long to, String source, List<String> propertyPath, String propertyValue,
        boolean[] onChannel, String persona, String traitKey, String traitValue, String breakdown,
        List<String> groupNames, int maxEvents, boolean numbered) implements Serializable {

    /** Whether the executors need each customer's merged traits. */
    boolean needsTraits() {
        return persona != null || traitKey != null
                || (breakdown != null && (breakdown.equals("persona") || breakdown.startsWith("trait.")));
    }

    /** The property path of a breakdown by {@code property.KEY}, or null. */
    List<String> breakdownProperty() {
        return breakdown != null && breakdown.startsWith("property.")
                ? io.parcours.model.MatchRule.steps(breakdown.substring("property.".length())) : null;
    }

    /** The flattened trait key of a breakdown by {@code trait.KEY}, or null. */
    String breakdownTrait() {
        return breakdown != null && breakdown.startsWith("trait.") ? "traits." + breakdown.substring("trait.".length()) : null;
    }
}
