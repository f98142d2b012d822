package io.parcours.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity stitching: which ids (anonymous ids of browsers and devices, user ids) belong to one
 * customer. An {@code identify} or any message carrying both a user id and an anonymous id links
 * them; an {@code alias} links its previous id to its user id. A customer is a connected group of
 * ids, named by its first user id in arrival order, or by its first id when it has no user id.
 *
 * <p>A union-find over interned ids, with path halving and union by size: linking and looking up
 * cost nearly constant time, so the graph of millions of ids builds in one pass over the events in
 * arrival order. Not thread-safe.
 */
public final class IdentityGraph {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private int[] parent = new int[64];
    private int[] size = new int[64];
    /** Per root: the index of the id that names the customer. */
    private int[] name = new int[64];
    private boolean[] isUser = new boolean[64];

    /** Records an id seen alone (a message with only one id). */
    public void add(String id, boolean userId) {
        int i = intern(id);
        if (userId && !isUser[i]) {
            isUser[i] = true;
            int root = find(i);
            if (!isUser[name[root]]) {
                name[root] = i;
            }
        }
    }

    /** Links an anonymous id (or an alias's previous id) and a user id as one customer. */
    public void link(String otherId, String userId) {
        add(otherId, false);
        add(userId, true);
        int a = find(index.get(otherId));
        int b = find(index.get(userId));
        if (a == b) {
            return;
        }
        // The merged customer keeps the name that came first: a user id over an anonymous one,
        // and between two of a kind the one interned first (arrival order).
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

    /** The customer an id belongs to (its name), or the id itself when it was never seen. */
    public String customerOf(String id) {
        Integer i = index.get(id);
        return i == null ? id : ids.get(name[find(i)]);
    }

    /** Every id of the customer that {@code id} belongs to, in the order they were first seen. */
    public List<String> idsOf(String id) {
        Integer i = index.get(id);
        if (i == null) {
            return List.of(id);
        }
        int root = find(i);
        List<String> members = new ArrayList<>();
        for (int j = 0; j < ids.size(); j++) {
            if (find(j) == root) {
                members.add(ids.get(j));
            }
        }
        return members;
    }

    public int idCount() {
        return ids.size();
    }

    private int intern(String id) {
        Integer existing = index.get(id);
        if (existing != null) {
            return existing;
        }
        int i = ids.size();
        if (i == parent.length) {
            int grown = parent.length * 2;
            parent = java.util.Arrays.copyOf(parent, grown);
            size = java.util.Arrays.copyOf(size, grown);
            name = java.util.Arrays.copyOf(name, grown);
            isUser = java.util.Arrays.copyOf(isUser, grown);
        }
        ids.add(id);
        index.put(id, i);
        parent[i] = i;
        size[i] = 1;
        name[i] = i;
        return i;
    }

    private int find(int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
