package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;

/**
 * Turns a {@link Drawing} into a PNG image or a one-page PDF poster, painting the very shapes the
 * SVG is written from (through Java2D), so the three formats show the same map.
 *
 * <p>The PDF page is A3 landscape; the drawing is scaled to fit inside the margins under the
 * title, as vectors. When DejaVu Sans is installed (Debian: fonts-dejavu-core) it is embedded, so
 * the text can be selected, searched and extracted; otherwise the text is drawn as outlines, which
 * print the same but cannot be searched.
 */
public final class DrawingExport {
    /** The largest PNG made, in pixels: 40 megapixels, about 160 MB of memory while it is painted. */
    public static final long MAX_PIXELS = 40_000_000L;
    /** A3 landscape in PDF points. */
    static final PDRectangle A3_LANDSCAPE = new PDRectangle(PDRectangle.A3.getHeight(), PDRectangle.A3.getWidth());

    private static final File DEJAVU_REGULAR = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final File DEJAVU_BOLD = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    private static final double PAGE_MARGIN = 36;
    private static final Shape.TextStyle PAGE_TITLE = new Shape.TextStyle(18, true, Palette.INK, Shape.Anchor.START);
    private static final Shape.TextStyle FOOTER = new Shape.TextStyle(9, false, Palette.MUTED, Shape.Anchor.MIDDLE);

    private DrawingExport() {}

    /**
     * The drawing as a PNG, {@code scale} pixels per drawing unit (2 for a sharp image on a
     * high-density screen), on white. The image is {@code ceil(width x scale)} by
     * {@code ceil(height x scale)} pixels.
     *
     * @throws ParcoursException {@link ErrorCode#INVALID_INPUT} for a scale that is not above 0,
     *     {@link ErrorCode#TOO_LARGE} when the image would exceed {@link #MAX_PIXELS}
     */
    public static byte[] png(Drawing drawing, double scale) {
        requireNonNull(drawing, "drawing is null");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw ParcoursException.invalid("scale", "scale " + scale + " is not a size: give a number above 0, such as 1 or 2");
        }
        long pixelWidth = (long) Math.ceil(drawing.width() * scale);
        long pixelHeight = (long) Math.ceil(drawing.height() * scale);
        if (pixelWidth * pixelHeight > MAX_PIXELS || pixelWidth > Integer.MAX_VALUE || pixelHeight > Integer.MAX_VALUE) {
            double largest = Math.floor(Math.sqrt(MAX_PIXELS / (drawing.width() * drawing.height())) * 100) / 100;
            throw new ParcoursException(ErrorCode.TOO_LARGE, String.format(Locale.ROOT,
                    "a PNG of this map at scale %s would be %d x %d pixels, more than the limit of %d megapixels:"
                            + " use a scale of at most %s, or the PDF or SVG, which have no size limit",
                    SvgWriter.number(scale), pixelWidth, pixelHeight, MAX_PIXELS / 1_000_000, SvgWriter.number(largest)));
        }
        BufferedImage image = new BufferedImage((int) pixelWidth, (int) pixelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.scale(scale, scale);
            Java2dPainter.paint(drawing, graphics);
        } finally {
            graphics.dispose();
        }
        return encodePng(image);
    }

    private static byte[] encodePng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam parameters = writer.getDefaultWriteParam();
        // Light compression: three times faster than the default for a file about a tenth larger,
        // which suits an image made on request.
        parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        parameters.setCompressionQuality(0.9f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * The drawing on one A3 landscape PDF page: {@code title} on top (the map name and, say, its
     * version), the drawing scaled to fit as vectors, and the footer "Parcours · title". The
     * document's title is {@code title} and its subject the drawing's text description.
     */
    public static byte[] pdf(Drawing drawing, String title) {
        requireNonNull(drawing, "drawing is null");
        requireNonNull(title, "title is null");
        String pageTitle = title.isBlank() ? drawing.title() : Xml.clean(title).strip();
        PdfBoxGraphics2DFontTextDrawer fonts = new PdfBoxGraphics2DFontTextDrawer();
        try (PDDocument document = new PDDocument()) {
            if (TextMetrics.dejaVuFound() && DEJAVU_REGULAR.isFile() && DEJAVU_BOLD.isFile()) {
                fonts.registerFont(DEJAVU_REGULAR);
                fonts.registerFont(DEJAVU_BOLD);
            }
            PDPage page = new PDPage(A3_LANDSCAPE);
            document.addPage(page);
            PdfBoxGraphics2D graphics = new PdfBoxGraphics2D(document, A3_LANDSCAPE.getWidth(), A3_LANDSCAPE.getHeight());
            graphics.setFontTextDrawer(fonts);
            try {
                paintPage(graphics, drawing, pageTitle);
            } finally {
                graphics.dispose();
            }
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawForm(graphics.getXFormObject());
            }
            document.getDocumentInformation().setTitle(pageTitle);
            document.getDocumentInformation().setSubject(drawing.description());
            document.getDocumentInformation().setCreator("Parcours");
            PDViewerPreferences preferences = new PDViewerPreferences(document.getDocumentCatalog().getCOSObject());
            preferences.setDisplayDocTitle(true);
            document.getDocumentCatalog().setViewerPreferences(preferences);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PDF to memory failed", e);
        } finally {
            fonts.close();
        }
    }

    private static void paintPage(Graphics2D graphics, Drawing drawing, String title) {
        double pageWidth = A3_LANDSCAPE.getWidth();
        double pageHeight = A3_LANDSCAPE.getHeight();
        double textWidth = pageWidth - 2 * PAGE_MARGIN;
        TextMetrics metrics = new TextMetrics();
        List<Shape> frame = new ArrayList<>();
        List<String> titleLines = metrics.wrap(title, textWidth, PAGE_TITLE, 2);
        frame.add(text(metrics, PAGE_MARGIN, PAGE_MARGIN, titleLines, PAGE_TITLE, 22, textWidth));
        String footer = metrics.fit("Parcours · " + title, textWidth, FOOTER);
        frame.add(text(metrics, pageWidth / 2, pageHeight - PAGE_MARGIN + 4, List.of(footer), FOOTER, 12, textWidth));
        Java2dPainter.paint(new Drawing(pageWidth, pageHeight, title, "", frame), graphics);

        double top = PAGE_MARGIN + titleLines.size() * 22 + 12;
        double bottom = pageHeight - PAGE_MARGIN - 8;
        // A small map is enlarged, but not so much that its text looks shouted.
        double scale = Math.min(2, Math.min(textWidth / drawing.width(), (bottom - top) / drawing.height()));
        double left = PAGE_MARGIN + (textWidth - drawing.width() * scale) / 2;
        AffineTransform before = graphics.getTransform();
        graphics.translate(left, top);
        graphics.scale(scale, scale);
        Java2dPainter.paint(drawing, graphics);
        graphics.setTransform(before);
    }

    private static Shape.Text text(TextMetrics metrics, double x, double top, List<String> lines, Shape.TextStyle style,
            double lineHeight, double areaWidth) {
        double baseline = top + (lineHeight + style.size() * 0.7) / 2;
        List<Double> widths = lines.stream().map(line -> metrics.width(line, style)).toList();
        double areaX = style.anchor() == Shape.Anchor.MIDDLE ? x - areaWidth / 2 : x;
        return new Shape.Text(x, baseline, lines, widths, style, lineHeight,
                new Box(areaX, top, areaWidth, lines.size() * lineHeight));
    }

    static Optional<File> embeddedFont() {
        return TextMetrics.dejaVuFound() && DEJAVU_REGULAR.isFile() ? Optional.of(DEJAVU_REGULAR) : Optional.empty();
    }
}
