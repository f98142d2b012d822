package io.parcours.server;

import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an editor's form shows: the value of each field (as stored, or as the user typed it when the
 * save was refused), the problem found with each field, and the problems that belong to no field.
 * A refused save shows the form again with every value the user typed kept.
 */
public final class EditForm {
    private final Map<String, String> values;
    private final Map<String, String> errors;
    private final List<String> general;

    private EditForm(Map<String, String> values, Map<String, String> errors, List<String> general) {
        this.values = values;
        this.errors = errors;
        this.general = general;
    }

    /** A form showing these values, with no problems. */
    static EditForm of(Map<String, String> values) {
        return new EditForm(new LinkedHashMap<>(values), new LinkedHashMap<>(), new ArrayList<>());
    }

    /**
     * The same values with the problems of {@code error} placed on their fields: a problem's field
     * path ({@code customerGoals[2]}, {@code match[1].where}) goes to the first of {@code fields}
     * that it starts with (the longest first), else to the form as a whole.
     */
    EditForm withProblems(ParcoursException error, Set<String> fields) {
        EditForm form = new EditForm(values, new LinkedHashMap<>(errors), new ArrayList<>(general));
        List<Problem> problems = error.problems().isEmpty() ? List.of(Problem.of(error.field(), error.getMessage()))
                : error.problems();
        List<String> byLength = fields.stream().sorted((a, b) -> b.length() - a.length()).toList();
        for (Problem problem : problems) {
            String field = byLength.stream().filter(name -> belongsTo(problem.field(), name)).findFirst().orElse("");
            if (field.isEmpty()) {
                form.general.add(problem.field().isEmpty() ? problem.message() : problem.field() + ": " + problem.message());
            } else {
                form.errors.merge(field, problem.message(), (a, b) -> a + " " + b);
            }
        }
        return form;
    }

    /** The same values with one message for the form as a whole. */
    EditForm withMessage(String message) {
        EditForm form = new EditForm(values, errors, new ArrayList<>(general));
        form.general.add(message);
        return form;
    }

    private static boolean belongsTo(String path, String field) {
        String dotted = path.replaceAll("\\[(\\d+)]", ".$1");
        return dotted.equals(field) || dotted.startsWith(field + ".") || dotted.startsWith(field + "[");
    }

    public String value(String name) {
        return values.getOrDefault(name, "");
    }

    public boolean checked(String name, String value) {
        return value(name).equals(value);
    }

    public String error(String name) {
        return errors.getOrDefault(name, "");
    }

    /** "true" for a field with a problem, for {@code aria-invalid}; null (no attribute) otherwise. */
    public String invalid(String name) {
        return errors.containsKey(name) ? "true" : null;
    }

    public List<String> general() {
        return general;
    }

    public boolean hasProblems() {
        return !errors.isEmpty() || !general.isEmpty();
    }
}
