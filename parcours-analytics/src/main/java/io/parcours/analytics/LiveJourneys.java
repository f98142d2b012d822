package io.parcours.analytics;

import io.parcours.model.StringDictionary;
import java.util.List;

/**
 * The live journeys of one workspace: its identity graph and its {@link JourneyIndex}, kept up to
 * date with every event stored, given by the numbers of its ids and activity in the workspace's
 * dictionaries. Arriving events are gathered cheaply and folded into a new index when someone asks
 * for one, at the cost of what arrived and a few bytes per customer, not of the events held (see
 * {@link JourneyIndex#extend}); so a stream of small loads does not rebuild the index each time.
 * The new index is built outside the lock that arriving events take: the loader never waits for
 * it. Thread-safe.
 */
public final class LiveJourneys {
    private final IdentityGraph graph;
    private JourneyIndex.Arrivals arrivals = new JourneyIndex.Arrivals();
    private JourneyIndex index;
    /** Held while a new index is built, one at a time; taken before this object's own lock, never after. */
    private final Object extending = new Object();
    /** The arrivals being folded into the index being built (counted as taken in meanwhile). */
    private int folding;

    public LiveJourneys(StringDictionary ids, StringDictionary activities) {
        graph = new IdentityGraph(ids);
        index = JourneyIndex.empty(ids, activities);
    }

    private void take(int anonymous, int previous, int user, long time, int activity) {
        if (user >= 0) {
            graph.add(user, true);
            if (anonymous >= 0) {
                graph.link(anonymous, user);
            }
            if (previous >= 0) {
                graph.link(previous, user);
            }
        } else {
            graph.add(anonymous, false);
        }
        arrivals.add(user >= 0 ? user : anonymous, time, activity);
    }

    /**
     * Takes in {@code count} stored events, in arrival order, given as columns: the numbers of each
     * one's anonymous id, alias previous id and user id (-1 when absent), its time and the number
     * of its activity. The ids of one message belong to one customer.
     */
    public synchronized void arrive(int count, int[] anonymous, int[] previous, int[] user, long[] time, int[] activity) {
        for (int i = 0; i < count; i++) {
            take(anonymous[i], previous[i], user[i], time[i], activity[i]);
        }
    }

    /** The index of every event taken in so far. */
    public JourneyIndex index() {
        synchronized (extending) {
            JourneyIndex.Arrivals taken;
            IdentityGraph.Customers customers;
            JourneyIndex base;
            synchronized (this) {
                if (arrivals.size() == 0) {
                    return index;
                }
                taken = arrivals;
                arrivals = new JourneyIndex.Arrivals();
                customers = graph.customers();
                base = index;
                folding = taken.size();
            }
            JourneyIndex extended;
            try {
                extended = base.extend(customers, taken);
            } catch (RuntimeException | Error failed) {
                // Not lost: the arrivals go back in front of those that came meanwhile.
                synchronized (this) {
                    JourneyIndex.Arrivals since = arrivals;
                    arrivals = taken;
                    arrivals.addAll(since);
                    folding = 0;
                }
                throw failed;
            }
            synchronized (this) {
                index = extended;
                folding = 0;
            }
            return extended;
        }
    }

    /** Whether any event was taken in, without building a new index. */
    public synchronized boolean isEmpty() {
        return taken() == 0;
    }

    /** How many events were taken in, without building a new index. */
    public synchronized long taken() {
        return (long) index.eventCount() + folding + arrivals.size();
    }

    /** The index as last built, without the events that arrived since: cheap, for metrics. */
    public synchronized JourneyIndex built() {
        return index;
    }

    /** Every id of the customer that {@code id} belongs to, in the order they were first seen. */
    public synchronized List<String> idsOf(String id) {
        return graph.idsOf(id);
    }

    /** Every id stitched to a customer named by another id, with that customer's name. */
    public synchronized java.util.Map<String, String> stitchedIds() {
        return graph.stitchedIds();
    }

    /** The id that names the customer {@code id} belongs to ({@code id} itself when unknown). */
    public synchronized String customerOf(String id) {
        return graph.customerOf(id);
    }
}
