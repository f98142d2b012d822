package io.parcours.server;

import io.parcours.io.segment.IpAddresses;
import io.parcours.model.ParcoursException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How a server is set up beyond its address: the URL customers reach it at (for the links in
 * survey e-mails; the listening address when absent), the SMTP server that sends survey
 * invitations (none: no e-mail is sent, and the links stay available through the API), the clock
 * (tests move their own), the {@link Limits} an operator may tune, whether each request is
 * logged, what is stored of the IP addresses events carry (truncated by default), and the
 * addresses of the reverse proxies whose {@code X-Forwarded-For} names the client (ClientAddress).
 */
public record ServerOptions(Optional<String> publicUrl, Optional<Smtp> smtp, Clock clock, Limits limits,
        boolean accessLog, IpAddresses ipAddresses, Set<String> trustedProxies) {
    /**
     * The limits and intervals an operator may change (docs/operations.md, "Configuration"):
     * HTTP threads and request size, how long a login lasts, the lock-out after failed logins, the
     * per-address rate limits of the login form and of the public survey routes, how often the
     * alerts are checked, and how many sets of figures the pages keep and for how long.
     */
    public record Limits(int threads, long maxRequestBytes, Duration sessionLifetime, int loginMaxFailures,
            Duration loginFailureWindow, Duration loginLockout, int loginAddressBurst, Duration loginAddressInterval,
            int surveyAddressBurst, Duration surveyAddressInterval, Duration alertInterval, int figuresEntries,
            Duration figuresMaxAge) {
        /** The values Parcours uses unless told otherwise. */
        public static final Limits DEFAULTS = new Limits(250, ParcoursServer.MAX_REQUEST_BYTES,
                Authentication.SESSION_LIFETIME, People.MAX_FAILURES, People.FAILURE_WINDOW, People.LOCK, 20,
                Duration.ofSeconds(6), SurveyRoutes.BURST, Duration.ofSeconds(1), ParcoursServer.ALERT_INTERVAL,
                FiguresCache.ENTRIES, FiguresCache.MAX_AGE);

        public Limits {
            positive("threads", threads);
            positive("maxRequestBytes", maxRequestBytes);
            positive("loginMaxFailures", loginMaxFailures);
            positive("loginAddressBurst", loginAddressBurst);
            positive("surveyAddressBurst", surveyAddressBurst);
            positive("figuresEntries", figuresEntries);
            for (Duration duration : new Duration[] {sessionLifetime, loginFailureWindow, loginLockout,
                loginAddressInterval, surveyAddressInterval, alertInterval, figuresMaxAge}) {
                if (duration.isNegative() || duration.isZero()) {
                    throw ParcoursException.invalid("limits", "every duration of the server's limits must be positive, not "
                            + duration);
                }
            }
        }

        private static void positive(String name, long value) {
            if (value < 1) {
                throw ParcoursException.invalid(name, name + " must be at least 1, not " + value);
            }
        }
    }

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
        java.util.Objects.requireNonNull(limits, "limits is null");
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
        return new ServerOptions(Optional.empty(), Optional.empty(), Clock.systemUTC(), Limits.DEFAULTS, false,
                IpAddresses.TRUNCATE, Set.of());
    }

    public ServerOptions withSmtp(Smtp newSmtp) {
        return new ServerOptions(publicUrl, Optional.of(newSmtp), clock, limits, accessLog, ipAddresses, trustedProxies);
    }

    public ServerOptions withPublicUrl(String url) {
        return new ServerOptions(Optional.of(url), smtp, clock, limits, accessLog, ipAddresses, trustedProxies);
    }

    public ServerOptions withLimits(Limits newLimits) {
        return new ServerOptions(publicUrl, smtp, clock, newLimits, accessLog, ipAddresses, trustedProxies);
    }

    /** Logs one line per request (method, route pattern, status, duration; never the path, query or headers). */
    public ServerOptions withAccessLog(boolean on) {
        return new ServerOptions(publicUrl, smtp, clock, limits, on, ipAddresses, trustedProxies);
    }

    /** What to store of the IP address events carry in {@code context.ip} (docs/privacy.md). */
    public ServerOptions withIpAddresses(IpAddresses policy) {
        return new ServerOptions(publicUrl, smtp, clock, limits, accessLog, policy, trustedProxies);
    }

    /** The reverse proxies whose {@code X-Forwarded-For} names the client, by IP address. */
    public ServerOptions withTrustedProxies(Set<String> proxies) {
        return new ServerOptions(publicUrl, smtp, clock, limits, accessLog, ipAddresses, proxies);
    }
}
