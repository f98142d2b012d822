package io.parcours.io.drawing;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ElementChange;
import java.awt.Color;

/**
 * The colours of the drawing and the symbols that repeat what a colour says, so that a status is
 * never told by colour alone. Every text colour is chosen against the fill it sits on for a WCAG AA
 * contrast of at least 4.5:1 ({@link #contrast} checks it in the tests).
 */
final class Palette {
    static final Color WHITE = Color.WHITE;
    static final Color INK = rgb(0x1f2937);
    static final Color MUTED = rgb(0x4b5563);
    static final Color GRID = rgb(0xdde3ea);
    static final Color LABEL_COLUMN = rgb(0xf1f4f8);
    static final Color ROW_SHADE = rgb(0xf9fafb);
    static final Color HEADER = rgb(0x1e3a5f);
    static final Color CARD_BORDER = rgb(0xc5ced9);
    static final Color ICON = rgb(0x1e3a5f);
    static final Color ICON_BACKGROUND = rgb(0xe6edf5);
    static final Color EMOTION_LINE = rgb(0x4338ca);
    static final Color EMOTION_POSITIVE = rgb(0xf0f9f3);
    static final Color EMOTION_NEGATIVE = rgb(0xfdf2f1);
    static final Color GHOST_FILL = rgb(0xf8f9fb);
    static final Color GHOST_BORDER = rgb(0x8a94a3);
    static final Color GOAL = rgb(0x7a4d00);

    static final Color CUSTOMER_LANES = rgb(0x2563eb);
    static final Color EMOTION_LANE = rgb(0xdb2777);
    static final Color TOUCHPOINT_LANES = rgb(0x0d9488);
    static final Color PAIN = rgb(0xb42318);
    static final Color GAIN = rgb(0x137a3a);
    static final Color OPPORTUNITY = rgb(0xb54708);
    static final Color COMPANY_LANES = rgb(0x475467);

    private Palette() {}

    static Color rgb(int rgb) {
        return new Color(rgb);
    }

    /** The solid colour of a status: the band at the top of a card, the legend swatch. */
    static Color strong(KpiStatus status) {
        return switch (status) {
            case RED -> rgb(0xb42318);
            case AMBER -> rgb(0xf0a202);
            case GREEN -> rgb(0x137a3a);
            case GREY -> rgb(0x5f6b7a);
            case NONE -> rgb(0xd0d5dd);
        };
    }

    /** The light fill of a card or badge with this status; its text is {@link #INK}. */
    static Color tint(KpiStatus status) {
        return switch (status) {
            case RED -> rgb(0xfef3f2);
            case AMBER -> rgb(0xfffaeb);
            case GREEN -> rgb(0xeefbf3);
            case GREY -> rgb(0xf2f4f7);
            case NONE -> WHITE;
        };
    }

    /** The text colour on {@link #strong}: white on the dark ones, ink on amber and on the neutral grey. */
    static Color onStrong(KpiStatus status) {
        return status == KpiStatus.AMBER || status == KpiStatus.NONE ? INK : WHITE;
    }

    /** The symbol printed with the status word, so that the status does not rest on colour. */
    static String mark(KpiStatus status) {
        return switch (status) {
            case RED -> symbol("✕", "x");
            case AMBER -> "!";
            case GREEN -> symbol("✓", "ok");
            case GREY -> "?";
            case NONE -> symbol("–", "-");
        };
    }

    static Color change(ElementChange.Kind kind) {
        return switch (kind) {
            case ADDED -> rgb(0x1d4ed8);
            case CHANGED -> rgb(0x7e22ce);
            case MOVED -> rgb(0x0f766e);
            case REMOVED -> rgb(0x4b5563);
        };
    }

    /** The marker colour of an emotion score, from red (-2) through grey (0) to green (+2). */
    static Color emotion(int score) {
        return switch (score) {
            case -2 -> rgb(0xb42318);
            case -1 -> rgb(0xe8590c);
            case 0 -> rgb(0x667085);
            case 1 -> rgb(0x3b9c5a);
            default -> score > 0 ? rgb(0x137a3a) : rgb(0xb42318);
        };
    }

    static String symbol(String preferred, String plain) {
        return TextMetrics.canShow(preferred) ? preferred : plain;
    }

    /** The WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white). */
    static double contrast(Color first, Color second) {
        double a = luminance(first);
        double b = luminance(second);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double luminance(Color colour) {
        return 0.2126 * channel(colour.getRed()) + 0.7152 * channel(colour.getGreen())
                + 0.0722 * channel(colour.getBlue());
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
