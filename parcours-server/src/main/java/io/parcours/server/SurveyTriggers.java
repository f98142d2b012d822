package io.parcours.server;

import io.parcours.analytics.JsonLookup;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.Survey;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.Invitation;
import io.parcours.store.NewInvitation;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyRecords;
import io.parcours.store.WorkspaceSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into survey invitations. It reads every event stored since its last run (from the
 * web, the app or any server-side source alike), counts each for the most specific touchpoint it
 * matches in each map that has surveys, and invites the customer to that touchpoint's surveys:
 * due {@code delay} after the event, open for the survey's {@code expiry}, for a deterministic
 * {@code sampling} share of events (a hash of the survey and the event), and at most once every
 * {@code throttleDays} per customer across all surveys. Events whose invitation would already
 * have expired (history, imports) invite no one. The invitations and how far the events were read
 * are stored in one transaction, so a crash neither loses nor repeats an invitation. When a
 * workspace first has surveys, its triggers start from the newest event: history is not surveyed.
 * Runs on one background thread; {@link #runOnce} is also what tests call, with their own clock.
 */
public final class SurveyTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyTriggers.class);
    private static final List<String> LOCALE = List.of("context", "locale");
    private static final List<String> CONTEXT_EMAIL = List.of("context", "traits", "email");

    private final ParcoursStore store;
    private final Journeys journeys;
    private final Clock clock;
    private final ScheduledExecutorService runner;
    private long eventsSeen = -1;
    /** The workspace each pass last saw: the store hands out the same instance until the workspace changes. */
    private final Map<String, Workspace> workspacesSeen = new HashMap<>();

    SurveyTriggers(ParcoursStore store, Journeys journeys, Clock clock) {
        this.store = store;
        this.journeys = journeys;
        this.clock = clock;
        this.runner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parcours-survey-triggers");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts running every {@code interval} in the background. */
    static SurveyTriggers start(ParcoursStore store, Journeys journeys, Clock clock, Duration interval) {
        SurveyTriggers triggers = new SurveyTriggers(store, journeys, clock);
        triggers.runner.scheduleWithFixedDelay(() -> {
            try {
                triggers.runOnce();
            } catch (RuntimeException e) {
                LOG.warn("survey triggers failed; trying again in {}", interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return triggers;
    }

    /** Reads the events stored since the last run and makes their invitations; returns them. */
    public synchronized List<Invitation> runOnce() {
        long size = store.events().size();
        List<Invitation> made = new ArrayList<>();
        boolean newEvents = size != eventsSeen;
        for (WorkspaceSummary summary : store.workspaces()) {
            Workspace workspace = store.workspace(summary.key()).orElse(null);
            if (workspace == null) {
                continue;
            }
            List<JourneyMap> surveyed = workspace.maps().stream().filter(map -> !map.surveys().isEmpty()).toList();
            boolean changed = workspacesSeen.put(summary.key(), workspace) != workspace;
            if (!surveyed.isEmpty() && (newEvents || changed)) {
                made.addAll(run(workspace.key(), surveyed));
            }
        }
        eventsSeen = size;
        return made;
    }

    private List<Invitation> run(String workspace, List<JourneyMap> maps) {
        SurveyRecords surveys = store.surveys();
        SurveyRecords.Settings settings = surveys.settings(workspace);
        if (!settings.started()) {
            long newest = store.lastEventSeq(workspace);
            LOG.info("survey triggers of '{}' start after event {}: earlier events are not surveyed", workspace, newest);
            return surveys.recordTriggered(workspace, newest, List.of());
        }
        Instant now = clock.instant();
        Duration throttle = Duration.ofDays(settings.throttleDays());
        Map<String, Instant> lastInvited = new HashMap<>(surveys.lastInvited(workspace, now.minus(throttle)));
        List<TouchpointMatcher> matchers = maps.stream().map(TouchpointMatcher::of).toList();
        List<TouchpointMatcher.FieldPath> fields = new ArrayList<>();
        for (TouchpointMatcher matcher : matchers) {
            matcher.fieldPaths().stream().filter(field -> !fields.contains(field)).forEach(fields::add);
        }
        List<List<String>> paths = new ArrayList<>();
        for (TouchpointMatcher.FieldPath field : fields) {
            List<String> path = new ArrayList<>();
            path.add(field.root());
            path.addAll(field.path());
            paths.add(path);
        }
        int localeAt = paths.size();
        paths.add(LOCALE);
        paths.add(CONTEXT_EMAIL);
        List<NewInvitation> invitations = new ArrayList<>();
        long[] readUpTo = {settings.triggerSeq()};
        store.forEachEventFields(workspace, settings.triggerSeq(), paths, List.of(), true, row -> {
            readUpTo[0] = row.seq();
            EventType type = EventType.fromId(row.type()).orElseThrow();
            if (type == EventType.IDENTIFY || type == EventType.ALIAS || type == EventType.GROUP) {
                return;
            }
            ParcoursStore.Customer sender = row.customer().orElseThrow();
            String id = sender.userId().or(sender::anonymousId).orElse(null);
            if (id == null) {
                return;
            }
            String customer = journeys.customerOf(workspace, id);
            TouchpointMatcher.Fields lookup = JourneyAnalyses.fieldsOf(row, fields);
            for (int m = 0; m < maps.size(); m++) {
                JourneyMap map = maps.get(m);
                Optional<String> touchpointKey = matchers.get(m).mostSpecific(type, row.name(), lookup);
                if (touchpointKey.isEmpty()) {
                    continue;
                }
                Touchpoint touchpoint = map.touchpoint(touchpointKey.get()).orElseThrow();
                for (Survey survey : touchpoint.surveys()) {
                    Instant due = Instant.ofEpochMilli(sender.time()).plus(survey.delay());
                    Instant expires = due.plus(survey.expiry());
                    if (!expires.isAfter(now) || !sampled(survey, map.key(), row.seq())) {
                        continue;
                    }
                    Instant last = lastInvited.get(customer);
                    if (last != null && !throttle.isZero() && now.isBefore(last.plus(throttle))) {
                        continue;
                    }
                    lastInvited.put(customer, now);
                    String locale = row.fullFields()
                            ? JsonLookup.find(row.context(), LOCALE.subList(1, 2)).orElse(null) : row.values()[localeAt];
                    String email = row.fullFields()
                            ? JsonLookup.find(row.context(), CONTEXT_EMAIL.subList(1, 3)).orElse(null)
                            : row.values()[localeAt + 1];
                    invitations.add(new NewInvitation(map.key(), survey.key(), touchpoint.key(), customer,
                            Optional.of(row.seq()), locale == null ? "en" : locale, Optional.ofNullable(email), now,
                            due.isBefore(now) ? now : due, expires));
                }
            }
        });
        List<NewInvitation> withEmails = addEmails(workspace, invitations);
        List<Invitation> made = surveys.recordTriggered(workspace, readUpTo[0], withEmails);
        if (!made.isEmpty()) {
            LOG.info("{} survey invitation(s) made in '{}'", made.size(), workspace);
        }
        return made;
    }

    /** Fills in the e-mail addresses customers gave in identify calls, for invitations whose event carried none. */
    private List<NewInvitation> addEmails(String workspace, List<NewInvitation> invitations) {
        Set<String> ids = new HashSet<>();
        Map<String, List<String>> idsOf = new HashMap<>();
        for (NewInvitation invitation : invitations) {
            if (invitation.email().isEmpty()) {
                List<String> all = idsOf.computeIfAbsent(invitation.customer(), c -> journeys.idsOf(workspace, c));
                ids.addAll(all);
            }
        }
        if (ids.isEmpty()) {
            return invitations;
        }
        Map<String, String> emails = store.emailsOf(workspace, ids);
        List<NewInvitation> filled = new ArrayList<>(invitations.size());
        for (NewInvitation invitation : invitations) {
            Optional<String> email = invitation.email();
            if (email.isEmpty()) {
                for (String id : idsOf.get(invitation.customer())) {
                    if (emails.containsKey(id)) {
                        email = Optional.of(emails.get(id));
                    }
                }
            }
            filled.add(new NewInvitation(invitation.map(), invitation.survey(), invitation.touchpoint(),
                    invitation.customer(), invitation.eventSeq(), invitation.locale(), email, invitation.createdAt(),
                    invitation.dueAt(), invitation.expiresAt()));
        }
        return filled;
    }

    /** Whether this event is in the survey's sample: a hash of map, survey and event, uniform in [0, 1). */
    static boolean sampled(Survey survey, String map, long seq) {
        if (survey.sampling() >= 1) {
            return true;
        }
        long hash = seq * 0x9E3779B97F4A7C15L ^ (map + "/" + survey.key()).hashCode() * 0xC2B2AE3D27D4EB4FL;
        hash ^= hash >>> 31;
        hash *= 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 29;
        return (hash >>> 11) * 0x1.0p-53 < survey.sampling();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
