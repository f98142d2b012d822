package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an analysis sees of the journeys: steps of mapped activities, a time range, chosen customers. */
class JourneyStepsTest {
    private static final JourneyIndex INDEX = JourneyIndex.builder()
            .add("amina", 10, "Home").add("amina", 20, "Product Viewed").add("amina", 30, "Order Completed")
            .add("kofi", 15, "Store Visit").add("kofi", 25, "Home")
            .add("lea", 40, "Product Viewed")
            .build();

    private static ProcessView.Result view(JourneySteps steps) {
        return JourneyRunner.withWorkers(1).run(steps, ProcessView.of(steps, 1));
    }

    @Test
    void activitiesMapToStepsAndUnmappedOnesAreLeftOut() {
        List<String> activities = JourneySteps.activities(INDEX).stepNames();
        int[] stepOf = new int[activities.size()];
        for (int a = 0; a < stepOf.length; a++) {
            stepOf[a] = switch (activities.get(a)) {
                case "Home", "Product Viewed" -> 0;
                case "Order Completed" -> 1;
                default -> -1; // Store Visit: not on this map
            };
        }
        ProcessView.Result result = view(JourneySteps.mapped(INDEX, stepOf, List.of("Browse", "Buy")));
        assertThat(result.events()).isEqualTo(5);
        assertThat(result.variants()).containsExactly(
                new ProcessView.Variant(List.of("Browse"), 2),
                new ProcessView.Variant(List.of("Browse", "Browse", "Buy"), 1));
    }

    @Test
    void aTimeRangeKeepsItsEventsAndDropsJourneysLeftEmpty() {
        ProcessView.Result result = view(JourneySteps.activities(INDEX).between(15, 30));
        assertThat(result.cases()).isEqualTo(2);
        assertThat(result.events()).isEqualTo(3);
        assertThat(result.start()).containsEntry("Product Viewed", 1L).containsEntry("Store Visit", 1L);
    }

    @Test
    void onlyTheChosenCustomersCount() {
        BitSet firstTwo = new BitSet();
        firstTwo.set(0, 2);
        BitSet lastTwo = new BitSet();
        lastTwo.set(1, 3);
        JourneySteps both = JourneySteps.activities(INDEX).onlyCustomers(firstTwo).onlyCustomers(lastTwo);
        ProcessView.Result result = view(both);
        assertThat(result.cases()).isEqualTo(1);
        assertThat(result.events()).isEqualTo(INDEX.end(1) - INDEX.start(1));
    }

    @Test
    void aStepOutsideTheNamedOnesIsRefused() {
        int[] stepOf = new int[INDEX.activityCount()];
        stepOf[0] = 3;
        assertThatThrownBy(() -> JourneySteps.mapped(INDEX, stepOf, List.of("Browse")))
                .hasMessageContaining("step 3 is not among the 1 steps");
    }
}
