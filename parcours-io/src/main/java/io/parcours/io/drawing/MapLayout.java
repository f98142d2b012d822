package io.parcours.io.drawing;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ElementChange;
import io.parcours.model.Emotion;
import io.parcours.model.JourneyMap;
import io.parcours.model.Stage;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import java.awt.Color;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Lays out one journey map the way teams draw it on a wall: a title block, the stages as columns
 * under a row of chevrons, and one row (lane) per kind of content, its name at the left: customer
 * goals, actions, questions, expectations, the emotion curve, touchpoints online and offline as
 * cards, pains, gains, opportunities, company goals, measures and owners.
 *
 * <p>Columns have a fixed width so that a twelve-stage map stays readable; each row is as tall as
 * its tallest cell. Every text is wrapped with real font metrics before anything is placed, so a
 * row's height is known before its background is drawn, and no text leaves its cell or card.
 */
final class MapLayout {
    static final double MARGIN = 40;
    static final double LABEL_WIDTH = 180;
    static final double COLUMN = 240;
    static final double PAD = 10;
    static final double CARD_WIDTH = COLUMN - 2 * PAD;
    static final double CARD_GAP = 14;
    static final double MIN_WIDTH = 760;
    static final double EMOTION_HEIGHT = 170;
    static final double ARROW = 14;

    private static final int CELL_ITEM_LINES = 6;
    private static final int CARD_NAME_LINES = 3;

    private static final Shape.TextStyle TITLE = style(26, true, Palette.INK);
    private static final Shape.TextStyle SUBTITLE = style(14, false, Palette.MUTED);
    private static final Shape.TextStyle DESCRIPTION = style(13, false, Palette.MUTED);
    private static final Shape.TextStyle LEGEND = style(11.5, true, Palette.MUTED);
    private static final Shape.TextStyle CHIP = style(11, true, Palette.WHITE);
    private static final Shape.TextStyle LANE_LABEL = style(13, true, Palette.INK);
    private static final Shape.TextStyle TICK = style(10.5, false, Palette.MUTED).anchor(Shape.Anchor.END);
    private static final Shape.TextStyle CELL = style(12, false, Palette.INK);
    private static final Shape.TextStyle STAGE_NAME = style(15, true, Palette.WHITE);
    private static final Shape.TextStyle STAGE_NUMBER = style(11, true, Palette.HEADER).anchor(Shape.Anchor.MIDDLE);
    private static final Shape.TextStyle CARD_NAME = style(12.5, true, Palette.INK);
    private static final Shape.TextStyle CARD_DETAIL = style(11, false, Palette.MUTED);
    private static final Shape.TextStyle CARD_GOAL = style(10.5, true, Palette.GOAL);
    private static final Shape.TextStyle BAND = style(11, true, Palette.WHITE);
    private static final Shape.TextStyle BADGE = style(10.5, true, Palette.INK);
    private static final Shape.TextStyle CHANGE_BADGE = style(9.5, true, Palette.WHITE);
    private static final Shape.TextStyle EMOTION_WORD = style(11.5, true, Palette.INK).anchor(Shape.Anchor.MIDDLE);
    private static final Shape.TextStyle NOTE_TITLE = style(13, true, Palette.INK);
    private static final Shape.TextStyle NOTE = style(12, false, Palette.INK);

    private final Workspace workspace;
    private final JourneyMap map;
    private final DrawingOverlay overlay;
    private final DrawingLabels labels;
    private final Changes changes;
    private final TextMetrics metrics = new TextMetrics();
    private final List<Shape> shapes = new ArrayList<>();
    private final double width;
    private final double gridLeft;
    private final double gridRight;
    private int rowIndex;

    MapLayout(Workspace workspace, JourneyMap map, DrawingOverlay overlay, DrawingLabels labels) {
        this.workspace = workspace;
        this.map = map;
        this.overlay = overlay;
        this.labels = labels;
        this.changes = Changes.of(map, overlay.comparedWith());
        this.width = Math.max(MIN_WIDTH, 2 * MARGIN + LABEL_WIDTH + map.stages().size() * COLUMN);
        this.gridLeft = MARGIN + LABEL_WIDTH;
        this.gridRight = gridLeft + map.stages().size() * COLUMN;
    }

    private static Shape.TextStyle style(double size, boolean bold, Color colour) {
        return new Shape.TextStyle(size, bold, colour, Shape.Anchor.START);
    }

    Drawing draw() {
        double y = titleBlock(MARGIN);
        if (map.stages().isEmpty()) {
            y = note(y, labels.noStages(), List.of());
        } else {
            double lanesTop = header(y);
            y = lanes(lanesTop);
            columnLines(lanesTop, y);
            y = removedNote(y);
        }
        return new Drawing(width, Math.ceil(y + MARGIN), clean(map.name()), description(), shapes);
    }

    // ---------------------------------------------------------------- title block

    private double titleBlock(double top) {
        double textWidth = width - 2 * MARGIN;
        List<Shape> parts = new ArrayList<>();
        double y = top;
        List<String> title = metrics.wrap(clean(map.name()), textWidth, TITLE, 2);
        parts.add(text(MARGIN, y, title, TITLE, 32, textWidth));
        y += title.size() * 32 + 4;

        List<String> facts = new ArrayList<>();
        facts.add(labels.persona() + ": " + personaName());
        facts.add(labels.state(map.state()));
        map.conversion().flatMap(map::touchpoint)
                .ifPresent(goal -> facts.add(labels.conversionGoal() + ": " + clean(goal.name())));
        facts.add(clean(workspace.name()));
        List<String> subtitle = metrics.wrap(String.join(" · ", facts), textWidth, SUBTITLE, 2);
        parts.add(text(MARGIN, y, subtitle, SUBTITLE, 20, textWidth));
        y += subtitle.size() * 20;

        if (changes.comparing()) {
            JourneyMap older = changes.older().orElseThrow();
            List<String> compared = metrics.wrap(labels.comparedWith() + ": " + clean(older.name()) + " · "
                    + labels.state(older.state()), textWidth, SUBTITLE, 2);
            parts.add(text(MARGIN, y, compared, SUBTITLE, 20, textWidth));
            y += compared.size() * 20;
        }
        if (!map.description().isBlank()) {
            List<String> description = metrics.wrap(clean(map.description()), Math.min(textWidth, 900), DESCRIPTION, 3);
            parts.add(text(MARGIN, y + 4, description, DESCRIPTION, 18, Math.min(textWidth, 900)));
            y += 4 + description.size() * 18;
        }
        y = legend(parts, y + 12, textWidth);
        shapes.add(group(Shape.Role.PART, "", List.of("title-block"), "", new Box(MARGIN, top, textWidth, y - top), parts));
        return y + 16;
    }

    private String personaName() {
        return clean(workspace.persona(map.persona()).map(persona -> persona.name()).orElse(map.persona()));
    }

    /** The keys to the colours and marks in use: statuses when figures are shown, changes when comparing. */
    private double legend(List<Shape> parts, double top, double textWidth) {
        double y = top;
        if (!overlay.touchpoints().isEmpty()) {
            List<Chip> chips = new ArrayList<>();
            for (KpiStatus status : KpiStatus.values()) {
                chips.add(new Chip(Palette.mark(status) + " " + labels.statuses().get(status), Palette.strong(status),
                        Palette.onStrong(status)));
            }
            y = chipRow(parts, labels.statusLegend(), chips, y, textWidth);
        }
        if (changes.comparing()) {
            List<Chip> chips = new ArrayList<>();
            for (ElementChange.Kind kind : LEGEND_ORDER) {
                chips.add(new Chip(labels.changes().get(kind), Palette.change(kind), Palette.WHITE));
            }
            y = chipRow(parts, labels.changesLegend(), chips, y, textWidth);
        }
        return y;
    }

    /** The changes in the order a reader expects them: the new first, the removed last. */
    private static final List<ElementChange.Kind> LEGEND_ORDER = List.of(ElementChange.Kind.ADDED,
            ElementChange.Kind.CHANGED, ElementChange.Kind.MOVED, ElementChange.Kind.REMOVED);

    private record Chip(String text, Color fill, Color ink) {}

    private double chipRow(List<Shape> parts, String title, List<Chip> chips, double top, double textWidth) {
        String heading = metrics.fit(title + ":", textWidth, LEGEND);
        parts.add(text(MARGIN, top + 2, List.of(heading), LEGEND, 18, textWidth));
        double x = MARGIN + metrics.width(heading, LEGEND) + 10;
        double y = top;
        for (Chip chip : chips) {
            String label = metrics.fit(chip.text(), textWidth - 16, CHIP);
            double chipWidth = metrics.width(label, CHIP) + 16;
            if (x + chipWidth > MARGIN + textWidth) {
                x = MARGIN;
                y += 26;
            }
            parts.add(Shape.Rect.filled(new Box(x, y, chipWidth, 20), 10, chip.fill()));
            parts.add(text(x + 8, y + 1, List.of(label), CHIP.colour(chip.ink()), 18, chipWidth - 16));
            x += chipWidth + 6;
        }
        return y + 28;
    }

    // ---------------------------------------------------------------- stage header

    private double header(double top) {
        double nameWidth = COLUMN - 2 * ARROW - 12 - 26;
        List<List<String>> names = map.stages().stream()
                .map(stage -> metrics.wrap(clean(stage.name()), nameWidth, STAGE_NAME, 3)).toList();
        int lines = names.stream().mapToInt(List::size).max().orElse(1);
        double height = Math.max(54, lines * 19 + 24);
        for (int i = 0; i < map.stages().size(); i++) {
            Stage stage = map.stages().get(i);
            double x = columnLeft(i);
            Box box = new Box(x + 2, top, COLUMN - 4, height);
            List<Shape> parts = new ArrayList<>();
            parts.add(chevron(box, i == 0));
            double numberX = box.x() + (i == 0 ? 8 : ARROW + 4) + 11;
            parts.add(Shape.Ellipse.circle(numberX, box.centerY(), 11, Optional.of(Palette.WHITE), Optional.empty()));
            parts.add(text(numberX, box.centerY() - 9, List.of(Integer.toString(i + 1)), STAGE_NUMBER, 18,
                    new Box(numberX - 11, box.centerY() - 11, 22, 22)));
            List<String> name = names.get(i);
            double nameX = numberX + 11 + 8;
            parts.add(text(nameX, box.centerY() - name.size() * 19 / 2.0, name, STAGE_NAME, 19,
                    new Box(nameX, box.y(), nameWidth, box.height())));
            Optional<ElementChange.Kind> change = changes.stage(stage.key());
            change.ifPresent(kind -> parts.addAll(changeBadge(kind, box.right() - ARROW, box.y())));
            List<String> classes = new ArrayList<>(List.of("stage"));
            change.ifPresent(kind -> classes.add("change-" + kind.id()));
            String label = clean(stage.name()) + change.map(kind -> ": " + changeWords(kind, changes.stageFields(stage.key())))
                    .orElse("");
            shapes.add(group(Shape.Role.STAGE, stage.key(), classes, label, box, parts));
        }
        return top + height + 8;
    }

    /** An arrow-shaped header: notched on the left (but for the first stage), pointed on the right. */
    private static Shape chevron(Box box, boolean first) {
        double left = box.x();
        double right = box.right();
        List<Shape.Step> steps = List.of(new Shape.MoveTo(left, box.y()), new Shape.LineTo(right - ARROW, box.y()),
                new Shape.LineTo(right, box.centerY()), new Shape.LineTo(right - ARROW, box.bottom()),
                new Shape.LineTo(left, box.bottom()),
                first ? new Shape.LineTo(left, box.y()) : new Shape.LineTo(left + ARROW, box.centerY()),
                new Shape.Close());
        return new Shape.Path(steps, Optional.of(Palette.HEADER), Optional.empty());
    }

    // ---------------------------------------------------------------- lanes

    private double lanes(double top) {
        double y = top;
        y = textLane(y, "customer-goals", labels.customerGoals(), Palette.CUSTOMER_LANES, Stage::customerGoals);
        y = textLane(y, "actions", labels.actions(), Palette.CUSTOMER_LANES, Stage::actions);
        y = textLane(y, "questions", labels.questions(), Palette.CUSTOMER_LANES, Stage::questions);
        y = textLane(y, "expectations", labels.expectations(), Palette.CUSTOMER_LANES, Stage::expectations);
        if (map.stages().stream().anyMatch(stage -> stage.emotion().isPresent())) {
            y = emotionLane(y);
        }
        y = touchpointLane(y, true);
        y = touchpointLane(y, false);
        y = textLane(y, "pains", labels.pains(), Palette.PAIN, Stage::pains);
        y = textLane(y, "gains", labels.gains(), Palette.GAIN, Stage::gains);
        y = textLane(y, "opportunities", labels.opportunities(), Palette.OPPORTUNITY, Stage::opportunities);
        y = textLane(y, "company-goals", labels.companyGoals(), Palette.COMPANY_LANES, Stage::companyGoals);
        y = textLane(y, "measures", labels.measures(), Palette.COMPANY_LANES, Stage::measures);
        y = textLane(y, "owners", labels.owners(), Palette.COMPANY_LANES, this::owners);
        return y;
    }

    /** The names of the teams that own the stage's touchpoints, in the order they first appear. */
    private List<String> owners(Stage stage) {
        Set<String> names = new LinkedHashSet<>();
        for (Touchpoint touchpoint : map.touchpointsOf(stage.key())) {
            touchpoint.owner().ifPresent(owner -> names.add(workspace.team(owner).map(Team::name).orElse(owner)));
        }
        return List.copyOf(names);
    }

    private double columnLeft(int stageIndex) {
        return gridLeft + stageIndex * COLUMN;
    }

    /** A lane of short texts, one bulleted list per stage; skipped when every stage's list is empty. */
    private double textLane(double top, String lane, String title, Color accent, Function<Stage, List<String>> items) {
        if (map.stages().stream().allMatch(stage -> items.apply(stage).isEmpty())) {
            return top;
        }
        double itemWidth = COLUMN - 2 * PAD - 12;
        List<List<List<String>>> cells = new ArrayList<>();
        double height = 0;
        for (Stage stage : map.stages()) {
            List<List<String>> wrapped = items.apply(stage).stream()
                    .map(item -> metrics.wrap(clean(item), itemWidth, CELL, CELL_ITEM_LINES)).toList();
            cells.add(wrapped);
            double cellHeight = 0;
            for (List<String> item : wrapped) {
                cellHeight += item.size() * 16 + 6;
            }
            height = Math.max(height, cellHeight - 6);
        }
        double rowHeight = rowBackground(top, lane, title, accent, height + 2 * PAD);
        for (int i = 0; i < map.stages().size(); i++) {
            double x = columnLeft(i);
            double y = top + PAD;
            List<Shape> parts = new ArrayList<>();
            for (List<String> item : cells.get(i)) {
                Shape.Text text = text(x + PAD + 12, y, item, CELL, 16, itemWidth);
                parts.add(Shape.Ellipse.circle(x + PAD + 3.5, text.baseline() - 4, 2.6, Optional.of(accent),
                        Optional.empty()));
                parts.add(text);
                y += item.size() * 16 + 6;
            }
            cell(map.stages().get(i), lane, new Box(x, top, COLUMN, rowHeight), parts);
        }
        return top + rowHeight;
    }

    private void cell(Stage stage, String lane, Box area, List<Shape> parts) {
        if (!parts.isEmpty()) {
            shapes.add(group(Shape.Role.CELL, stage.key(), List.of("cell", "lane-" + lane), "", area, parts));
        }
    }

    /**
     * The background of one lane: a shaded label cell with the lane's accent bar and name, and
     * every other row lightly shaded; returns the row's height (at least the label's).
     */
    private double rowBackground(double top, String lane, String title, Color accent, double contentHeight) {
        double labelWidth = LABEL_WIDTH - 30;
        List<String> name = metrics.wrap(clean(title), labelWidth, LANE_LABEL, 3);
        double height = Math.max(Math.max(contentHeight, name.size() * 17 + 2 * PAD), 46);
        List<Shape> parts = new ArrayList<>();
        if (rowIndex++ % 2 == 1) {
            parts.add(Shape.Rect.filled(new Box(gridLeft, top, gridRight - gridLeft, height), 0, Palette.ROW_SHADE));
        }
        parts.add(Shape.Rect.filled(new Box(MARGIN, top, LABEL_WIDTH, height), 0, Palette.LABEL_COLUMN));
        parts.add(Shape.Rect.filled(new Box(MARGIN, top, 4, height), 0, accent));
        parts.add(text(MARGIN + 16, top + PAD, name, LANE_LABEL, 17, labelWidth));
        parts.add(new Shape.Line(MARGIN, top, gridRight, top, Shape.Outline.solid(Palette.GRID, 1)));
        shapes.add(group(Shape.Role.PART, "", List.of("lane", "lane-" + lane), "",
                new Box(MARGIN, top, gridRight - MARGIN, height), parts));
        return height;
    }

    /** Thin lines between the stage columns, from under the header, and a closing line under the last lane. */
    private void columnLines(double top, double bottom) {
        List<Shape> parts = new ArrayList<>();
        for (int i = 0; i <= map.stages().size(); i++) {
            double x = columnLeft(i);
            parts.add(new Shape.Line(x, top, x, bottom, Shape.Outline.solid(Palette.GRID, 1)));
        }
        parts.add(new Shape.Line(MARGIN, bottom, gridRight, bottom, Shape.Outline.solid(Palette.GRID, 1)));
        shapes.add(group(Shape.Role.PART, "", List.of("grid"), "", new Box(MARGIN, top, gridRight - MARGIN,
                bottom - top), parts));
    }

    // ---------------------------------------------------------------- emotion curve

    /**
     * The emotion curve: each stage's score (-2 to +2) as a marker at the centre of its column,
     * joined by a smooth curve that never overshoots the scores (monotone cubic interpolation,
     * Fritsch and Carlson 1980); a stage without an emotion breaks the curve.
     */
    private double emotionLane(double top) {
        double height = rowBackground(top, "emotion", labels.emotion(), Palette.EMOTION_LANE, EMOTION_HEIGHT);
        double high = top + 34;
        double low = top + height - 34;
        Function<Integer, Double> yOf = score -> high + (Emotion.MAX - score) * (low - high) / (Emotion.MAX - Emotion.MIN);
        double zero = yOf.apply(0);
        double stagesWidth = map.stages().size() * COLUMN;
        List<Shape> parts = new ArrayList<>();
        parts.add(Shape.Rect.filled(new Box(gridLeft, top + 1, stagesWidth, zero - top - 1), 0, Palette.EMOTION_POSITIVE));
        parts.add(Shape.Rect.filled(new Box(gridLeft, zero, stagesWidth, top + height - zero), 0, Palette.EMOTION_NEGATIVE));
        parts.add(new Shape.Line(gridLeft, zero, gridLeft + stagesWidth, zero,
                Shape.Outline.dashed(Palette.GHOST_BORDER, 1)));
        for (int score : new int[] {Emotion.MAX, 0, Emotion.MIN}) {
            parts.add(text(gridLeft - 10, yOf.apply(score) - 8, List.of(signed(score)), TICK, 16,
                    new Box(gridLeft - 40, yOf.apply(score) - 8, 30, 16)));
        }
        List<double[]> run = new ArrayList<>();
        for (int i = 0; i <= map.stages().size(); i++) {
            Optional<Emotion> emotion = i < map.stages().size() ? map.stages().get(i).emotion() : Optional.empty();
            if (emotion.isPresent()) {
                run.add(new double[] {columnLeft(i) + COLUMN / 2, yOf.apply(emotion.get().score())});
            } else {
                if (run.size() > 1) {
                    parts.add(new Shape.Path(MonotoneCurve.through(run), Optional.empty(),
                            Optional.of(Shape.Outline.solid(Palette.EMOTION_LINE, 2.5))));
                }
                run.clear();
            }
        }
        shapes.add(group(Shape.Role.PART, "", List.of("emotion-curve"), "", new Box(gridLeft, top, stagesWidth, height),
                parts));
        for (int i = 0; i < map.stages().size(); i++) {
            Stage stage = map.stages().get(i);
            if (stage.emotion().isEmpty()) {
                continue;
            }
            Emotion emotion = stage.emotion().get();
            double cx = columnLeft(i) + COLUMN / 2;
            double cy = yOf.apply(emotion.score());
            List<Shape> marker = new ArrayList<>();
            marker.add(Shape.Ellipse.circle(cx, cy, 7.5, Optional.of(Palette.emotion(emotion.score())),
                    Optional.of(Shape.Outline.solid(Palette.WHITE, 2.5))));
            String score = signed(emotion.score());
            String word = emotion.word().isBlank() ? score : score + " " + clean(emotion.word());
            List<String> lines = metrics.wrap(word, COLUMN - 28, EMOTION_WORD, 2);
            double labelHeight = lines.size() * 15 + 6;
            double labelWidth = lines.stream().mapToDouble(line -> metrics.width(line, EMOTION_WORD)).max().orElse(0) + 12;
            // Below the marker when the emotion is positive, above it otherwise, to stay inside the lane.
            double labelTop = emotion.score() > 0 ? cy + 13 : cy - 13 - labelHeight;
            Box label = new Box(cx - labelWidth / 2, labelTop, labelWidth, labelHeight);
            marker.add(new Shape.Rect(label, 5, Optional.of(new Color(255, 255, 255, 235)),
                    Optional.of(Shape.Outline.solid(Palette.GRID, 1))));
            marker.add(text(cx, labelTop + 3, lines, EMOTION_WORD, 15, label));
            cell(stage, "emotion", new Box(columnLeft(i), top, COLUMN, height), marker);
        }
        return top + height;
    }

    /** A score with its sign, and a true minus sign rather than a hyphen: +2, 0, −1. */
    private static String signed(int score) {
        return score > 0 ? "+" + score : score < 0 ? "−" + (-score) : "0";
    }

    // ---------------------------------------------------------------- touchpoint cards

    private double touchpointLane(double top, boolean online) {
        List<List<Card>> columns = new ArrayList<>();
        double height = 0;
        for (Stage stage : map.stages()) {
            List<Card> cards = new ArrayList<>();
            for (Touchpoint touchpoint : map.touchpointsOf(stage.key())) {
                if (touchpoint.online() == online) {
                    cards.add(card(touchpoint, false));
                }
            }
            for (Touchpoint removed : changes.removedTouchpointsIn(map, stage.key())) {
                if (removed.online() == online) {
                    cards.add(card(removed, true));
                }
            }
            columns.add(cards);
            double stack = cards.stream().mapToDouble(Card::height).sum() + Math.max(0, cards.size() - 1) * CARD_GAP;
            height = Math.max(height, stack);
        }
        String lane = online ? "touchpoints-online" : "touchpoints-offline";
        double rowHeight = rowBackground(top, lane, online ? labels.touchpointsOnline() : labels.touchpointsOffline(),
                Palette.TOUCHPOINT_LANES, height + 2 * PAD + 6);
        for (int i = 0; i < columns.size(); i++) {
            double x = columnLeft(i) + PAD;
            double y = top + PAD + 6;
            for (Card card : columns.get(i)) {
                shapes.add(card.draw(x, y));
                y += card.height() + CARD_GAP;
            }
        }
        return top + rowHeight;
    }

    private static final double ICON = 28;
    private static final double BAND_HEIGHT = 22;
    private static final double TEXT_LEFT = 10 + ICON + 8;
    private static final double TEXT_WIDTH = CARD_WIDTH - TEXT_LEFT - 10;

    /** A touchpoint card, measured; {@link #draw} places it. */
    private Card card(Touchpoint touchpoint, boolean ghost) {
        Optional<TouchpointFigures> figures = ghost ? Optional.empty() : overlay.figuresOf(touchpoint.key());
        Optional<ElementChange.Kind> change = ghost ? Optional.of(ElementChange.Kind.REMOVED)
                : changes.touchpoint(touchpoint.key());
        List<String> name = metrics.wrap(clean(touchpoint.name()), TEXT_WIDTH, CARD_NAME, CARD_NAME_LINES);
        boolean goal = !ghost && map.conversion().filter(touchpoint.key()::equals).isPresent();
        List<String> details = new ArrayList<>();
        figures.ifPresent(values -> {
            List<String> parts = new ArrayList<>();
            values.volume().ifPresent(volume -> parts.add(events(volume)));
            values.conversion().ifPresent(share -> parts.add(String.format(labels.locale(), labels.conversion(),
                    percent(share))));
            if (!parts.isEmpty()) {
                details.addAll(metrics.wrap(String.join(" · ", parts), TEXT_WIDTH, CARD_DETAIL, 2));
            }
        });
        List<ScoreBadge> scores = figures.map(TouchpointFigures::scores).orElse(List.of());
        List<List<Badge>> badgeRows = badgeRows(scores);
        double textHeight = name.size() * 16 + (goal ? 15 : 0) + (details.isEmpty() ? 0 : 3 + details.size() * 14);
        double height = (figures.isPresent() ? BAND_HEIGHT : 0) + 10 + Math.max(ICON, textHeight)
                + (badgeRows.isEmpty() ? 0 : 8 + badgeRows.size() * 26 - 6) + 10;
        return new Card(touchpoint, ghost, figures, change, name, goal, details, badgeRows, height);
    }

    private String events(long volume) {
        String count = NumberFormat.getIntegerInstance(labels.locale()).format(volume);
        return String.format(labels.locale(), volume == 1 ? labels.oneEvent() : labels.events(), count);
    }

    private String percent(double share) {
        NumberFormat format = NumberFormat.getPercentInstance(labels.locale());
        // 3.4 % says more than 3 %; past 10 % a whole number is precise enough on a poster.
        format.setMaximumFractionDigits(share > 0 && share < 0.1 ? 1 : 0);
        return format.format(share);
    }

    private record Badge(String text, KpiStatus status, double width) {}

    private List<List<Badge>> badgeRows(List<ScoreBadge> scores) {
        double available = CARD_WIDTH - 20;
        List<List<Badge>> rows = new ArrayList<>();
        List<Badge> row = new ArrayList<>();
        double x = 0;
        for (ScoreBadge score : scores) {
            String label = metrics.fit(Palette.mark(score.status()) + " " + clean(score.label()) + " "
                    + clean(score.value()), available - 14, BADGE);
            double badgeWidth = metrics.width(label, BADGE) + 14;
            if (!row.isEmpty() && x + badgeWidth > available) {
                rows.add(row);
                row = new ArrayList<>();
                x = 0;
            }
            row.add(new Badge(label, score.status(), badgeWidth));
            x += badgeWidth + 6;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private final class Card {
        private final Touchpoint touchpoint;
        private final boolean ghost;
        private final Optional<TouchpointFigures> figures;
        private final Optional<ElementChange.Kind> change;
        private final List<String> name;
        private final boolean goal;
        private final List<String> details;
        private final List<List<Badge>> badgeRows;
        private final double height;

        Card(Touchpoint touchpoint, boolean ghost, Optional<TouchpointFigures> figures,
                Optional<ElementChange.Kind> change, List<String> name, boolean goal, List<String> details,
                List<List<Badge>> badgeRows, double height) {
            this.touchpoint = touchpoint;
            this.ghost = ghost;
            this.figures = figures;
            this.change = change;
            this.name = name;
            this.goal = goal;
            this.details = details;
            this.badgeRows = badgeRows;
            this.height = height;
        }

        double height() {
            return height;
        }

        Shape.Group draw(double x, double y) {
            Box box = new Box(x, y, CARD_WIDTH, height);
            List<Shape> parts = new ArrayList<>();
            Optional<KpiStatus> status = figures.map(TouchpointFigures::status);
            change.filter(kind -> kind != ElementChange.Kind.REMOVED).ifPresent(kind -> parts.add(new Shape.Rect(
                    box.grow(3.5), 11, Optional.empty(),
                    Optional.of(Shape.Outline.solid(Palette.change(kind), kind == ElementChange.Kind.ADDED ? 2.5 : 1.5)))));
            if (ghost) {
                parts.add(new Shape.Rect(box, 8, Optional.of(Palette.GHOST_FILL),
                        Optional.of(Shape.Outline.dashed(Palette.GHOST_BORDER, 1.5))));
            } else {
                Color fill = status.map(Palette::tint).orElse(Palette.WHITE);
                Color border = status.filter(s -> s != KpiStatus.NONE).map(Palette::strong).orElse(Palette.CARD_BORDER);
                parts.add(new Shape.Rect(box, 8, Optional.of(fill), Optional.of(Shape.Outline.solid(border, 1.5))));
            }
            double bodyTop = y;
            if (status.isPresent()) {
                KpiStatus value = status.get();
                parts.add(new Shape.Path(topRoundedBand(new Box(x, y, CARD_WIDTH, BAND_HEIGHT), 8),
                        Optional.of(Palette.strong(value)), Optional.empty()));
                String word = metrics.fit(Palette.mark(value) + " " + labels.statuses().get(value), CARD_WIDTH - 20, BAND);
                parts.add(text(x + 10, y + 2, List.of(word), BAND.colour(Palette.onStrong(value)), 18, CARD_WIDTH - 20));
                bodyTop += BAND_HEIGHT;
            }
            Color ink = ghost ? Palette.MUTED : Palette.INK;
            double iconX = x + 10 + ICON / 2;
            double iconY = bodyTop + 10 + ICON / 2;
            parts.add(Shape.Ellipse.circle(iconX, iconY, ICON / 2,
                    Optional.of(ghost ? Palette.WHITE : Palette.ICON_BACKGROUND), Optional.empty()));
            parts.addAll(ChannelIcons.glyph(touchpoint.channel(), iconX, iconY, 16, ghost ? Palette.GHOST_BORDER : Palette.ICON));
            double textX = x + TEXT_LEFT;
            double textY = bodyTop + 10 + (name.size() == 1 && !goal && details.isEmpty() ? 6 : 0);
            parts.add(text(textX, textY, name, CARD_NAME.colour(ink), 16, TEXT_WIDTH));
            textY += name.size() * 16;
            if (goal) {
                parts.add(text(textX, textY, List.of(metrics.fit(Palette.symbol("★", "*") + " " + labels.conversionGoal(),
                        TEXT_WIDTH, CARD_GOAL)), CARD_GOAL, 15, TEXT_WIDTH));
                textY += 15;
            }
            if (!details.isEmpty()) {
                parts.add(text(textX, textY + 3, details, CARD_DETAIL, 14, TEXT_WIDTH));
            }
            double badgeY = bodyTop + 10 + Math.max(ICON, name.size() * 16 + (goal ? 15 : 0)
                    + (details.isEmpty() ? 0 : 3 + details.size() * 14)) + 8;
            for (List<Badge> row : badgeRows) {
                double badgeX = x + 10;
                for (Badge badge : row) {
                    Box pill = new Box(badgeX, badgeY, badge.width(), 20);
                    parts.add(new Shape.Rect(pill, 10, Optional.of(Palette.tint(badge.status())),
                            Optional.of(Shape.Outline.solid(Palette.strong(badge.status()), 1.2))));
                    parts.add(text(badgeX + 7, badgeY + 1, List.of(badge.text()), BADGE, 18, badge.width() - 14));
                    badgeX += badge.width() + 6;
                }
                badgeY += 26;
            }
            change.ifPresent(kind -> parts.addAll(changeBadge(kind, box.right() - 8, box.y())));

            List<String> classes = new ArrayList<>();
            classes.add("touchpoint");
            if (ghost) {
                classes.add("ghost");
            }
            status.ifPresent(value -> classes.add("status-" + value.id()));
            classes.add(touchpoint.online() ? "online" : "offline");
            change.ifPresent(kind -> classes.add("change-" + kind.id()));
            if (goal) {
                classes.add("conversion-goal");
            }
            return group(ghost ? Shape.Role.REMOVED_TOUCHPOINT : Shape.Role.TOUCHPOINT, touchpoint.key(), classes,
                    accessibleLabel(), box, parts);
        }

        /** What a screen reader says on focus: name and channel, status in words, figures, goal, change. */
        private String accessibleLabel() {
            List<String> facts = new ArrayList<>();
            figures.ifPresent(values -> {
                facts.add(labels.statuses().get(values.status()));
                values.volume().ifPresent(volume -> facts.add(events(volume)));
                values.conversion().ifPresent(share -> facts.add(String.format(labels.locale(), labels.conversion(),
                        percent(share))));
                for (ScoreBadge score : values.scores()) {
                    facts.add(clean(score.label()) + " " + clean(score.value()) + " ("
                            + labels.statuses().get(score.status()).toLowerCase(labels.locale()) + ")");
                }
            });
            if (goal) {
                facts.add(labels.conversionGoal());
            }
            change.ifPresent(kind -> facts.add(changeWords(kind, ghost ? List.of() : changes.touchpointFields(touchpoint.key()))));
            String head = clean(touchpoint.name()) + " (" + labels.channels().get(touchpoint.channel()) + ")";
            return facts.isEmpty() ? head : head + ": " + String.join(", ", facts);
        }
    }

    /** "changed (name, match)": the change, and for a changed element which of its fields changed. */
    private String changeWords(ElementChange.Kind kind, List<String> fields) {
        String word = labels.changes().get(kind);
        return kind == ElementChange.Kind.CHANGED && !fields.isEmpty() ? word + " (" + String.join(", ", fields) + ")" : word;
    }

    /** A rectangle whose two top corners are rounded, for the status band at the top of a card. */
    private static List<Shape.Step> topRoundedBand(Box box, double radius) {
        // 0.5523 places cubic control points so that the curve matches a quarter circle.
        double k = radius * 0.5523;
        double left = box.x();
        double right = box.right();
        double top = box.y();
        return List.of(new Shape.MoveTo(left, box.bottom()), new Shape.LineTo(left, top + radius),
                new Shape.CurveTo(left, top + radius - k, left + radius - k, top, left + radius, top),
                new Shape.LineTo(right - radius, top),
                new Shape.CurveTo(right - radius + k, top, right, top + radius - k, right, top + radius),
                new Shape.LineTo(right, box.bottom()), new Shape.Close());
    }

    /** A small pill ("NEW", "CHANGED") straddling the top edge of a card or header, right-aligned at {@code right}. */
    private List<Shape> changeBadge(ElementChange.Kind kind, double right, double top) {
        String word = labels.changes().get(kind).toUpperCase(labels.locale());
        double badgeWidth = metrics.width(word, CHANGE_BADGE) + 12;
        Box pill = new Box(right - badgeWidth, top - 8, badgeWidth, 16);
        return List.of(new Shape.Rect(pill, 8, Optional.of(Palette.change(kind)),
                        Optional.of(Shape.Outline.solid(Palette.WHITE, 1.5))),
                text(pill.x() + 6, pill.y(), List.of(word), CHANGE_BADGE, 16, pill.width() - 12));
    }

    // ---------------------------------------------------------------- notes

    /** Under the map, what was removed with its stage, so it has no column left to be drawn in. */
    private double removedNote(double gridBottom) {
        List<String> lines = new ArrayList<>();
        for (Stage stage : changes.removedStages()) {
            lines.add(labels.removedStage() + ": " + clean(stage.name()));
        }
        JourneyMap older = changes.older().orElse(null);
        for (Touchpoint touchpoint : changes.removedWithTheirStage(map)) {
            String stageName = older == null ? touchpoint.stage()
                    : older.stage(touchpoint.stage()).map(Stage::name).orElse(touchpoint.stage());
            lines.add(clean(touchpoint.name()) + " (" + clean(stageName) + ")");
        }
        if (lines.isEmpty()) {
            return gridBottom;
        }
        return note(gridBottom + 24, labels.removedNote(), lines);
    }

    /** A dashed box with a bold heading and lines of text under it. */
    private double note(double top, String heading, List<String> lines) {
        double boxWidth = Math.min(width - 2 * MARGIN, 720);
        double textWidth = boxWidth - 32;
        List<Shape> parts = new ArrayList<>();
        List<String> title = metrics.wrap(clean(heading), textWidth, NOTE_TITLE, 3);
        List<String> body = lines.stream().flatMap(line -> metrics.wrap("• " + line, textWidth, NOTE, 3).stream())
                .toList();
        double height = 16 + title.size() * 18 + (body.isEmpty() ? 0 : 6 + body.size() * 17) + 14;
        Box box = new Box(MARGIN, top, boxWidth, height);
        parts.add(new Shape.Rect(box, 8, Optional.of(Palette.GHOST_FILL),
                Optional.of(Shape.Outline.dashed(Palette.GHOST_BORDER, 1.5))));
        parts.add(text(MARGIN + 16, top + 14, title, NOTE_TITLE, 18, textWidth));
        if (!body.isEmpty()) {
            parts.add(text(MARGIN + 16, top + 14 + title.size() * 18 + 6, body, NOTE, 17, textWidth));
        }
        shapes.add(group(Shape.Role.PART, "", List.of("note"), "", box, parts));
        return top + height;
    }

    // ---------------------------------------------------------------- text alternative

    private String description() {
        List<String> sentences = new ArrayList<>();
        sentences.add(clean(map.name()));
        sentences.add(labels.persona() + ": " + personaName());
        sentences.add(labels.state(map.state()));
        if (map.stages().isEmpty()) {
            sentences.add(labels.noStages().replaceAll("\\.$", ""));
            return String.join(". ", sentences) + ".";
        }
        sentences.add(String.format(labels.locale(), labels.stagesSummary(), map.stages().size(),
                String.join(", ", map.stages().stream().map(stage -> clean(stage.name())).toList())));
        sentences.add(String.format(labels.locale(), labels.touchpointsSummary(), map.touchpoints().size()));
        for (KpiStatus status : KpiStatus.values()) {
            List<String> names = map.touchpoints().stream()
                    .filter(touchpoint -> overlay.figuresOf(touchpoint.key()).map(TouchpointFigures::status)
                            .filter(status::equals).isPresent())
                    .map(touchpoint -> clean(touchpoint.name())).toList();
            if (!names.isEmpty()) {
                sentences.add(labels.statuses().get(status) + ": " + String.join(", ", names));
            }
        }
        if (changes.comparing()) {
            List<String> changed = new ArrayList<>();
            for (ElementChange.Kind kind : LEGEND_ORDER) {
                List<String> names = new ArrayList<>();
                map.stages().stream().filter(stage -> changes.stage(stage.key()).filter(kind::equals).isPresent())
                        .forEach(stage -> names.add(clean(stage.name())));
                map.touchpoints().stream()
                        .filter(touchpoint -> changes.touchpoint(touchpoint.key()).filter(kind::equals).isPresent())
                        .forEach(touchpoint -> names.add(clean(touchpoint.name())));
                if (kind == ElementChange.Kind.REMOVED) {
                    changes.removedStages().forEach(stage -> names.add(clean(stage.name())));
                    changes.older().ifPresent(older -> older.touchpoints().stream()
                            .filter(touchpoint -> changes.touchpoint(touchpoint.key()).filter(kind::equals).isPresent())
                            .forEach(touchpoint -> names.add(clean(touchpoint.name()))));
                }
                if (!names.isEmpty()) {
                    changed.add(labels.changes().get(kind) + ": " + String.join(", ", names));
                }
            }
            if (!changed.isEmpty()) {
                sentences.add(labels.changesLegend() + " (" + String.join("; ", changed) + ")");
            }
        }
        return String.join(". ", sentences) + ".";
    }

    // ---------------------------------------------------------------- helpers

    /** User text as the drawing shows it: without characters XML forbids, on one line. */
    private static String clean(String text) {
        return Xml.clean(text).strip();
    }

    /** Lines of text whose first line box starts at {@code top}, in an area {@code areaWidth} wide. */
    private Shape.Text text(double x, double top, List<String> lines, Shape.TextStyle style, double lineHeight,
            double areaWidth) {
        return text(x, top, lines, style, lineHeight, new Box(x, top, areaWidth, lines.size() * lineHeight));
    }

    private Shape.Text text(double x, double top, List<String> lines, Shape.TextStyle style, double lineHeight,
            Box area) {
        // The baseline that centres the capital letters (about 0.7 em tall) in the line box.
        double baseline = top + (lineHeight + style.size() * 0.7) / 2;
        List<Double> widths = lines.stream().map(line -> metrics.width(line, style)).toList();
        return new Shape.Text(x, baseline, lines, widths, style, lineHeight, area);
    }

    private static Shape.Group group(Shape.Role role, String key, List<String> classes, String label, Box area,
            List<Shape> parts) {
        return new Shape.Group(role, key, classes, label, area, parts);
    }
}
