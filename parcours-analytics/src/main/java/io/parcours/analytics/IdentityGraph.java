package io.parcours.analytics;

import io.parcours.model.StringDictionary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Identity stitching: which ids (anonymous ids of browsers and devices, user ids) belong to one
 * customer. An {@code identify} or any message carrying both a user id and an anonymous id links
 * them; an {@code alias} links its previous id to its user id. A customer is a connected group of
 * ids, named by its first user id in arrival order, or by its first id when it has no user id.
 *
 * <p>A union-find over the numbers of a {@link StringDictionary} (ids numbered in arrival order),
 * with path halving and union by size: linking and looking up cost nearly constant time, so the
 * graph of millions of ids builds in one pass over the events. An id's parent, size, name and kind
 * lie side by side in one array, so that a link over ids scattered in memory costs one cache miss
 * per id, not four. Not thread-safe.
 */
public final class IdentityGraph {
    private final StringDictionary ids;
    /** Per id, {@link #FIELDS} ints from {@code id * FIELDS}: parent, size (of a root's group), name, user flag, next member. */
    private static final int FIELDS = 5;
    private static final int PARENT = 0;
    private static final int SIZE = 1;
    /** Per root: the number of the id that names the customer. */
    private static final int NAME = 2;
    /** 1 for a user id, 0 for an anonymous one. */
    private static final int USER = 3;
    /**
     * The next id of the same customer: the ids of each customer form a ring, two rings joined by
     * swapping the next ids of one member of each when customers merge, so that a customer's ids
     * are listed without looking at anyone else's.
     */
    private static final int NEXT = 4;
    private int[] nodes = new int[64 * FIELDS];
    private int known;

    /** A graph with its own dictionary of ids. */
    public IdentityGraph() {
        this(new StringDictionary());
    }

    /** A graph over the ids of {@code ids}; numbers interned there become nodes as they are used. */
    public IdentityGraph(StringDictionary ids) {
        this.ids = ids;
    }

    public StringDictionary ids() {
        return ids;
    }

    /** Records an id seen alone (a message with only one id). */
    public void add(String id, boolean userId) {
        add(ids.intern(id), userId);
    }

    /** Links an anonymous id (or an alias's previous id) and a user id as one customer. */
    public void link(String otherId, String userId) {
        int other = ids.intern(otherId);
        link(other, ids.intern(userId));
    }

    /** Records the id numbered {@code id}; a user id may name its customer. */
    public void add(int id, boolean userId) {
        grow(id);
        if (userId && nodes[id * FIELDS + USER] == 0) {
            nodes[id * FIELDS + USER] = 1;
            int root = find(id);
            if (nodes[nodes[root * FIELDS + NAME] * FIELDS + USER] == 0) {
                nodes[root * FIELDS + NAME] = id;
            }
        }
    }

    /** Links the ids numbered {@code other} (anonymous or previous) and {@code user} (a user id). */
    public void link(int other, int user) {
        add(other, false);
        add(user, true);
        int a = find(other);
        int b = find(user);
        if (a == b) {
            return;
        }
        // The merged customer keeps the name that came first: a user id over an anonymous one,
        // and between two of a kind the one numbered first (arrival order).
        int named = better(nodes[a * FIELDS + NAME], nodes[b * FIELDS + NAME]);
        if (nodes[a * FIELDS + SIZE] < nodes[b * FIELDS + SIZE]) {
            int swap = a;
            a = b;
            b = swap;
        }
        nodes[b * FIELDS + PARENT] = a;
        nodes[a * FIELDS + SIZE] += nodes[b * FIELDS + SIZE];
        nodes[a * FIELDS + NAME] = named;
        int next = nodes[a * FIELDS + NEXT];
        nodes[a * FIELDS + NEXT] = nodes[b * FIELDS + NEXT];
        nodes[b * FIELDS + NEXT] = next;
    }

    private int better(int x, int y) {
        int userX = nodes[x * FIELDS + USER];
        if (userX != nodes[y * FIELDS + USER]) {
            return userX == 1 ? x : y;
        }
        return Math.min(x, y);
    }

    private int name(int root) {
        return nodes[root * FIELDS + NAME];
    }

    /**
     * For every id, the representative of its customer ({@link #root}) at once: one pass that
     * also shortens every path, cheaper than a look-up per event.
     */
    public int[] roots() {
        int[] roots = new int[known];
        for (int i = 0; i < known; i++) {
            int root = find(i);
            nodes[i * FIELDS + PARENT] = root;
            roots[i] = root;
        }
        return roots;
    }

    /**
     * The customers as they stand now, apart from the graph: {@link #roots()}, and per root the
     * number of the id that names its customer. Later links do not change it.
     */
    public Customers customers() {
        int[] roots = roots();
        int[] names = new int[known];
        for (int i = 0; i < known; i++) {
            names[i] = nodes[i * FIELDS + NAME];
        }
        return new Customers(roots, names);
    }

    /** Every id's representative and, per representative, the number of the id that names its customer. */
    public record Customers(int[] roots, int[] names) {
        /** The number of the id that names the customer of the representative {@code root}. */
        public int name(int root) {
            return names[root];
        }
    }

    /** The number of the id that names the customer of id {@code id}. */
    public int customerName(int id) {
        return id < known ? name(find(id)) : id;
    }

    /** The customer an id belongs to (its name), or the id itself when it was never seen. */
    public String customerOf(String id) {
        int number = ids.find(id);
        return number < 0 || number >= known ? id : ids.get(name(find(number)));
    }

    /** Every id whose customer is named by another id, with that customer's name. */
    public java.util.Map<String, String> stitchedIds() {
        java.util.Map<String, String> stitched = new java.util.HashMap<>();
        for (int i = 0; i < known; i++) {
            int named = name(find(i));
            if (named != i) {
                stitched.put(ids.get(i), ids.get(named));
            }
        }
        return stitched;
    }

    /** Every id of the customer that {@code id} belongs to, in the order they were first seen. */
    public List<String> idsOf(String id) {
        int number = ids.find(id);
        if (number < 0 || number >= known) {
            return List.of(id);
        }
        int[] members = new int[16];
        int count = 0;
        int member = number;
        do {
            if (count == members.length) {
                members = Arrays.copyOf(members, count * 2);
            }
            members[count++] = member;
            member = nodes[member * FIELDS + NEXT];
        } while (member != number);
        Arrays.sort(members, 0, count);
        List<String> named = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            named.add(ids.get(members[i]));
        }
        return named;
    }

    /** How many ids the graph holds (every number below this one is a node). */
    public int idCount() {
        return known;
    }

    private void grow(int id) {
        if (id < known) {
            return;
        }
        if ((long) id * FIELDS >= nodes.length) {
            long grown = Math.max((long) nodes.length * 2, ((long) id + 1) * FIELDS);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("an identity graph holds at most " + (Integer.MAX_VALUE / FIELDS) + " ids");
            }
            nodes = Arrays.copyOf(nodes, (int) grown);
        }
        for (int i = known; i <= id; i++) {
            nodes[i * FIELDS + PARENT] = i;
            nodes[i * FIELDS + SIZE] = 1;
            nodes[i * FIELDS + NAME] = i;
            nodes[i * FIELDS + NEXT] = i;
        }
        known = id + 1;
    }

    private int find(int i) {
        int parent;
        while ((parent = nodes[i * FIELDS + PARENT]) != i) {
            int grandparent = nodes[parent * FIELDS + PARENT];
            nodes[i * FIELDS + PARENT] = grandparent;
            i = grandparent;
        }
        return i;
    }
}
