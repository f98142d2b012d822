package io.parcours.server;

import io.parcours.store.EventLog;
import io.parcours.store.ParcoursStore;
import io.parcours.store.PrivacyRecords;
import io.parcours.store.SurveyRecords;
import io.parcours.store.WorkspaceSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each workspace's retention periods: deletes the events that happened, the survey answers
 * given and the invitations made longer ago than their kind's period, and erases the ids no event
 * carries any more. Runs in the background at an interval, and on demand. Thread-safe.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** What one pass over a workspace deleted. */
    public record Purged(String workspace, long events, int ids, int invitations, int answers) {
        boolean any() {
            return events > 0 || ids > 0 || invitations > 0 || answers > 0;
        }
    }

    private final ParcoursStore store;
    private final Clock clock;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parcours-retention");
        thread.setDaemon(true);
        return thread;
    });

    public Retention(ParcoursStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Purges every workspace now and then every {@code interval}, in the background. */
    Retention every(Duration interval) {
        runner.scheduleWithFixedDelay(() -> {
            try {
                for (WorkspaceSummary workspace : store.workspaces()) {
                    Purged purged = purge(workspace.key());
                    if (purged.any()) {
                        LOG.info("retention: deleted {} events, {} ids, {} survey invitations and {} answers of '{}'",
                                purged.events(), purged.ids(), purged.invitations(), purged.answers(), purged.workspace());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("the retention pass failed; trying again in {}", interval, e);
            }
        }, Math.min(interval.toMillis(), Duration.ofMinutes(1).toMillis()), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Deletes what is older than the workspace's retention periods, now. */
    public synchronized Purged purge(String workspace) {
        Map<PrivacyRecords.Kind, Integer> days = store.privacy().retention(workspace);
        Instant now = clock.instant();
        EventLog.Removed removed = Optional.ofNullable(days.get(PrivacyRecords.Kind.EVENTS))
                .map(d -> store.events().purgeBefore(workspace, cutoff(now, d).toEpochMilli()))
                .orElse(new EventLog.Removed(0, 0));
        SurveyRecords.Deleted deleted = new SurveyRecords.Deleted(0, 0);
        if (days.containsKey(PrivacyRecords.Kind.INVITATIONS) || days.containsKey(PrivacyRecords.Kind.ANSWERS)) {
            deleted = store.surveys().purge(workspace,
                    Optional.ofNullable(days.get(PrivacyRecords.Kind.INVITATIONS)).map(d -> cutoff(now, d)),
                    Optional.ofNullable(days.get(PrivacyRecords.Kind.ANSWERS)).map(d -> cutoff(now, d)));
        }
        return new Purged(workspace, removed.events(), removed.ids(), deleted.invitations(), deleted.answers());
    }

    private static Instant cutoff(Instant now, int days) {
        return now.minus(Duration.ofDays(days));
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
