package io.parcours.io.drawing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ElementChange;
import java.awt.Color;
import org.junit.jupiter.api.Test;

/** Every text colour of the drawing against the fill it is printed on: WCAG AA asks for 4.5:1. */
class PaletteTest {
    private static final double AA = 4.5;

    @Test
    void statusTextIsReadableOnEveryStatusColour() {
        for (KpiStatus status : KpiStatus.values()) {
            assertThat(Palette.contrast(Palette.onStrong(status), Palette.strong(status))).as("band of %s", status)
                    .isGreaterThanOrEqualTo(AA);
            for (Color text : new Color[] {Palette.INK, Palette.MUTED, Palette.GOAL}) {
                assertThat(Palette.contrast(text, Palette.tint(status))).as("card text on %s", status)
                        .isGreaterThanOrEqualTo(AA);
            }
        }
    }

    @Test
    void changeBadgesHeadersAndLaneTextAreReadable() {
        for (ElementChange.Kind kind : ElementChange.Kind.values()) {
            assertThat(Palette.contrast(Color.WHITE, Palette.change(kind))).as("badge %s", kind)
                    .isGreaterThanOrEqualTo(AA);
        }
        assertThat(Palette.contrast(Color.WHITE, Palette.HEADER)).isGreaterThanOrEqualTo(AA);
        assertThat(Palette.contrast(Palette.HEADER, Color.WHITE)).as("stage number").isGreaterThanOrEqualTo(AA);
        for (Color background : new Color[] {Color.WHITE, Palette.ROW_SHADE, Palette.LABEL_COLUMN, Palette.GHOST_FILL,
                Palette.EMOTION_POSITIVE, Palette.EMOTION_NEGATIVE}) {
            assertThat(Palette.contrast(Palette.INK, background)).isGreaterThanOrEqualTo(AA);
            assertThat(Palette.contrast(Palette.MUTED, background)).isGreaterThanOrEqualTo(AA);
        }
    }

    @Test
    void everyStatusHasASymbolBesideItsColour() {
        assertThat(KpiStatus.values()).extracting(Palette::mark).doesNotHaveDuplicates().allSatisfy(mark ->
                assertThat(mark).isNotBlank());
    }
}
