package io.parcours.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags of a command that runs the server: {@link DataFolder}'s {@code --data}, the
 * configuration file, the address, the public URL, the SMTP server that sends survey invitations,
 * the first admin's address and the log. Each flag sets a key of {@link ConfigKeys}, which an
 * environment variable or the configuration file may set too; a flag given wins. Flags are read as
 * text and checked with the other sources, so a wrong value is reported the same way wherever it
 * comes from. The SMTP password has no flag: other users of the machine can read a command line.
 */
final class ServerFlags {
    /** Declares {@code --data}; its value is read, with the other settings, through the configuration. */
    @Mixin
    DataFolder data;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The end of the help of the serving commands. */
    static final String FOOTER = "%nEvery flag has a configuration key and an environment variable; many more settings "
            + "have only those. Precedence: flag, environment variable, configuration file, default. "
            + "'parcours config' prints them all with their sources; docs/operations.md describes each.%n";

    @Option(names = "--config", paramLabel = "FILE",
            description = "A configuration file of 'key = value' lines (default: the file named by the environment "
                    + "variable PARCOURS_CONFIG, or none).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL customers reach Parcours at, for the links in survey e-mails (default: the listening address).")
    String publicUrl;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "Send survey invitations by e-mail through this SMTP server.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", description = "The SMTP port (default: ${DEFAULT-VALUE}).")
    String smtpPort;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "The sender of survey e-mails, such as surveys@example.com.")
    String smtpFrom;

    @Option(names = "--smtp-user", paramLabel = "NAME",
            description = "The SMTP login; its password comes from the environment variable PARCOURS_SMTP_PASSWORD "
                    + "or the configuration file (smtp.password).")
    String smtpUser;

    @Option(names = "--smtp-starttls", negatable = true, fallbackValue = "true",
            description = "Require STARTTLS (default: on; --no-smtp-starttls for a local relay).")
    Boolean startTls;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS[,ADDRESS...]",
            description = "The IP addresses of the reverse proxies in front of Parcours: the client of a request one of "
                    + "them forwards is read from its X-Forwarded-For header, so that limits count each client.")
    String trustedProxies;

    @Option(names = "--admin-email", paramLabel = "ADDRESS",
            description = "The address the first admin logs in with, made on the first start (default: ${DEFAULT-VALUE}).")
    String adminEmail;

    @Option(names = "--ip", paramLabel = "POLICY",
            description = "What to store of the IP address events carry in context.ip: drop, truncate (192.168.17.0 for "
                    + "192.168.17.42) or keep (default: ${DEFAULT-VALUE}).")
    String ip;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text, or json for one JSON object a line on standard error (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "The level of Parcours's own messages: error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    /** Where the command prints. */
    java.io.PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The configuration of the command: its flags given, this process's environment, the file. */
    Configuration configuration() {
        Map<ConfigKey, Configuration.Flag> given = new HashMap<>();
        for (OptionSpec option : command.commandLine().getParseResult().matchedOptions()) {
            ConfigKey key = ConfigKeys.BY_FLAG.get(option.longestName());
            if (key != null) {
                Object value = option.getValue();
                String written = option.negatable() && Boolean.FALSE.equals(value)
                        ? "--no-" + option.longestName().substring(2) : option.longestName();
                given.put(key, new Configuration.Flag(String.valueOf(value), written));
            }
        }
        try {
            return Configuration.resolve(given, Optional.ofNullable(config), System.getenv());
        } catch (ConfigException wrong) {
            // A wrong flag points to the command's help, as picocli's own errors do.
            String help = " (see '" + command.qualifiedName() + " --help')";
            throw new ConfigException(wrong.problems().stream().map(problem -> given.values().stream()
                    .anyMatch(flag -> problem.startsWith(flag.written() + ":")) ? problem + help : problem).toList());
        }
    }
}
