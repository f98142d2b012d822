package io.parcours.server;

import java.util.List;
import java.util.Map;

/**
 * What the measurement pages show (the surveys, one survey's results, the survey builder, the
 * alerts and the hypotheses board), as plain values already written in the page's language. Public
 * only because the compiled templates read them; every text is escaped by the templates.
 */
public final class MeasurementViews {
    private MeasurementViews() {}

    /** One survey in the list: where it is asked, when, and its current figures. */
    public record SurveyRow(String map, String touchpoint, String touchpointName, String key, String type,
            String trigger, String answers, String responseRate, String score, String interval, String target,
            String status, boolean custom) {}

    /** The surveys of one map. */
    public record MapSurveys(String key, String name, int version, List<SurveyRow> surveys) {}

    /** One point of a chart's text alternative: a label and its figures. */
    public record Point(String label, String value, String low, String high) {}

    /** One survey's results: its figures, its scores week by week, the spread of its scores, words and comments. */
    public record SurveyResults(String workspace, String map, String mapName, String touchpoint, String touchpointName,
            String key, String type, String trigger, boolean custom, String metric, String score, String interval,
            String target, String status, String answers, String invited, String responseRate, String chart,
            List<String> series, List<Point> weeks, String distributionChart, List<Point> distribution,
            List<String> words, List<String> phrases, List<TouchpointPanel.Comment> comments, String search) {}

    /** One choice of a select: its value, what it says, whether it is chosen, and the group it is listed under. */
    public record Option(String value, String label, boolean selected, String group) {}

    /**
     * A form as the user filled it: what they typed (kept when it comes back with errors), the
     * error of each field, and a message about the whole form.
     */
    public record Form(Map<String, String> values, Map<String, String> errors, String error, String message) {
        public Form {
            values = Map.copyOf(values);
            errors = Map.copyOf(errors);
        }

        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public boolean checked(String field) {
            return !value(field).isEmpty();
        }

        public String errorOf(String field) {
            return errors.getOrDefault(field, "");
        }

        public boolean hasError(String field) {
            return errors.containsKey(field);
        }

        public boolean failed() {
            return !errors.isEmpty() || !error.isEmpty();
        }
    }

    /** A survey type to choose, with its standard question in each language (the builder puts it in when the type changes). */
    public record TypeOption(String value, String label, boolean selected, String questionEn, String questionFr) {}

    /** The survey builder: the map, the form, the touchpoints to choose from, and the preview (a whole page to frame). */
    public record Builder(String workspace, String map, String mapName, boolean editing, String survey, Form form,
            List<Option> touchpoints, List<TypeOption> types, String preview, String previewError) {}

    /** One alert as the list shows it. */
    public record AlertRow(long id, String workspace, String map, String touchpoint, String touchpointName, String what,
            String message, String openedAt, String owner, String sent, boolean open, String acknowledged,
            String resolvedAt) {}

    /** One group of an experiment: its name, cases, the metric and its 95 % interval. */
    public record GroupLine(String name, String cases, String value, String interval) {}

    /** One group against the first: the difference with its interval, the test, the p-value and the verdict. */
    public record ComparisonLine(String group, String difference, String interval, String test, String pValue,
            String verdict) {}

    /** A hypothesis on the board, with its experiment's result once it runs. */
    public record HypothesisCard(String key, String change, String map, String mapName, String touchpoint,
            String touchpointName, String metric, String expected, String test, String state, String column,
            String verdict, boolean evaluated, String evaluationError, String evidence, List<GroupLine> groups,
            List<ComparisonLine> comparisons, String needed, String seen, String created, String started, String ended,
            String mapVersion) {}

    /** One column of the board and its cards. */
    public record Column(String id, String title, String hint, List<HypothesisCard> cards) {}
}
