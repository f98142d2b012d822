package io.parcours.model;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strings numbered in the order they were first seen (0, 1, 2...), so that columns can hold
 * small ints instead of strings: the ids of customers, the names of activities. A number, once
 * given, never changes and is never given again; only its string may be replaced, when a customer's
 * ids are erased ({@link #replace}). One thread interns or replaces at a time; any thread may look up and read.
 */
public final class StringDictionary {
    private final ConcurrentHashMap<String, Integer> numbers;
    private volatile String[] values;
    private volatile int size;

    public StringDictionary() {
        this(64);
    }

    /** A dictionary with room for {@code expected} strings before it grows. */
    public StringDictionary(int expected) {
        numbers = new ConcurrentHashMap<>(Math.max(16, expected));
        values = new String[Math.max(64, expected)];
    }

    /** The number of {@code value}, given now if it has none yet. */
    public int intern(String value) {
        Integer known = numbers.get(value);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = numbers.get(value);
            if (known != null) {
                return known;
            }
            int next = size;
            String[] current = values;
            if (next == current.length) {
                current = Arrays.copyOf(current, next * 2);
            }
            current[next] = value;
            values = current;
            numbers.put(value, next);
            size = next + 1;
            return next;
        }
    }

    /**
     * Gives {@code value} the next number, as {@link #intern} would, when it is known to be new
     * (a dictionary read back from storage): one look-up instead of three.
     *
     * @throws IllegalArgumentException when it already has a number
     */
    public synchronized int append(String value) {
        int next = size;
        if (numbers.putIfAbsent(value, next) != null) {
            throw new IllegalArgumentException("'" + value + "' already has number " + numbers.get(value));
        }
        String[] current = values;
        if (next == current.length) {
            current = Arrays.copyOf(current, next * 2);
        }
        current[next] = value;
        values = current;
        size = next + 1;
        return next;
    }

    /** The number of {@code value}, or -1 when it was never interned. */
    public int find(String value) {
        Integer known = numbers.get(value);
        return known == null ? -1 : known;
    }

    /** The string numbered {@code number}, which must be below {@link #size()}. */
    public String get(int number) {
        if (number < 0 || number >= size) {
            throw new IndexOutOfBoundsException("no string numbered " + number + " among " + size);
        }
        return values[number];
    }

    /**
     * Gives number {@code number} the string {@code replacement} instead of its own, which is
     * forgotten: interning the old string again gives a new number. The replacement must be new.
     */
    public synchronized void replace(int number, String replacement) {
        String old = get(number);
        if (numbers.containsKey(replacement)) {
            throw new IllegalArgumentException("'" + replacement + "' already has a number");
        }
        numbers.remove(old, number);
        String[] current = values;
        current[number] = replacement;
        values = current; // a volatile write: readers that see it see the replacement
        numbers.put(replacement, number);
    }

    public int size() {
        return size;
    }
}
