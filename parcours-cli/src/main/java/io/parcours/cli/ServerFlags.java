package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.server.ServerOptions;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a command that runs the server, beyond its address: the public URL and the SMTP
 * server that sends survey invitations. The SMTP password is read from the environment variable
 * {@code PARCOURS_SMTP_PASSWORD}, never from the command line, where other users of the machine
 * could read it.
 */
final class ServerFlags {
    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL customers reach Parcours at, for the links in survey e-mails (default: the listening address).")
    String publicUrl;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "Send survey invitations by e-mail through this SMTP server.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "587", description = "The SMTP port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "The sender of survey e-mails, such as surveys@example.com.")
    String smtpFrom;

    @Option(names = "--smtp-user", paramLabel = "NAME",
            description = "The SMTP login; its password comes from the environment variable PARCOURS_SMTP_PASSWORD.")
    String smtpUser;

    @Option(names = "--smtp-starttls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Require STARTTLS (default: on; --no-smtp-starttls for a local relay).")
    boolean startTls;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "The IP address of a reverse proxy in front of Parcours (repeat for several): the client of a "
                    + "request it forwards is read from its X-Forwarded-For header, so that limits count each client.")
    java.util.List<String> trustedProxies = new java.util.ArrayList<>();

    @Option(names = "--admin-email", paramLabel = "ADDRESS", defaultValue = io.parcours.server.ParcoursServer.FIRST_ADMIN_EMAIL,
            description = "The address the first admin logs in with, made on the first start (default: ${DEFAULT-VALUE}).")
    String adminEmail;

    String adminEmail() {
        return adminEmail;
    }

    ServerOptions options() {
        ServerOptions options = ServerOptions.defaults().withTrustedProxies(java.util.Set.copyOf(trustedProxies));
        if (publicUrl != null) {
            options = options.withPublicUrl(publicUrl);
        }
        if (smtpHost == null) {
            if (smtpFrom != null || smtpUser != null) {
                throw ParcoursException.invalid("smtp-host", "--smtp-from and --smtp-user need --smtp-host");
            }
            return options;
        }
        Optional<String> password = Optional.ofNullable(System.getenv("PARCOURS_SMTP_PASSWORD"));
        if (smtpUser != null && password.isEmpty()) {
            throw ParcoursException.invalid("smtp-user", "--smtp-user needs the password in the environment variable "
                    + "PARCOURS_SMTP_PASSWORD");
        }
        return options.withSmtp(new ServerOptions.Smtp(smtpHost, smtpPort, smtpFrom, Optional.ofNullable(smtpUser),
                smtpUser == null ? Optional.empty() : password, startTls));
    }
}
