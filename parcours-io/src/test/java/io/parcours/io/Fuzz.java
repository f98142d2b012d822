package io.parcours.io;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded random source of the fuzz tests, and what they generate from it: hostile texts,
 * random JSON, nesting bombs, and byte mutations of valid inputs (flips, cuts, repeats, inserted
 * quotes, newlines, byte order marks and invalid UTF-8).
 *
 * <p>Every run picks a new seed unless {@code -Dparcours.fuzz.seed=N} gives one; each test derives
 * its own generator from the seed and its name, so one seed replays every test exactly. A failure
 * names the seed, the case and the input. {@code -Dparcours.fuzz.scale=K} runs K times as many
 * cases, for longer runs on a developer's machine (docs/fuzzing.md). Not thread-safe.
 */
public final class Fuzz {
    public static final String SEED_PROPERTY = "parcours.fuzz.seed";
    public static final String SCALE_PROPERTY = "parcours.fuzz.scale";

    /** The seed of this run: given, or drawn once per test JVM. */
    public static final long RUN_SEED = Long.getLong(SEED_PROPERTY, new SplittableRandom().nextLong());

    /** Pieces of text that have broken parsers, templates, databases and terminals before. */
    private static final String[] AWKWARD = {
        "", " ", "\u0000", "\u0001", "\t", "\r\n", "\n\n", "\u007f", "\u0085", "\u2028", "\u2029", "\uFEFF", "\uFFFE",
        "\uFFFF", "\uD800", "\uDFFF", "\uDBFF\uDFFF", "😀", "👩‍👩‍👧", "\u202E", "e\u0301", "Ω", "日本語", "عربي", "ß",
        "\"", "'", "\\", "\\u0000", "\\ud800", "/", "%", "%00", "%zz", "%C3%28", "+", "&", "=", "?", "#", ";", ":",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "${7*7}", "{{7*7}}", "' OR 1=1 --",
        "=HYPERLINK(\"http://x\")", "../../../etc/passwd", "null", "true", "NaN", "-0", "1e999", "0x10",
        "9223372036854775808", "-9223372036854775809", "2026-02-30T25:61:61Z", "+999999999-12-31T23:59:59Z",
        "*alias", "&anchor", "!!binary", "<<", "- ", "? ", "---", "...", "{", "}", "[", "]", ",",
    };

    /** Byte sequences that malformed or hostile inputs carry. */
    private static final byte[][] SPECIAL_BYTES = {
        {0}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {'"'}, {'\''}, {'\\'}, {'\n'}, {'\r', '\n'}, {'\r'}, {','}, {';'}, {':'}, {'{'}, {'}'}, {'['}, {']'}, {'<'},
        {'>'}, {'&'}, {'%'}, {' '}, {'\t'}, {'#'}, {'*'}, {'-'}, {'|'},
    };

    private final String name;
    private final long seed;
    private final SplittableRandom random;
    private int cases;
    private List<AssertionError> failures;
    private final long cpuAtStart = processCpuNanos();

    private Fuzz(String name, long seed) {
        this.name = name;
        this.seed = seed;
        this.random = new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** The generator of one test, derived from the run's seed and the test's name. */
    public static Fuzz of(String name) {
        return new Fuzz(name, RUN_SEED);
    }

    /** {@code base} times the scale asked for with {@code -Dparcours.fuzz.scale}. */
    public static int cases(int base) {
        return base * Math.max(1, Integer.getInteger(SCALE_PROPERTY, 1));
    }

    /** How to run this exact sequence again. */
    public String replay() {
        return "-D" + SEED_PROPERTY + "=" + seed;
    }

    /** How many cases {@link #check} has run. */
    public int count() {
        return cases;
    }

    /**
     * A line for the test's output: the cases run, the CPU time this JVM spent meanwhile (which,
     * unlike the wall clock, does not depend on what else the machine runs), and the seed.
     */
    public String summary() {
        return String.format("fuzz %s: %d cases in %.1f s of CPU, %s", name, cases, (processCpuNanos() - cpuAtStart) / 1e9,
                replay());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A check of one input, which may throw anything. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /**
     * Runs one case; any failure (an assertion, an unexpected exception, an error) comes back as an
     * assertion error naming the seed to replay, the case number and the input.
     */
    public void check(String what, Object input, Check check) {
        cases++;
        try {
            check.run();
        } catch (Throwable failure) {
            AssertionError error = new AssertionError("fuzz " + name + ", case " + cases + " (" + what + ") failed: "
                    + failure + "\n  replay with " + replay() + "\n  input: " + describe(input), failure);
            if (failures == null) {
                throw error;
            }
            failures.add(error);
        }
    }

    /** From now on, {@link #check} keeps the failures for {@link #assertNoFailures} instead of stopping at the first. */
    public Fuzz keepGoing() {
        failures = new java.util.ArrayList<>();
        return this;
    }

    /** Fails with every failure kept since {@link #keepGoing}, the first as the cause. */
    public void assertNoFailures() {
        if (failures != null && !failures.isEmpty()) {
            AssertionError all = new AssertionError(failures.size() + " of " + cases + " cases failed:\n"
                    + String.join("\n", failures.stream().map(Throwable::getMessage).toList()), failures.get(0));
            failures.clear();
            throw all;
        }
    }

    /** A short, printable view of an input for failure messages. */
    public static String describe(Object input) {
        String text = input instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(input);
        int length = input instanceof byte[] bytes ? bytes.length : text.length();
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(300, text.length()); i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xffff));
        }
        return length + (input instanceof byte[] ? " bytes" : " chars") + ": " + shown + (text.length() > 300 ? "..." : "");
    }

    // ---- choices ------------------------------------------------------------------------------------

    /** A number from {@code from} to {@code to}, both included. */
    public int between(int from, int to) {
        return (int) (from + random.nextLong((long) to - from + 1));
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A size skewed towards small ones: up to {@code max}, each power of two as likely. */
    public int size(int max) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, max));
        return Math.min(max, random.nextInt(1 << random.nextInt(bits + 1)));
    }

    public long nextLong() {
        return random.nextLong();
    }

    // ---- texts ----------------------------------------------------------------------------------------

    /** A short text made of awkward pieces, letters and digits. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (int pieces = between(0, 5); pieces > 0; pieces--) {
            switch (between(0, 3)) {
                case 0 -> text.append(pick(AWKWARD));
                case 1 -> text.append("word").append(between(0, 999));
                case 2 -> text.append((char) between(0, 0xFFFF));
                default -> text.append(pick("a", "Zoé", "x y", "1", "ok", "checkout", "home"));
            }
        }
        return text.toString();
    }

    /** A text of {@code length} characters, one awkward piece repeated. */
    public String longText(int length) {
        String piece = pick("x", "é", "😀", "\u0000", "\"", "\\", "<", "\n", "a b ");
        StringBuilder text = new StringBuilder(length + piece.length());
        while (text.length() < length) {
            text.append(piece);
        }
        return text.toString();
    }

    /** A JSON string literal of {@code text}, escaped as JSON requires (lone surrogates kept as escapes). */
    public static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    // ---- JSON -----------------------------------------------------------------------------------------

    /** A random JSON value (sometimes not quite JSON), at most {@code depth} levels deep. */
    public String json(int depth) {
        int kind = between(0, depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> pick("null", "true", "false", "nul", "True", "undefined");
            case 1 -> pick("0", "-0", "1", "-1", "9", "11", "3.5", "1e308", "1e999999", "-1e-999999", "2147483648",
                    "9223372036854775808", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "0x1F",
                    "01", "1.", ".5", "+1", "1e", "--1");
            case 2, 3 -> quoted(text());
            case 4 -> "\"" + text() + "\"";
            case 5 -> quoted(longText(size(40_000)));
            case 6 -> pick("", "{", "[", "\"", "}", "]", ",", ":", "{,}", "[,]", "{\"a\"}", "{\"a\":}", "[1,]");
            case 7, 8 -> {
                StringBuilder object = new StringBuilder("{");
                for (int fields = size(8); fields > 0; fields--) {
                    object.append(quoted(pick("type", "event", "name", "userId", "properties", "answers", "score",
                            "key", text()))).append(':').append(json(depth - 1)).append(fields > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
            default -> {
                StringBuilder array = new StringBuilder("[");
                for (int items = size(8); items > 0; items--) {
                    array.append(json(depth - 1)).append(items > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
        };
    }

    /** {@code levels} nested arrays or objects, closed or left open. */
    public String nested(int levels) {
        boolean arrays = chance(0.5);
        boolean closed = chance(0.5);
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        StringBuilder text = new StringBuilder(levels * (open.length() + 1) + 1);
        text.append(open.repeat(levels)).append('1');
        if (closed) {
            text.append(close.repeat(levels));
        }
        return text.toString();
    }

    /**
     * YAML's billion laughs: each level an anchored list (or map) of {@code width} aliases of the
     * level before, the last one under {@code maps:}, so that expanding it takes width^levels nodes.
     */
    public static String billionLaughs(int width, int levels, boolean lists) {
        StringBuilder yaml = new StringBuilder("parcours: 1\nl0: &l0 [lol]\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append('l').append(level).append(": &l").append(level).append(lists ? " [" : " {");
            for (int i = 0; i < width; i++) {
                yaml.append(i == 0 ? "" : ", ").append(lists ? "" : "k" + i + ": ").append("*l").append(level - 1);
            }
            yaml.append(lists ? "]\n" : "}\n");
        }
        return yaml.append("maps: *l").append(levels).append('\n').toString();
    }

    // ---- bytes ----------------------------------------------------------------------------------------

    /** {@code valid} with one to four random changes. */
    public byte[] mutate(byte[] valid) {
        byte[] bytes = valid;
        for (int changes = between(1, 4); changes > 0; changes--) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] bytes) {
        int length = bytes.length;
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        switch (between(0, 8)) {
            case 0 -> {
                if (length > 0) {
                    byte[] flipped = bytes.clone();
                    int index = Math.min(at, length - 1);
                    flipped[index] ^= (byte) (1 << between(0, 7));
                    return flipped;
                }
                return bytes;
            }
            case 1 -> {
                if (length > 0) {
                    byte[] changed = bytes.clone();
                    changed[Math.min(at, length - 1)] = (byte) between(0, 255);
                    return changed;
                }
                return bytes;
            }
            case 2, 3 -> {
                return insert(bytes, at, pick(SPECIAL_BYTES));
            }
            case 4 -> {
                int end = Math.min(length, at + size(64));
                return splice(bytes, at, end, new byte[0]);
            }
            case 5 -> {
                int end = Math.min(length, at + size(256));
                return insert(bytes, at, java.util.Arrays.copyOfRange(bytes, at, end));
            }
            case 6 -> {
                return java.util.Arrays.copyOf(bytes, at);
            }
            case 7 -> {
                return insert(bytes, at, text().getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                byte[] repeated = pick(SPECIAL_BYTES);
                int times = size(4096);
                byte[] run = new byte[repeated.length * times];
                for (int i = 0; i < times; i++) {
                    System.arraycopy(repeated, 0, run, i * repeated.length, repeated.length);
                }
                return insert(bytes, at, run);
            }
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        return splice(bytes, at, at, inserted);
    }

    /** {@code bytes} with {@code [from, to)} replaced by {@code replacement}. */
    private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
        byte[] result = new byte[bytes.length - (to - from) + replacement.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(replacement, 0, result, from, replacement.length);
        System.arraycopy(bytes, to, result, from + replacement.length, bytes.length - to);
        return result;
    }
}
