package io.parcours.server;

import io.parcours.model.ParcoursException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * How a server is set up beyond its address: the URL customers reach it at (for the links in
 * survey e-mails; the listening address when absent), the SMTP server that sends survey
 * invitations (none: no e-mail is sent, and the links stay available through the API), the
 * clock (tests move their own), and the addresses of the reverse proxies whose
 * {@code X-Forwarded-For} names the client (ClientAddress).
 */
public record ServerOptions(Optional<String> publicUrl, Optional<Smtp> smtp, Clock clock, Set<String> trustedProxies) {
    /** An SMTP server to send through: host, port, sender address, optional login, STARTTLS or not. */
    public record Smtp(String host, int port, String from, Optional<String> username, Optional<String> password,
            boolean startTls) {
        public Smtp {
            if (host == null || host.isBlank()) {
                throw ParcoursException.invalid("smtp-host", "the SMTP host is empty: give --smtp-host, such as smtp.example.com");
            }
            if (port < 1 || port > 65535) {
                throw ParcoursException.invalid("smtp-port", "the SMTP port must be from 1 to 65535, not " + port);
            }
            if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) {
                throw ParcoursException.invalid("smtp-from", "give the sender as --smtp-from surveys@example.com, not '"
                        + from + "'");
            }
        }
    }

    public ServerOptions {
        trustedProxies = Set.copyOf(trustedProxies);
        for (String proxy : trustedProxies) {
            if (!proxy.matches("[0-9A-Fa-f:.]{2,45}")) {
                throw ParcoursException.invalid("trusted-proxy", "a trusted proxy is an IP address such as 127.0.0.1 or ::1, "
                        + "not '" + proxy + "'");
            }
        }
        publicUrl = publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        publicUrl.ifPresent(url -> {
            try {
                URI uri = URI.create(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw ParcoursException.invalid("public-url", "the public URL must be http(s)://host[:port], such as "
                        + "https://parcours.example.com, not '" + url + "'");
            }
        });
    }

    public static ServerOptions defaults() {
        return new ServerOptions(Optional.empty(), Optional.empty(), Clock.systemUTC(), Set.of());
    }

    public ServerOptions withSmtp(Smtp newSmtp) {
        return new ServerOptions(publicUrl, Optional.of(newSmtp), clock, trustedProxies);
    }

    public ServerOptions withPublicUrl(String url) {
        return new ServerOptions(Optional.of(url), smtp, clock, trustedProxies);
    }

    public ServerOptions withTrustedProxies(Set<String> proxies) {
        return new ServerOptions(publicUrl, smtp, clock, proxies);
    }
}
