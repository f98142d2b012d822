package io.parcours.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The one exception type of Parcours: an {@link ErrorCode}, a message a person can act on, and
 * for invalid input every {@link Problem} found, so that a user can fix them all in one go.
 */
public final class ParcoursException extends RuntimeException {
    private final ErrorCode code;
    private final List<Problem> problems;

    public ParcoursException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public ParcoursException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    private ParcoursException(ErrorCode code, String message, List<Problem> problems, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.problems = List.copyOf(problems);
    }

    /** Invalid input with one problem on one field. */
    public static ParcoursException invalid(String field, String message) {
        return invalid(List.of(Problem.of(field, message)));
    }

    /**
     * The most problems one error carries; the message still counts them all. A hostile file can
     * hold hundreds of thousands (the same persona repeated), which no one reads and which would
     * make the error larger than the file.
     */
    public static final int MAX_PROBLEMS = 200;

    /** Invalid input with all the problems found (the first {@link #MAX_PROBLEMS}); the message summarises them. */
    public static ParcoursException invalid(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-input error needs at least one problem");
        }
        Problem first = problems.get(0);
        String firstText = first.location().map(where -> where + ": " + first.message()).orElse(first.message());
        String message = problems.size() == 1 ? firstText : problems.size() + " problems; the first: " + firstText;
        List<Problem> kept = problems;
        if (problems.size() > MAX_PROBLEMS) {
            kept = new java.util.ArrayList<>(problems.subList(0, MAX_PROBLEMS));
            kept.add(Problem.of("", "and " + (problems.size() - MAX_PROBLEMS) + " more problems: mend these first"));
        }
        return new ParcoursException(ErrorCode.INVALID_INPUT, message, kept, null);
    }

    public static ParcoursException notFound(String message) {
        return new ParcoursException(ErrorCode.NOT_FOUND, message);
    }

    public static ParcoursException conflict(String message) {
        return new ParcoursException(ErrorCode.CONFLICT, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** Every problem found, for invalid input; empty for other codes. */
    public List<Problem> problems() {
        return problems;
    }

    /** The field of the first problem, or empty. */
    public String field() {
        return problems.isEmpty() ? "" : problems.get(0).field();
    }

    /** The same failure with every problem's field put under {@code prefix}. */
    public ParcoursException under(String prefix) {
        if (problems.isEmpty()) {
            return this;
        }
        return invalid(problems.stream().map(problem -> problem.under(prefix)).toList());
    }
}
