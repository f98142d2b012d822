package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Identity stitching against a slow twin (breadth-first search over the links) on random link sequences. */
class IdentityGraphTest {

    @Test
    void aCustomerSeenOnTwoDevicesIsOneCustomerNamedByTheirUserId() {
        IdentityGraph graph = new IdentityGraph();
        graph.add("phone-anon", false);
        graph.add("laptop-anon", false);
        graph.link("phone-anon", "amina");
        graph.link("laptop-anon", "amina");
        assertThat(graph.customerOf("phone-anon")).isEqualTo("amina");
        assertThat(graph.customerOf("laptop-anon")).isEqualTo("amina");
        assertThat(graph.idsOf("amina")).containsExactly("phone-anon", "laptop-anon", "amina");
        assertThat(graph.customerOf("stranger")).isEqualTo("stranger");
    }

    @Test
    void twoUserIdsMergedByAnAliasKeepTheFirst() {
        IdentityGraph graph = new IdentityGraph();
        graph.add("old-account", true);
        graph.add("new-account", true);
        graph.link("old-account", "new-account");
        assertThat(graph.customerOf("new-account")).isEqualTo("old-account");
    }

    @Test
    void randomLinksGiveTheSameCustomersAsASearch() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            IdentityGraph graph = new IdentityGraph();
            Map<String, Set<String>> edges = new HashMap<>();
            List<String> order = new ArrayList<>();
            Set<String> users = new HashSet<>();
            int operations = 1 + random.nextInt(60);
            for (int op = 0; op < operations; op++) {
                String anonymous = "a" + random.nextInt(30);
                String user = "u" + random.nextInt(10);
                if (random.nextInt(3) == 0) {
                    graph.add(anonymous, false);
                    remember(order, anonymous);
                    edges.computeIfAbsent(anonymous, k -> new HashSet<>());
                } else {
                    graph.link(anonymous, user);
                    remember(order, anonymous);
                    remember(order, user);
                    users.add(user);
                    edges.computeIfAbsent(anonymous, k -> new HashSet<>()).add(user);
                    edges.computeIfAbsent(user, k -> new HashSet<>()).add(anonymous);
                }
            }
            for (String id : order) {
                Set<String> component = component(id, edges);
                List<String> members = order.stream().filter(component::contains).toList();
                String expectedName = members.stream().filter(users::contains).findFirst().orElse(members.get(0));
                assertThat(graph.idsOf(id)).as("round %d, ids of %s", round, id).containsExactlyElementsOf(members);
                assertThat(graph.customerOf(id)).as("round %d, customer of %s", round, id).isEqualTo(expectedName);
                assertThat(graph.stitchedIds().getOrDefault(id, id)).as("round %d, stitched %s", round, id)
                        .isEqualTo(expectedName);
            }
        }
    }

    private static void remember(List<String> order, String id) {
        if (!order.contains(id)) {
            order.add(id);
        }
    }

    private static Set<String> component(String start, Map<String, Set<String>> edges) {
        Set<String> seen = new LinkedHashSet<>(List.of(start));
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (String next : edges.getOrDefault(queue.poll(), Set.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    @Test
    void sessionsSplitAtTheInactivityGap() {
        long minute = 60_000;
        long[] times = {0, 10 * minute, 41 * minute, 50 * minute, 50 * minute, 200 * minute};
        assertThat(Sessions.starts(times, Sessions.DEFAULT_GAP_MILLIS)).containsExactly(0, 2, 5);
        assertThat(Sessions.starts(new long[0], Sessions.DEFAULT_GAP_MILLIS)).isEmpty();
        assertThatThrownBy(() -> Sessions.starts(new long[] {5, 1}, 10)).hasMessageContaining("in order");
    }
}
