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
    private double[] totals = new double[3 * 256];
    private double unattributedConversions;
    private double unattributedValue;

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
        if (3 * entry == totals.length) {
            totals = java.util.Arrays.copyOf(totals, totals.length * 2);
        }
        totals[3 * entry] += conversions;
        totals[3 * entry + 1] += value;
        totals[3 * entry + 2] += nulls;
    }

    /** Records conversions that no touch preceded: they count in the totals but no channel gets them. */
    public void addUnattributed(double conversions, double value) {
        unattributedConversions += conversions;
        unattributedValue += value;
    }

    /** Adds another set of paths over the same channels. */
    public void addAll(AttributionPaths other) {
        if (!other.channels.equals(channels)) {
            throw new IllegalArgumentException("paths over different channels cannot be added");
        }
        for (int e = 0; e < other.paths.size(); e++) {
            add(paths.entryOf(other.paths, e), other.totals[3 * e], other.totals[3 * e + 1], other.totals[3 * e + 2]);
        }
        unattributedConversions += other.unattributedConversions;
        unattributedValue += other.unattributedValue;
    }

    /** Every distinct path, in no particular order. */
    public void forEach(Consumer<Path> action) {
        for (int e = 0; e < paths.size(); e++) {
            action.accept(new Path(paths.sequence(e), totals[3 * e], totals[3 * e + 1], totals[3 * e + 2]));
        }
    }

    /** How many distinct paths. */
    public int size() {
        return paths.size();
    }

    public double unattributedConversions() {
        return unattributedConversions;
    }

    public double unattributedValue() {
        return unattributedValue;
    }

    /** The paths as a list, for tests and small data. */
    public List<Path> list() {
        List<Path> list = new ArrayList<>();
        forEach(list::add);
        return list;
    }
}
