package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Channel;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Survey;
import io.parcours.model.SurveyType;
import io.parcours.model.Touchpoint;
import io.parcours.store.EventLog;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When invitations are made, tested with a clock the test moves, over a real store. */
class SurveyTriggersTest {
    static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path data;

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private final AtomicLong millis;

        TestClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static JourneyMap map(List<Survey> atOrder, List<Survey> atSite) {
        Touchpoint site = new Touchpoint("site", "Web site", "buy", Channel.WEB, Optional.empty(), Optional.empty(), "",
                List.of(), List.of(new MatchRule(List.of(), Optional.of(EventType.PAGE), Map.of())), atSite);
        Touchpoint order = new Touchpoint("order", "Order", "buy", Channel.WEB, Optional.empty(), Optional.of("site"), "",
                List.of(), List.of(MatchRule.event("Order Completed"),
                        new MatchRule(List.of(), Optional.of(EventType.PAGE), Map.of("context.page.path", "/thanks"))),
                atOrder);
        return new JourneyMap("shop", "Shop", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
                List.of(Stage.of("buy", "Buy")), List.of(site, order));
    }

    static Survey survey(String key, SurveyType type, Duration delay, double sampling, Duration expiry) {
        return new Survey(key, type, Optional.empty(), List.of(), true, delay, sampling, expiry);
    }

    private final List<Event> pending = new ArrayList<>();
    private int messages;

    private void track(String user, String name, Instant at, String context) {
        pending.add(new Event("m" + messages++, EventType.TRACK, name, Optional.of(user), Optional.empty(), at.toEpochMilli(),
                at.toEpochMilli(), "{}", "{}", context, Optional.empty(), Optional.empty()));
    }

    private void send(ParcoursStore store) {
        store.events().append(new EventLog.Origin("w", "web"), List.copyOf(pending)).join();
        pending.clear();
    }

    private ParcoursStore open(JourneyMap map, int throttleDays) {
        ParcoursStore store = ParcoursStore.open(data);
        store.createWorkspace("w", "W", "");
        store.createSource("w", "web", "Web");
        store.savePersona("w", new Persona("p", "P", "", List.of(), List.of(), List.of()));
        store.saveMap("w", map, "test", "");
        store.surveys().setThrottleDays("w", throttleDays);
        return store;
    }

    @Test
    void delaysExpiriesAndHistoryFollowTheClock() {
        TestClock clock = new TestClock(START);
        JourneyMap map = map(List.of(survey("nps", SurveyType.NPS, Duration.ZERO, 1, Duration.ofDays(2)),
                survey("csat", SurveyType.CSAT, Duration.ofDays(7), 1, Duration.ofDays(3))), List.of());
        try (ParcoursStore store = open(map, 0)) {
            track("old-customer", "Order Completed", START.minus(Duration.ofDays(1)), "{}");
            send(store);
            try (Journeys journeys = Journeys.follow(store)) {
                SurveyTriggers triggers = new SurveyTriggers(store, journeys, clock);
                assertThat(triggers.runOnce()).as("events from before the surveys existed are not surveyed").isEmpty();

                track("ana", "Order Completed", START, "{\"locale\": \"fr-FR\"}");
                track("ben", "Page Viewed", START, "{}");
                track("old", "Order Completed", START.minus(Duration.ofDays(11)), "{}");
                send(store);
                List<Invitation> made = triggers.runOnce();
                assertThat(made).extracting(Invitation::customer, Invitation::survey)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("ana", "nps"),
                                org.assertj.core.groups.Tuple.tuple("ana", "csat"));
                Invitation nps = made.get(0);
                Invitation csat = made.get(1);
                assertThat(nps.locale()).isEqualTo("fr-FR");
                assertThat(nps.dueAt()).isEqualTo(START);
                assertThat(nps.status(clock.instant())).isEqualTo(Invitation.Status.OPEN);
                assertThat(csat.dueAt()).isEqualTo(START.plus(Duration.ofDays(7)));
                assertThat(csat.status(clock.instant())).isEqualTo(Invitation.Status.WAITING);
                assertThat(triggers.runOnce()).as("nothing new, nothing made").isEmpty();

                clock.advance(Duration.ofDays(7));
                assertThat(csat.status(clock.instant())).isEqualTo(Invitation.Status.OPEN);
                assertThat(nps.status(clock.instant())).isEqualTo(Invitation.Status.EXPIRED);
                assertThat(store.surveys().openInvitations("w", List.of("ana"), clock.instant()))
                        .extracting(Invitation::survey).containsExactly("csat");
                clock.advance(Duration.ofDays(3));
                assertThat(store.surveys().openInvitations("w", List.of("ana"), clock.instant())).isEmpty();
            }
        }
    }

    @Test
    void aCustomerIsAskedAtMostOncePerThrottlePeriodAcrossSurveys() {
        TestClock clock = new TestClock(START);
        JourneyMap map = map(List.of(survey("nps", SurveyType.NPS, Duration.ZERO, 1, Duration.ofDays(14))),
                List.of(survey("ces", SurveyType.CES, Duration.ZERO, 1, Duration.ofDays(14))));
        try (ParcoursStore store = open(map, 30); Journeys journeys = Journeys.follow(store)) {
            SurveyTriggers triggers = new SurveyTriggers(store, journeys, clock);
            triggers.runOnce();
            pending.add(new Event("p1", EventType.PAGE, "Home", Optional.of("ana"), Optional.empty(),
                    START.toEpochMilli(), START.toEpochMilli(), "{}", "{}", "{}", Optional.empty(), Optional.empty()));
            track("ana", "Order Completed", START, "{}");
            send(store);
            assertThat(triggers.runOnce()).extracting(Invitation::survey).as("the page comes first; the order is throttled")
                    .containsExactly("ces");
            clock.advance(Duration.ofDays(29));
            track("ana", "Order Completed", clock.instant(), "{}");
            send(store);
            assertThat(triggers.runOnce()).isEmpty();
            clock.advance(Duration.ofDays(2));
            track("ana", "Order Completed", clock.instant(), "{}");
            send(store);
            assertThat(triggers.runOnce()).extracting(Invitation::survey).containsExactly("nps");
        }
    }

    @Test
    void theMostSpecificTouchpointTriggersAndSamplingKeepsItsShare() {
        TestClock clock = new TestClock(START);
        JourneyMap map = map(List.of(survey("nps", SurveyType.NPS, Duration.ZERO, 0.3, Duration.ofDays(14))),
                List.of(survey("ces", SurveyType.CES, Duration.ZERO, 1, Duration.ofDays(14))));
        try (ParcoursStore store = open(map, 0); Journeys journeys = Journeys.follow(store)) {
            SurveyTriggers triggers = new SurveyTriggers(store, journeys, clock);
            triggers.runOnce();
            for (int i = 0; i < 2000; i++) {
                // a page that is both the site and the order's thank-you page counts for the order
                pending.add(new Event("t" + i, EventType.PAGE, "Thanks", Optional.of("c" + i), Optional.empty(),
                        START.toEpochMilli(), START.toEpochMilli(), "{}", "{}", "{\"page\": {\"path\": \"/thanks\"}}",
                        Optional.empty(), Optional.empty()));
            }
            send(store);
            List<Invitation> made = triggers.runOnce();
            assertThat(made).extracting(Invitation::survey).containsOnly("nps");
            assertThat(made.size()).isBetween(540, 660);
        }
    }

    @Test
    void stitchedCustomersAndAcrashFreeRestartNeverRepeatAnInvitation() {
        TestClock clock = new TestClock(START);
        JourneyMap map = map(List.of(survey("nps", SurveyType.NPS, Duration.ZERO, 1, Duration.ofDays(14))), List.of());
        try (ParcoursStore store = open(map, 0)) {
            try (Journeys journeys = Journeys.follow(store)) {
                new SurveyTriggers(store, journeys, clock).runOnce();
                pending.add(new Event("i1", EventType.IDENTIFY, "", Optional.of("user-7"), Optional.of("anon-7"),
                        START.toEpochMilli(), START.toEpochMilli(), "{}", "{\"email\": \"ana@example.com\"}", "{}",
                        Optional.empty(), Optional.empty()));
                pending.add(new Event("o1", EventType.TRACK, "Order Completed", Optional.empty(), Optional.of("anon-7"),
                        START.toEpochMilli(), START.toEpochMilli(), "{}", "{}", "{}", Optional.empty(), Optional.empty()));
                send(store);
                List<Invitation> made = new SurveyTriggers(store, journeys, clock).runOnce();
                assertThat(made).hasSize(1);
                assertThat(made.get(0).customer()).isEqualTo(journeys.customerOf("w", "user-7"));
                assertThat(made.get(0).email()).contains("ana@example.com");
            }
        }
        try (ParcoursStore store = ParcoursStore.open(data); Journeys journeys = Journeys.follow(store)) {
            assertThat(new SurveyTriggers(store, journeys, clock).runOnce()).as("a new process reads on from the cursor")
                    .isEmpty();
            assertThat(store.surveys().invitations("w", Optional.empty(), Optional.empty(), 10)).hasSize(1);
        }
    }
}
