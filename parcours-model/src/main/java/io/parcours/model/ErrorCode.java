package io.parcours.model;

/**
 * The categories of failure that Parcours reports. The HTTP layer maps each code to a status;
 * the command lines (parcours and the Spark job) exit with {@link #exitCode()}.
 */
public enum ErrorCode {
    /** The input is malformed or breaks a rule of the model; the message says how to fix it. */
    INVALID_INPUT,
    /** The thing asked for does not exist. */
    NOT_FOUND,
    /** The request is valid but clashes with what is stored (for example a key already taken). */
    CONFLICT,
    /** No credentials, or credentials that are not valid. */
    UNAUTHENTICATED,
    /** Valid credentials that do not allow this action. */
    FORBIDDEN,
    /** What was asked for existed but is no longer available (an expired survey invitation). */
    GONE,
    /** The input is larger than the documented limit. */
    TOO_LARGE,
    /** Parcours is receiving more than it can take right now; try again shortly. */
    OVERLOADED,
    /** The data folder or database cannot be used (locked by another process, unreadable, full). */
    STORAGE,
    /** A fault inside Parcours; never the caller's fault. */
    INTERNAL;

    /** The exit code of a command that fails this way (0 is success, 2 a bad command line). */
    public int exitCode() {
        return switch (this) {
            case INVALID_INPUT, TOO_LARGE -> 3;
            case NOT_FOUND, GONE -> 4;
            case CONFLICT -> 5;
            case STORAGE -> 6;
            case OVERLOADED -> 75;
            case UNAUTHENTICATED, FORBIDDEN -> 7;
            case INTERNAL -> 70;
        };
    }
}
