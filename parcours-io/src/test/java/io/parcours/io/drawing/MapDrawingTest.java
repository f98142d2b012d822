package io.parcours.io.drawing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.Channel;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The journey map drawing as SVG: what it shows, how it marks figures, and that no text can break it. */
class MapDrawingTest {
    private static final Drawing AMINA = MapDrawing.draw(TestMaps.AKWABA, TestMaps.AMINA_CURRENT,
            DrawingOverlay.none(), DrawingLabels.english());

    @Test
    void theDemoMapShowsEveryStageAndTouchpointWithATextAlternative() {
        SvgDocument svg = SvgDocument.parse(AMINA.toSvg());

        assertThat(svg.root().getNamespaceURI()).isEqualTo(SvgDocument.SVG);
        assertThat(svg.root().getAttribute("role")).isEqualTo("img");
        assertThat(svg.root().getAttribute("viewBox")).isEqualTo("0 0 980 " + (long) AMINA.height());
        assertThat(svg.rootText("title")).isEqualTo("Amina buys a dress (today)");
        assertThat(svg.rootText("desc")).contains("Amina, the style seeker", "Current state",
                "3 stages: Pre-purchase, Purchase, Post-purchase", "16 touchpoints");
        for (Stage stage : TestMaps.AMINA_CURRENT.stages()) {
            List<Element> header = svg.groups("data-stage", stage.key()).stream()
                    .filter(group -> SvgDocument.classes(group).contains("stage")).toList();
            assertThat(header).hasSize(1);
            assertThat(SvgDocument.shownText(header.get(0))).contains(stage.name());
        }
        for (Touchpoint touchpoint : TestMaps.AMINA_CURRENT.touchpoints()) {
            Element card = svg.touchpoint(touchpoint.key()).orElseThrow(
                    () -> new AssertionError("no card for " + touchpoint.key()));
            assertThat(SvgDocument.shownText(card)).contains(touchpoint.name());
            assertThat(card.getAttribute("id")).isEqualTo("tp-" + touchpoint.key());
            assertThat(card.getAttribute("tabindex")).isEqualTo("0");
            assertThat(card.getAttribute("role")).isEqualTo("button");
            assertThat(card.getAttribute("aria-label")).startsWith(touchpoint.name() + " (");
            assertThat(SvgDocument.classes(card)).contains("touchpoint", touchpoint.online() ? "online" : "offline");
        }
        assertThat(svg.touchpoint("order-placed").orElseThrow().getAttribute("class")).contains("conversion-goal");
        assertThat(svg.elements("script")).isEmpty();
        assertThat(AMINA.toSvg()).doesNotContain("href", "<image", "<foreignObject");
    }

    @Test
    void theDemoMapHasTheLanesOfAWallMapAndSkipsTheEmptyOnes() {
        String shown = SvgDocument.parse(AMINA.toSvg()).shownText();

        assertThat(shown).contains("Customer goals", "Actions", "Questions", "Expectations", "Emotion",
                "Touchpoints online", "Touchpoints offline", "Pains", "Gains", "Opportunities", "Company goals",
                "Measures", "Owners");
        // Emotion words with their scores, and the teams owning each stage's touchpoints.
        assertThat(shown).contains("+1 curious", "−1 frustrated", "+2 proud");
        assertThat(shown).contains("Social media team", "Shop staff (Lyon)", "Logistics and returns");
        assertThat(shown).contains("Is the fabric really made in Africa?", "Train the shop team in welcoming customers");

        Stage bare = Stage.of("only", "Only stage");
        JourneyMap sparse = new JourneyMap("sparse", "Sparse", "reader", MapState.FUTURE, "", Optional.empty(),
                Optional.empty(), List.of(bare), List.of(Touchpoint.of("visit", "Visit", "only", Channel.STORE)));
        String sparseShown = SvgDocument.parse(MapDrawing.draw(TestMaps.workspaceFor(sparse, "Reader"), sparse,
                DrawingOverlay.none(), DrawingLabels.english()).toSvg()).shownText();
        assertThat(sparseShown).contains("Touchpoints online", "Touchpoints offline", "Future state", "Visit")
                .doesNotContain("Customer goals", "Pains", "Emotion", "Owners");
    }

    @Test
    void aTouchpointWithFiguresShowsItsStatusInWordsAndColourAndItsNumbers() {
        Map<String, TouchpointFigures> figures = Map.of(
                "cart", new TouchpointFigures(KpiStatus.RED, OptionalLong.of(1234), OptionalDouble.of(0.23),
                        List.of(new ScoreBadge("NPS", "+12", KpiStatus.AMBER))),
                "delivery", new TouchpointFigures(KpiStatus.GREY, OptionalLong.of(1), OptionalDouble.empty(), List.of()));
        Drawing drawing = MapDrawing.draw(TestMaps.AKWABA, TestMaps.AMINA_CURRENT, DrawingOverlay.figures(figures),
                DrawingLabels.english());
        SvgDocument svg = SvgDocument.parse(drawing.toSvg());

        Element cart = svg.touchpoint("cart").orElseThrow();
        assertThat(SvgDocument.classes(cart)).contains("touchpoint", "status-red");
        assertThat(SvgDocument.shownText(cart)).contains("Missing target", "1,234 customers · 23% convert", "NPS +12");
        assertThat(cart.getAttribute("aria-label")).isEqualTo(
                "Shopping cart (Web site): Missing target, 1,234 customers, 23% convert, NPS +12 (close to target)");
        Element delivery = svg.touchpoint("delivery").orElseThrow();
        assertThat(SvgDocument.classes(delivery)).contains("status-grey");
        assertThat(SvgDocument.shownText(delivery)).contains("Not enough data", "1 customer");
        assertThat(SvgDocument.classes(svg.touchpoint("checkout").orElseThrow())).noneMatch(name -> name.startsWith("status-"));
        assertThat(svg.rootText("desc")).contains("Missing target: Shopping cart", "Not enough data: Delivery");
        assertThat(svg.shownText()).contains("Status against target", "On target", "No target");
    }

    @Test
    void frenchLabelsAndNumbers() {
        assertThat(DrawingLabels.of(Locale.CANADA_FRENCH)).isEqualTo(DrawingLabels.french());
        assertThat(DrawingLabels.of(Locale.GERMAN)).isEqualTo(DrawingLabels.english());
        Map<String, TouchpointFigures> figures = Map.of("cart",
                new TouchpointFigures(KpiStatus.GREEN, OptionalLong.of(1234), OptionalDouble.of(0.5), List.of()));
        SvgDocument svg = SvgDocument.parse(MapDrawing.draw(TestMaps.AKWABA, TestMaps.AMINA_CURRENT,
                DrawingOverlay.figures(figures), DrawingLabels.french()).toSvg());

        assertThat(svg.shownText()).contains("Objectifs du client", "Points de contact en ligne", "Irritants",
                "Responsables", "État actuel", "Objectif atteint");
        assertThat(SvgDocument.shownText(svg.touchpoint("cart").orElseThrow()))
                .containsPattern("1[\\s\u00a0\u202f]234 clients · 50[\\s\u00a0\u202f]% convertissent");
    }

    @Test
    void hostileTextIsShownLiterallyAndCannotOpenAnElement() {
        String hostile = "<script>alert(1)</script> a & b \"quotes\" 'single' ]]> \u0007bell \uD800";
        String shownAs = "<script>alert(1)</script> a & b \"quotes\" 'single' ]]> bell";
        Stage stage = TestMaps.stageFilledWith("stage", hostile, hostile, Optional.of(new Emotion(-1, "<b>sad</b>")));
        JourneyMap map = new JourneyMap("hostile", hostile, "reader", MapState.CURRENT, hostile, Optional.empty(),
                Optional.empty(), List.of(stage), List.of(Touchpoint.of("script", hostile, "stage", Channel.CHAT)));
        Workspace workspace = TestMaps.workspaceFor(map, hostile);
        Drawing drawing = MapDrawing.draw(workspace, map,
                DrawingOverlay.figures(Map.of("script", new TouchpointFigures(KpiStatus.RED, OptionalLong.empty(),
                        OptionalDouble.empty(), List.of(new ScoreBadge(hostile, hostile, KpiStatus.RED))))),
                DrawingLabels.english());
        String xml = drawing.toSvg();

        SvgDocument svg = SvgDocument.parse(xml);
        assertThat(svg.elements("script")).isEmpty();
        assertThat(svg.elements("b")).isEmpty();
        assertThat(xml).doesNotContain("<script", "\u0007", "\uD800");
        assertThat(svg.rootText("title")).isEqualTo(shownAs);
        assertThat(svg.rootText("desc")).contains(shownAs);
        Element card = svg.touchpoint("script").orElseThrow();
        assertThat(card.getAttribute("aria-label")).startsWith(shownAs + " (Chat)");
        for (String lane : List.of("customer-goals", "pains", "measures")) {
            Element cell = svg.groupsWithClass("lane-" + lane).stream()
                    .filter(group -> SvgDocument.classes(group).contains("cell")).findFirst().orElseThrow();
            assertThat(SvgDocument.shownText(cell)).isEqualTo(shownAs);
        }
        assertThat(svg.shownText()).contains("<b>sad</b>");
    }

    @Test
    void longTextsWrapAndNeverLeaveTheirCardOrCell() {
        JourneyMap map = TestMaps.longTexts();
        Drawing drawing = MapDrawing.draw(TestMaps.workspaceFor(map, "A reader"), map, DrawingOverlay.none(),
                DrawingLabels.english());
        TextMetrics metrics = new TextMetrics();

        assertThat(drawing.texts()).isNotEmpty().allSatisfy(text -> {
            for (int i = 0; i < text.lines().size(); i++) {
                String line = text.lines().get(i);
                double width = metrics.width(line, text.style());
                double left = switch (text.style().anchor()) {
                    case START -> text.x();
                    case MIDDLE -> text.x() - width / 2;
                    case END -> text.x() - width;
                };
                assertThat(left).as("left of '%s'", line).isGreaterThanOrEqualTo(text.area().x() - 0.01);
                assertThat(left + width).as("right of '%s'", line).isLessThanOrEqualTo(text.area().right() + 0.01);
            }
        });
        // Each card and cell holds its texts; the card's name is cut after three lines with an ellipsis.
        assertThat(drawing.groups().filter(group -> group.role() == Shape.Role.TOUCHPOINT
                || group.role() == Shape.Role.CELL)).hasSizeGreaterThan(100).allSatisfy(group ->
                        group.children().stream().filter(Shape.Text.class::isInstance).map(Shape.Text.class::cast)
                                .forEach(text -> assertThat(group.area().contains(text.area()))
                                        .as("%s inside %s %s", text.lines(), group.role(), group.key()).isTrue()));
        Shape.Text name = drawing.touchpoint("tp-1").orElseThrow().children().stream()
                .filter(Shape.Text.class::isInstance).map(Shape.Text.class::cast)
                .filter(text -> text.lines().get(0).startsWith("A touchpoint")).findFirst().orElseThrow();
        assertThat(name.lines()).hasSize(3);
        assertThat(name.lines().get(2)).endsWith(TextMetrics.ELLIPSIS);
        Shape.Text url = drawing.touchpoint("url-3").orElseThrow().children().stream()
                .filter(Shape.Text.class::isInstance).map(Shape.Text.class::cast)
                .filter(text -> text.lines().get(0).startsWith("https:")).findFirst().orElseThrow();
        assertThat(String.join("", url.lines())).startsWith("https://shop.example.com/collections/wax-print-dress");
        // Twelve stages in twelve columns of the same width, side by side.
        List<Shape.Group> headers = drawing.groups().filter(group -> group.role() == Shape.Role.STAGE).toList();
        assertThat(headers).hasSize(12);
        assertThat(headers).extracting(header -> header.area().width()).containsOnly(headers.get(0).area().width());
        for (int i = 1; i < headers.size(); i++) {
            assertThat(headers.get(i).area().x()).isCloseTo(headers.get(i - 1).area().x() + MapLayout.COLUMN, within(0.01));
        }
    }

    @Test
    void aMapWithoutStagesDrawsANoteInsteadOfFailing() {
        JourneyMap empty = new JourneyMap("empty", "An empty map", "reader", MapState.CURRENT, "", Optional.empty(),
                Optional.empty(), List.of(), List.of());
        Drawing drawing = MapDrawing.draw(TestMaps.workspaceFor(empty, "Reader"), empty, DrawingOverlay.none(),
                DrawingLabels.english());
        SvgDocument svg = SvgDocument.parse(drawing.toSvg());

        assertThat(svg.shownText()).contains("An empty map", "This map has no stages yet.");
        assertThat(svg.rootText("desc")).contains("This map has no stages yet");
        assertThat(drawing.width()).isLessThanOrEqualTo(800);
        assertThat(drawing.height()).isLessThan(300);
        assertThat(DrawingExport.png(drawing, 1)).isNotEmpty();
    }
}
