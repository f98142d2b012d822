package io.parcours.io.drawing;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures and wraps text with the real metrics of the font the drawing is painted with, so that no
 * text overflows its card in the PNG or the PDF, nor in a browser that has DejaVu Sans. A browser
 * without it falls back to Verdana, a similarly wide face, where lines may come out slightly
 * longer or shorter.
 *
 * <p>The font is DejaVu Sans when the JVM finds it, else the logical {@link Font#SANS_SERIF}. A
 * text with characters DejaVu Sans lacks (Chinese, Arabic...) is measured and painted in
 * {@code SansSerif}, whose fallback fonts may have them. Metrics use fractional widths and
 * antialiasing, as the painters do. Not thread-safe: each drawing makes its own.
 */
final class TextMetrics {
    static final String FAMILY = "DejaVu Sans";
    static final String ELLIPSIS = "…";

    private static final Font REGULAR;
    private static final Font BOLD;
    private static final Map<String, Font> SIZED = new ConcurrentHashMap<>();

    static {
        // A server has no display; without this a JVM started with a DISPLAY set would try to reach it.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        REGULAR = base(Font.PLAIN);
        BOLD = base(Font.BOLD);
    }

    private final Graphics2D graphics;
    private final Map<Font, FontMetrics> metrics = new HashMap<>();

    TextMetrics() {
        graphics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        hint(graphics);
    }

    /** The rendering hints the measures assume; the painters set the same. */
    static void hint(Graphics2D graphics) {
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    private static Font base(int style) {
        Font font = new Font(FAMILY, style, 12);
        return FAMILY.equals(font.getFamily(Locale.ROOT)) ? font : new Font(Font.SANS_SERIF, style, 12);
    }

    /** Whether DejaVu Sans itself was found (else every text is in the logical SansSerif). */
    static boolean dejaVuFound() {
        return FAMILY.equals(REGULAR.getFamily(Locale.ROOT));
    }

    /** The font that paints {@code text} in {@code style}: DejaVu Sans when it has every character. */
    static Font font(String text, double size, boolean bold) {
        Font base = bold ? BOLD : REGULAR;
        String family = base.canDisplayUpTo(text) == -1 ? base.getName() : Font.SANS_SERIF;
        String key = family + '|' + bold + '|' + size;
        return SIZED.computeIfAbsent(key, unused -> new Font(family, bold ? Font.BOLD : Font.PLAIN, 12)
                .deriveFont((float) size));
    }

    /** Whether the drawing's font can show {@code symbol}; else the caller uses a plain-ASCII mark. */
    static boolean canShow(String symbol) {
        return REGULAR.canDisplayUpTo(symbol) == -1 && BOLD.canDisplayUpTo(symbol) == -1;
    }

    double width(String text, Shape.TextStyle style) {
        return width(text, style.size(), style.bold());
    }

    double width(String text, double size, boolean bold) {
        if (text.isEmpty()) {
            return 0;
        }
        Font font = font(text, size, bold);
        FontMetrics fontMetrics = metrics.computeIfAbsent(font, graphics::getFontMetrics);
        return fontMetrics.getStringBounds(text, graphics).getWidth();
    }

    /**
     * {@code text} broken into lines no wider than {@code maxWidth}: at spaces, and inside a word
     * only when the word alone is too wide. Past {@code maxLines} the last line ends with an
     * ellipsis. Runs of white space count as one space.
     */
    List<String> wrap(String text, double maxWidth, Shape.TextStyle style, int maxLines) {
        String[] words = text.strip().split("\\s+");
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (lines.size() > maxLines) {
                break; // enough to know the text is cut
            }
            String candidate = current.length() == 0 ? word : current + " " + word;
            if (width(candidate, style) <= maxWidth) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (width(rest, style) > maxWidth && lines.size() <= maxLines) {
                int cut = longestFittingPrefix(rest, maxWidth, style);
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            kept.set(maxLines - 1, ellipsize(kept.get(maxLines - 1), maxWidth, style));
            return List.copyOf(kept);
        }
        return List.copyOf(lines);
    }

    /** One line: {@code text} as is when it fits, else cut with an ellipsis. */
    String fit(String text, double maxWidth, Shape.TextStyle style) {
        String line = text.strip().replaceAll("\\s+", " ");
        return width(line, style) <= maxWidth ? line : ellipsize(line, maxWidth, style);
    }

    private String ellipsize(String line, double maxWidth, Shape.TextStyle style) {
        String kept = line.strip();
        while (!kept.isEmpty() && width(kept + ELLIPSIS, style) > maxWidth) {
            kept = kept.substring(0, kept.offsetByCodePoints(kept.length(), -1)).stripTrailing();
        }
        return kept + ELLIPSIS;
    }

    /** The length of the longest prefix of {@code word} that fits; at least one code point. */
    private int longestFittingPrefix(String word, double maxWidth, Shape.TextStyle style) {
        int fitting = 1; // code points; one even when it alone is too wide, so that wrapping always advances
        int tooMany = word.codePointCount(0, word.length()); // the caller saw the whole word overflow
        while (tooMany - fitting > 1) {
            int middle = (fitting + tooMany) >>> 1;
            if (width(word.substring(0, word.offsetByCodePoints(0, middle)), style) <= maxWidth) {
                fitting = middle;
            } else {
                tooMany = middle;
            }
        }
        return word.offsetByCodePoints(0, fitting);
    }
}
