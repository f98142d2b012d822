package io.parcours.io.drawing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Channel;
import io.parcours.model.JourneyMap;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** A new version of the future-state demo map drawn against it: what was added, changed, moved and removed. */
class MapComparisonDrawingTest {
    private static final JourneyMap FUTURE = TestMaps.AMINA_FUTURE;

    /** The future map with a gift-wrap touchpoint added, the newsletter removed, the cart renamed and delivery moved. */
    private static JourneyMap edited() {
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (Touchpoint touchpoint : FUTURE.touchpoints()) {
            switch (touchpoint.key()) {
                case "newsletter" -> { }
                case "cart" -> touchpoints.add(new Touchpoint("cart", "Basket", touchpoint.stage(), touchpoint.channel(),
                        touchpoint.owner(), touchpoint.parent(), touchpoint.description(), touchpoint.targets()));
                case "delivery" -> touchpoints.add(touchpoint.withStage("purchase"));
                default -> touchpoints.add(touchpoint);
            }
        }
        touchpoints.add(Touchpoint.of("gift-wrap", "Gift wrapping", "purchase", Channel.STORE).withOwner(Optional.of("shop")));
        return FUTURE.withStages(FUTURE.stages(), touchpoints);
    }

    @Test
    void addedChangedMovedAndRemovedTouchpointsAreMarked() {
        Drawing drawing = MapDrawing.draw(TestMaps.AKWABA, edited(), DrawingOverlay.comparison(FUTURE),
                DrawingLabels.english());
        SvgDocument svg = SvgDocument.parse(drawing.toSvg());

        Element added = svg.touchpoint("gift-wrap").orElseThrow();
        assertThat(SvgDocument.classes(added)).contains("change-added");
        assertThat(SvgDocument.shownText(added)).contains("NEW", "Gift wrapping");
        assertThat(added.getAttribute("aria-label")).endsWith(": new");

        Element renamed = svg.touchpoint("cart").orElseThrow();
        assertThat(SvgDocument.classes(renamed)).contains("change-changed");
        assertThat(SvgDocument.shownText(renamed)).contains("CHANGED", "Basket");
        assertThat(renamed.getAttribute("aria-label")).endsWith(": changed (name)");

        Element moved = svg.touchpoint("delivery").orElseThrow();
        assertThat(SvgDocument.classes(moved)).contains("change-moved");
        assertThat(SvgDocument.shownText(moved)).contains("MOVED");

        List<Element> ghosts = svg.groups("data-removed-touchpoint", "newsletter");
        assertThat(ghosts).hasSize(1);
        assertThat(SvgDocument.classes(ghosts.get(0))).contains("touchpoint", "ghost", "change-removed");
        assertThat(SvgDocument.shownText(ghosts.get(0))).contains("Newsletter", "REMOVED");
        assertThat(ghosts.get(0).hasAttribute("tabindex")).isFalse();
        assertThat(svg.touchpoint("newsletter")).isEmpty();

        // The ghost stands in the column of the stage it was removed from.
        Shape.Group ghost = drawing.groups().filter(group -> group.role() == Shape.Role.REMOVED_TOUCHPOINT)
                .findFirst().orElseThrow();
        Shape.Group postPurchase = drawing.groups()
                .filter(group -> group.role() == Shape.Role.STAGE && group.key().equals("post-purchase"))
                .findFirst().orElseThrow();
        assertThat(ghost.area().centerX()).isBetween(postPurchase.area().x(), postPurchase.area().right());

        Element unchanged = svg.touchpoint("order-confirmation").orElseThrow();
        assertThat(SvgDocument.classes(unchanged)).noneMatch(name -> name.startsWith("change-"));
        assertThat(svg.groupsWithClass("stage")).allSatisfy(stage ->
                assertThat(SvgDocument.classes(stage)).noneMatch(name -> name.startsWith("change-")));
        assertThat(svg.shownText()).contains("Compared with: Amina buys a dress (next season) · Future state",
                "Changes since the compared version");
        assertThat(svg.rootText("desc")).contains("new: Gift wrapping", "changed: Basket", "moved: Delivery",
                "removed: Newsletter");
    }

    @Test
    void aRemovedStageAndItsTouchpointsAreListedInANote() {
        List<Stage> stages = FUTURE.stages().stream().filter(stage -> !stage.key().equals("post-purchase")).toList();
        List<Touchpoint> touchpoints = FUTURE.touchpoints().stream()
                .filter(touchpoint -> !touchpoint.stage().equals("post-purchase")).toList();
        List<Stage> renamedFirst = new ArrayList<>(stages);
        Stage first = renamedFirst.get(0);
        renamedFirst.set(0, new Stage(first.key(), "Discovery", first.description(), first.customerGoals(),
                first.actions(), first.questions(), first.expectations(), first.emotion(), first.pains(), first.gains(),
                first.opportunities(), first.companyGoals(), first.measures(), first.targets()));
        JourneyMap shorter = FUTURE.withStages(renamedFirst, touchpoints);

        Drawing drawing = MapDrawing.draw(TestMaps.AKWABA, shorter, DrawingOverlay.comparison(FUTURE),
                DrawingLabels.english());
        SvgDocument svg = SvgDocument.parse(drawing.toSvg());

        Element note = svg.groupsWithClass("note").get(0);
        assertThat(SvgDocument.shownText(note)).contains("Removed since the compared version",
                "Stage: Post-purchase", "Photo review request (Post-purchase)", "Newsletter (Post-purchase)");
        assertThat(svg.groups("data-removed-touchpoint", "newsletter")).isEmpty();
        Element renamed = svg.groups("data-stage", "pre-purchase").stream()
                .filter(group -> SvgDocument.classes(group).contains("stage")).findFirst().orElseThrow();
        assertThat(SvgDocument.classes(renamed)).contains("change-changed");
        assertThat(SvgDocument.shownText(renamed)).contains("Discovery", "CHANGED");
    }
}
