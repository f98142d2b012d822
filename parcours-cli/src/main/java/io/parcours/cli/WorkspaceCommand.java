package io.parcours.cli;

import io.parcours.io.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command on one workspace of a data folder that prints either lines for people or, with
 * {@code --json}, the JSON the API answers with.
 */
abstract class WorkspaceCommand implements Callable<Integer> {
    @Mixin
    DataFolder data;

    @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
    String workspace;

    @Option(names = "--json", description = "Print the API's JSON instead of lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** Prints {@code value} as JSON with {@code --json}, else {@code text}. */
    void print(Object value, String text) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n" : text);
        out.flush();
    }
}
