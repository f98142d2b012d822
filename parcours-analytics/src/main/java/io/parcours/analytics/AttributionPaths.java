package io.parcours.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Journeys as attribution sees them: each path is a sequence of channel touches (repeats
 * included), with how many times it ended in a conversion, the value of those conversions, and how
 * many times it ended without one. The same aggregate as the path files of the ChannelAttribution
 * package ({@code path;total_conversions;total_conversion_value;total_null}). Equal paths are
 * added up. Not thread-safe; merged with {@link #addAll}.
 */
public final class AttributionPaths implements java.io.Serializable {
    private final List<String> channels;
    private final SequenceTable paths = new SequenceTable();
    /** Conversions, value and conversions missed of each path (by entry), summed in any order to the same. */
    private final FixedPointSums totals = new FixedPointSums(3 * 256);
    /** Conversions and value that no touch preceded. */
    private final FixedPointSums unattributed = new FixedPointSums(2);

    /** Empty paths over these channels, numbered in this order. */
    public AttributionPaths(List<String> channels) {
        this.channels = List.copyOf(channels);
        if (new java.util.HashSet<>(channels).size() != channels.size()) {
            throw new IllegalArgumentException("channel names must be distinct");
        }
    }

    /** One aggregated path: its channels (numbers), conversions, conversion value and conversions missed. */
    public record Path(int[] channels, double conversions, double value, double nulls) {}

    public List<String> channels() {
        return channels;
    }

    /** Adds a path of channel numbers (kept as given, not copied: do not change it afterwards). */
    public void add(int[] path, double conversions, double value, double nulls) {
        if (path.length == 0) {
            throw new IllegalArgumentException("a path needs at least one channel");
        }
        for (int channel : path) {
            if (channel < 0 || channel >= channels.size()) {
                throw new IllegalArgumentException("channel " + channel + " is not among the " + channels.size());
            }
        }
        if (!(conversions >= 0) || !(nulls >= 0) || !Double.isFinite(value) || !Double.isFinite(conversions)
                || !Double.isFinite(nulls)) {
            throw new IllegalArgumentException("conversions and nulls must be finite and not negative, value finite");
        }
        add(paths.entry(path, 0, path.length), conversions, value, nulls);
    }

    /** Adds the channels {@code path[from..from+length)}, taken as they are (checked by the caller). */
    void add(int[] path, int from, int length, double conversions, double value, double nulls) {
        add(paths.entry(path, from, length), conversions, value, nulls);
    }

    private void add(int entry, double conversions, double value, double nulls) {
        totals.ensure(3 * entry + 3);
        totals.add(3 * entry, conversions);
        totals.add(3 * entry + 1, value);
        totals.add(3 * entry + 2, nulls);
    }

    /** Records conversions that no touch preceded: they count in the totals but no channel gets them. */
    public void addUnattributed(double conversions, double value) {
        unattributed.add(0, conversions);
        unattributed.add(1, value);
    }

    /** Adds another set of paths over the same channels. */
    public void addAll(AttributionPaths other) {
        if (!other.channels.equals(channels)) {
            throw new IllegalArgumentException("paths over different channels cannot be added");
        }
        for (int e = 0; e < other.paths.size(); e++) {
            int entry = paths.entryOf(other.paths, e);
            totals.ensure(3 * entry + 3);
            for (int k = 0; k < 3; k++) {
                totals.add(3 * entry + k, other.totals, 3 * e + k);
            }
        }
        unattributed.addAll(other.unattributed);
    }

    /**
     * Every distinct path, in the order of their channels (by the first channel's number, then the
     * second...; a path before its longer extensions): the same order however the paths were
     * added, so that what is computed over them comes out the same on every engine.
     */
    public void forEach(Consumer<Path> action) {
        int[][] sequences = new int[paths.size()][];
        Integer[] order = new Integer[paths.size()];
        for (int e = 0; e < order.length; e++) {
            sequences[e] = paths.sequence(e);
            order[e] = e;
        }
        java.util.Arrays.sort(order, (a, b) -> java.util.Arrays.compare(sequences[a], sequences[b]));
        for (int e : order) {
            action.accept(new Path(sequences[e], totals.get(3 * e), totals.get(3 * e + 1), totals.get(3 * e + 2)));
        }
    }

    /** How many distinct paths. */
    public int size() {
        return paths.size();
    }

    public double unattributedConversions() {
        return unattributed.get(0);
    }

    public double unattributedValue() {
        return unattributed.get(1);
    }

    /** The paths as a list, for tests and small data. */
    public List<Path> list() {
        List<Path> list = new ArrayList<>();
        forEach(list::add);
        return list;
    }
}
