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
 * graph of millions of ids builds in one pass over the events. Not thread-safe.
 */
public final class IdentityGraph {
    private final StringDictionary ids;
    private int[] parent = new int[64];
    private int[] size = new int[64];
    /** Per root: the number of the id that names the customer. */
    private int[] name = new int[64];
    private boolean[] isUser = new boolean[64];
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
        if (userId && !isUser[id]) {
            isUser[id] = true;
            int root = find(id);
            if (!isUser[name[root]]) {
                name[root] = id;
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
        int named = better(name[a], name[b]);
        if (size[a] < size[b]) {
            int swap = a;
            a = b;
            b = swap;
        }
        parent[b] = a;
        size[a] += size[b];
        name[a] = named;
    }

    private int better(int x, int y) {
        if (isUser[x] != isUser[y]) {
            return isUser[x] ? x : y;
        }
        return Math.min(x, y);
    }

    /**
     * For every id, the representative of its customer ({@link #root}) at once: one pass that
     * also shortens every path, cheaper than a look-up per event.
     */
    public int[] roots() {
        int[] roots = new int[known];
        for (int i = 0; i < known; i++) {
            int root = find(i);
            parent[i] = root;
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
        return new Customers(roots, java.util.Arrays.copyOf(name, known));
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
        return id < known ? name[find(id)] : id;
    }

    /** The customer an id belongs to (its name), or the id itself when it was never seen. */
    public String customerOf(String id) {
        int number = ids.find(id);
        return number < 0 || number >= known ? id : ids.get(name[find(number)]);
    }

    /** Every id whose customer is named by another id, with that customer's name. */
    public java.util.Map<String, String> stitchedIds() {
        java.util.Map<String, String> stitched = new java.util.HashMap<>();
        for (int i = 0; i < known; i++) {
            int named = name[find(i)];
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
        int root = find(number);
        List<String> members = new ArrayList<>();
        for (int j = 0; j < known; j++) {
            if (find(j) == root) {
                members.add(ids.get(j));
            }
        }
        return members;
    }

    /** How many ids the graph holds (every number below this one is a node). */
    public int idCount() {
        return known;
    }

    private void grow(int id) {
        if (id < known) {
            return;
        }
        if (id >= parent.length) {
            int grown = Math.max(parent.length * 2, id + 1);
            parent = Arrays.copyOf(parent, grown);
            size = Arrays.copyOf(size, grown);
            name = Arrays.copyOf(name, grown);
            isUser = Arrays.copyOf(isUser, grown);
        }
        for (int i = known; i <= id; i++) {
            parent[i] = i;
            size[i] = 1;
            name[i] = i;
        }
        known = id + 1;
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
