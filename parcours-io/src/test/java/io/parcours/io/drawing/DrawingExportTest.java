package io.parcours.io.drawing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PNG and the PDF of the demo map: they open in ordinary readers and show the same scene as the SVG. */
class DrawingExportTest {
    private static final Drawing WITH_FIGURES = MapDrawing.draw(TestMaps.AKWABA, TestMaps.AMINA_CURRENT,
            DrawingOverlay.figures(Map.of("cart", new TouchpointFigures(KpiStatus.RED, OptionalLong.of(1234),
                    OptionalDouble.of(0.23), List.of(new ScoreBadge("NPS", "+12", KpiStatus.RED))))),
            DrawingLabels.english());

    @Test
    void thePngHasTheSizeOfTheSceneTimesTheScaleAndARedCardWhereTheCartIs() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(DrawingExport.png(WITH_FIGURES, 1.5)));

        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(WITH_FIGURES.width() * 1.5));
        assertThat(image.getHeight()).isEqualTo((int) Math.ceil(WITH_FIGURES.height() * 1.5));
        assertThat(image.getRGB(2, 2) & 0xffffff).as("white background").isEqualTo(0xffffff);
        Box cart = WITH_FIGURES.touchpoint("cart").orElseThrow().area();
        Box checkout = WITH_FIGURES.touchpoint("checkout").orElseThrow().area();
        assertThat(shareOfRedPixels(image, cart, 1.5)).as("red pixels on the cart's card").isGreaterThan(0.10);
        assertThat(shareOfRedPixels(image, checkout, 1.5)).as("red pixels on a card without figures").isZero();
    }

    /** The share of pixels in {@code box} that a person would call red: strong red, little green or blue. */
    private static double shareOfRedPixels(BufferedImage image, Box box, double scale) {
        int red = 0;
        int all = 0;
        for (int y = (int) (box.y() * scale); y < (int) (box.bottom() * scale); y++) {
            for (int x = (int) (box.x() * scale); x < (int) (box.right() * scale); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                all++;
                if (r > 140 && g < 90 && b < 90) {
                    red++;
                }
            }
        }
        return (double) red / all;
    }

    @Test
    void aPngTooLargeForMemoryIsRefusedWithTheLargestScaleThatFits() {
        assertThatThrownBy(() -> DrawingExport.png(WITH_FIGURES, 10))
                .isInstanceOfSatisfying(ParcoursException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                    assertThat(e.getMessage()).contains("9800 x ", "40 megapixels", "use a scale of at most ");
                    double suggested = Double.parseDouble(e.getMessage().replaceAll(".*at most ([0-9.]+).*", "$1"));
                    double pixels = Math.ceil(WITH_FIGURES.width() * suggested) * Math.ceil(WITH_FIGURES.height() * suggested);
                    assertThat(pixels).as("pixels at the suggested scale").isLessThanOrEqualTo(DrawingExport.MAX_PIXELS);
                });
        assertThatThrownBy(() -> DrawingExport.png(WITH_FIGURES, 0))
                .isInstanceOfSatisfying(ParcoursException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void thePdfIsOneA3LandscapePageWithSelectableText() throws IOException {
        String title = "Amina buys a dress (today) · version 3";
        byte[] pdf = DrawingExport.pdf(WITH_FIGURES, title);

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            PDRectangle page = document.getPage(0).getMediaBox();
            assertThat(page.getWidth()).isCloseTo(1190.55f, within(0.01f));
            assertThat(page.getHeight()).isCloseTo(841.89f, within(0.01f));
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo(title);
            assertThat(DrawingExport.embeddedFont()).as("DejaVu Sans, which scripts/install-test-tools.sh installs").isPresent();
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(title, "Parcours · " + title, "Amina buys a dress (today)", "Shopping cart",
                    "Visit to the shop", "1,234 customers", "23%", "Missing target");
        }
    }
}
