package io.parcours.cli;

import io.parcours.io.builtin.Templates;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours template ...}: the built-in map templates, to start a map from a classic stage model. */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "The built-in map templates. Save one with 'parcours template show NAME > my-map.yaml', edit it, import it.",
        subcommands = {TemplateCommand.ListTemplates.class, TemplateCommand.Show.class})
final class TemplateCommand {
    private TemplateCommand() {}

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the templates.")
    static final class ListTemplates implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Templates.Template template : Templates.list()) {
                out.printf("%-16s %s%n%-16s %s%n", template.name(), template.title(), "", template.description());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a template as a map file.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The template's name, from 'parcours template list'.")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(Templates.text(name));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
