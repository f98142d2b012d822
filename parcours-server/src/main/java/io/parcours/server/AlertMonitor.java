package io.parcours.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parcours.analytics.measure.Estimate;
import io.parcours.analytics.measure.KpiStatistics;
import io.parcours.analytics.measure.KpiStatus;
import io.parcours.io.Json;
import io.parcours.model.JourneyMap;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.Alert;
import io.parcours.store.AlertRecords;
import io.parcours.store.ParcoursStore;
import io.parcours.store.WorkspaceSummary;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches every touchpoint that has a KPI target and tells its owning team when it needs action.
 * Each pass compares the last {@code window} (30 days) with the window before it, per touchpoint of
 * every map, with the KPI tables:
 *
 * <ul>
 *   <li><b>red</b>: the KPI's whole interval is on the wrong side of its target;</li>
 *   <li><b>drop</b>: the KPI moved the wrong way against the previous window, significantly
 *       (a two-sided z-test on the two estimates and their standard errors, p &lt; 0.05).</li>
 * </ul>
 *
 * An alert is opened once per condition and sent to the owner team's webhook (JSON with a
 * {@code text}, which Slack and Microsoft Teams incoming webhooks accept) and e-mail, with a link to
 * the touchpoint; while it is open no other is sent for the same condition; it is resolved when
 * the condition no longer holds. {@link #runOnce} is what tests call, with their own clock.
 */
final class AlertMonitor implements AutoCloseable {
    static final Duration WINDOW = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(AlertMonitor.class);
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private final ParcoursStore store;
    private final KpiTables kpis;
    private final Clock clock;
    private final Supplier<String> publicUrl;
    private final Optional<Mailer> mail;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parcours-alerts");
        thread.setDaemon(true);
        return thread;
    });

    AlertMonitor(ParcoursStore store, KpiTables kpis, Clock clock, Supplier<String> publicUrl, Optional<Mailer> mail) {
        this.store = store;
        this.kpis = kpis;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.mail = mail;
    }

    AlertMonitor every(Duration interval) {
        runner.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("the alert pass failed; trying again in {}", interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Checks every touchpoint with a target; returns the alerts opened. */
    synchronized List<Alert> runOnce() {
        Instant now = clock.instant();
        List<Alert> opened = new ArrayList<>();
        for (WorkspaceSummary summary : store.workspaces()) {
            Workspace workspace = store.workspace(summary.key()).orElse(null);
            if (workspace == null) {
                continue;
            }
            for (JourneyMap map : workspace.maps()) {
                if (map.touchpoints().stream().noneMatch(touchpoint -> !touchpoint.targets().isEmpty())) {
                    continue;
                }
                Map<String, KpiTables.KpiRow> current = rows(workspace.key(), map, now.minus(WINDOW), now);
                Map<String, KpiTables.KpiRow> previous = rows(workspace.key(), map, now.minus(WINDOW).minus(WINDOW),
                        now.minus(WINDOW));
                for (Touchpoint touchpoint : map.touchpoints()) {
                    KpiTables.KpiRow row = current.get(touchpoint.key());
                    if (touchpoint.targets().isEmpty() || row == null) {
                        continue;
                    }
                    for (KpiTables.KpiValue kpi : row.kpis()) {
                        if (kpi.target().isEmpty()) {
                            continue;
                        }
                        opened.addAll(check(workspace, map, touchpoint, kpi, previous.get(touchpoint.key()), now));
                    }
                }
            }
        }
        return opened;
    }

    private Map<String, KpiTables.KpiRow> rows(String workspace, JourneyMap map, Instant from, Instant to) {
        Map<String, String> query = new HashMap<>();
        query.put("map", map.key());
        query.put("from", from.toString());
        query.put("to", to.toString());
        Map<String, KpiTables.KpiRow> rows = new HashMap<>();
        kpis.table(workspace, query).rows().forEach(row -> rows.put(row.key(), row));
        return rows;
    }

    private List<Alert> check(Workspace workspace, JourneyMap map, Touchpoint touchpoint, KpiTables.KpiValue kpi,
            KpiTables.KpiRow previousRow, Instant now) {
        AlertRecords alerts = store.alerts();
        String metric = kpi.metric().id();
        List<Alert> opened = new ArrayList<>();
        if (kpi.status() == KpiStatus.RED) {
            Estimate e = kpi.estimate().orElseThrow();
            String message = String.format(Locale.ROOT, "%s at %s (%s): %s is %.1f (95%% interval %.1f to %.1f) against a "
                    + "target of %s %.1f, over the last %d days (%d answers)", touchpoint.name(), map.name(), workspace.name(),
                    kpi.metric().label(), e.value(), e.low(), e.high(), kpi.metric().higherIsBetter() ? "at least" : "at most",
                    kpi.target().orElseThrow(), WINDOW.toDays(), kpi.answers());
            alerts.open(new AlertRecords.NewAlert(workspace.key(), map.key(), touchpoint.key(), metric, "red",
                    message, e.value(), e.low(), e.high(), kpi.target(), Optional.empty(), Optional.empty(),
                    touchpoint.owner()), now).ifPresent(opened::add);
        } else if (kpi.status() != KpiStatus.GREY) {
            alerts.resolve(workspace.key(), map.key(), touchpoint.key(), metric, "red", now);
        }
        Optional<Estimate> before = previousRow == null ? Optional.empty() : previousRow.kpis().stream()
                .filter(k -> k.metric() == kpi.metric()).findFirst().flatMap(KpiTables.KpiValue::estimate);
        if (kpi.estimate().isPresent() && before.isPresent()) {
            Estimate latest = kpi.estimate().get();
            Estimate then = before.get();
            double error = Math.hypot(latest.standardError(), then.standardError());
            double change = latest.value() - then.value();
            boolean worse = kpi.metric().higherIsBetter() ? change < 0 : change > 0;
            double p = error == 0 ? (change == 0 ? 1 : 0) : 2 * NORMAL.cumulativeProbability(-Math.abs(change / error));
            if (worse && p < 1 - KpiStatistics.CONFIDENCE) {
                String message = String.format(Locale.ROOT, "%s at %s (%s): %s went from %.1f to %.1f over the last %d days "
                        + "(p = %.3f)", touchpoint.name(), map.name(), workspace.name(), kpi.metric().label(), then.value(),
                        latest.value(), WINDOW.toDays(), p);
                alerts.open(new AlertRecords.NewAlert(workspace.key(), map.key(), touchpoint.key(), metric, "drop", message,
                        latest.value(), latest.low(), latest.high(), kpi.target(), Optional.of(then.value()),
                        Optional.of(p), touchpoint.owner()), now).ifPresent(opened::add);
            } else {
                alerts.resolve(workspace.key(), map.key(), touchpoint.key(), metric, "drop", now);
            }
        }
        opened.forEach(alert -> notify(workspace, alert, now));
        return opened;
    }

    /** Sends the alert to its team's webhook and e-mail, and records what happened. */
    private void notify(Workspace workspace, Alert alert, Instant now) {
        Optional<Team> team = alert.ownerTeam().flatMap(workspace::team);
        if (team.isEmpty()) {
            store.alerts().notified(alert.id(), now, "no owner team to tell");
            return;
        }
        String link = publicUrl.get() + "/workspaces/" + alert.workspace() + "/maps/" + alert.map() + "#tp-" + alert.touchpoint();
        List<String> results = new ArrayList<>();
        team.get().webhookUrl().ifPresent(url -> results.add("webhook " + webhook(url, alert, link)));
        team.get().email().ifPresent(address -> results.add("e-mail " + mail.map(m -> m.sendAlert(address, alert, link))
                .orElse("not sent: no SMTP server configured")));
        store.alerts().notified(alert.id(), now, results.isEmpty() ? "team '" + team.get().key()
                + "' has no webhook or e-mail" : String.join("; ", results));
    }

    private String webhook(String url, Alert alert, String link) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("text", (alert.kind().equals("red") ? "Touchpoint needs action: " : "Touchpoint dropped: ")
                + alert.message() + " " + link);
        body.put("workspace", alert.workspace());
        body.put("map", alert.map());
        body.put("touchpoint", alert.touchpoint());
        body.put("metric", alert.metric());
        body.put("kind", alert.kind());
        body.put("value", alert.value());
        body.put("link", link);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? "sent" : "refused with HTTP " + response.statusCode();
        } catch (java.io.IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
