package io.parcours.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The defaults picocli shows in the help of the serving commands: those of {@link ConfigKeys}. */
final class ConfigDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option) {
            ConfigKey key = ConfigKeys.BY_FLAG.get(option.longestName());
            if (key != null) {
                return key.defaultText().orElse(null);
            }
        }
        return null;
    }
}
