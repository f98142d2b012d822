package io.parcours.cli;

import java.util.List;

/**
 * The configuration of a serving command is wrong: every problem found, each one line naming the
 * key, where its value came from and what is allowed (never a secret's value). The command exits
 * with 2, as for a wrong command line.
 */
final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
