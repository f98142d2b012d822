package io.parcours.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parcours config}: checks the configuration that {@code parcours serve} would run with (the
 * same flags, environment and file) and prints every setting, its value and where it came from,
 * secrets hidden. A wrong configuration fails as serve would, with exit code 2.
 */
@Command(name = "config", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = {"Check the configuration of 'parcours serve' and 'parcours demo' and print each setting, its "
                + "value and its source (flag, environment variable, file:line or default); secrets are hidden.",
            "Give the same flags as to serve. Exit code 2 and one line per problem when something is wrong."},
        footer = ServerFlags.FOOTER)
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ServerFlags flags;

    @Override
    public Integer call() {
        Configuration configuration = flags.configuration();
        PrintWriter out = flags.out();
        out.println("Configuration file: " + configuration.file().map(Object::toString)
                .orElse("none (--config FILE, or the environment variable " + Configuration.FILE_VARIABLE + ")"));
        List<Configuration.Setting> settings = configuration.settings();
        int keyWidth = Math.max(3, settings.stream().mapToInt(setting -> setting.key().name().length()).max().orElse(0));
        int valueWidth = Math.max(5, settings.stream().mapToInt(setting -> setting.shown().length()).max().orElse(0));
        String format = "%-" + keyWidth + "s  %-" + valueWidth + "s  %s%n";
        out.printf(format, "KEY", "VALUE", "SOURCE");
        for (Configuration.Setting setting : settings) {
            out.printf(format, setting.key().name(), setting.shown(), setting.source().where());
        }
        configuration.exposedSecret().ifPresent(warning -> out.println("Warning: " + warning));
        out.flush();
        return 0;
    }
}
