package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.ParcoursException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Figures computed once per state of the data: fresh for the API, at once for the pages. */
class FiguresCacheTest {
    private final AtomicLong data = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();

    /** A cache on a clock the test moves: computing costs {@code cost} nanoseconds of it. */
    private FiguresCache cache() {
        return new FiguresCache(data::get, clock::get, 100, 10_000, 3);
    }

    private Integer figures(long cost) {
        clock.addAndGet(cost);
        return computed.incrementAndGet();
    }

    @Test
    void theSameStateOfTheDataIsComputedOnceAndAChangeIsSeenAtOnceByTheApi() {
        FiguresCache cache = cache();
        assertThat(cache.get("k", FiguresCache.Freshness.EXACT, () -> figures(500))).isEqualTo(1);
        assertThat(cache.get("k", FiguresCache.Freshness.EXACT, () -> figures(500))).isEqualTo(1);
        assertThat(cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(500))).isEqualTo(1);
        data.incrementAndGet();
        assertThat(cache.get("k", FiguresCache.Freshness.EXACT, () -> figures(500))).isEqualTo(2);
        assertThat(cache.get("other", FiguresCache.Freshness.EXACT, () -> figures(500))).isEqualTo(3);
    }

    @Test
    void exactFiguresLetTheDataSettleBeforeTheyLookAtWhatIsKeptAndRecentOnesNeverWait() {
        // The settling stands for the event loader handing over events acknowledged before the call.
        AtomicInteger settled = new AtomicInteger();
        FiguresCache cache = new FiguresCache(data::get, () -> {
            settled.incrementAndGet();
            data.incrementAndGet();
        }, clock::get, 100, 10_000, 3, 1.0, java.time.Clock.systemUTC());
        assertThat(cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(5))).isEqualTo(1);
        assertThat(settled).hasValue(0);
        assertThat(cache.get("k", FiguresCache.Freshness.EXACT, () -> figures(5)))
                .as("computed again for the data as it stands once settled").isEqualTo(2);
        assertThat(settled).hasValue(1);
        assertThat(cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(5))).isEqualTo(2);
        assertThat(settled).hasValue(1);
    }

    @Test
    void pagesGetExpensiveFiguresAtOnceWhileTheNewOnesAreComputedInTheBackground() throws Exception {
        FiguresCache cache = cache();
        cache.get("slow", FiguresCache.Freshness.RECENT, () -> figures(500));
        cache.get("cheap", FiguresCache.Freshness.RECENT, () -> figures(5));
        data.incrementAndGet();
        CountDownLatch refreshed = new CountDownLatch(1);
        Integer shown = cache.get("slow", FiguresCache.Freshness.RECENT, () -> {
            Integer value = figures(500);
            refreshed.countDown();
            return value;
        });
        assertThat(shown).as("the last figures, at once").isEqualTo(1);
        assertThat(refreshed.await(5, TimeUnit.SECONDS)).isTrue();
        // A read between the end of the refresh and its storing may ask for one more refresh: 3 or 4.
        assertThat(waitForNew(() -> cache.get("slow", FiguresCache.Freshness.RECENT, () -> figures(500))))
                .as("the new figures once computed").isIn(3, 4);
        // Cheap figures are computed again in the open: the page shows the data as it is.
        int before = computed.get();
        assertThat(cache.get("cheap", FiguresCache.Freshness.RECENT, () -> figures(5))).isEqualTo(before + 1);
    }

    /** On Linux, a refresh runs at nice 10 ({@link io.parcours.store.BackgroundPriority}): requests go first. */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aBackgroundRefreshRunsAtALowerPriorityThanTheRequestThatAskedForIt() throws Exception {
        FiguresCache cache = cache();
        cache.get("slow", FiguresCache.Freshness.RECENT, () -> figures(500));
        data.incrementAndGet();
        int asking = io.parcours.store.BackgroundPriority.currentNice().orElseThrow();
        java.util.concurrent.CompletableFuture<Integer> refreshedAt = new java.util.concurrent.CompletableFuture<>();
        cache.get("slow", FiguresCache.Freshness.RECENT, () -> {
            refreshedAt.complete(io.parcours.store.BackgroundPriority.currentNice().orElseThrow());
            return figures(500);
        });
        assertThat(asking).isZero();
        assertThat(refreshedAt.get(10, TimeUnit.SECONDS)).isEqualTo(io.parcours.store.BackgroundPriority.DEFAULT_NICE);
    }

    @Test
    void aRefreshIsAskedOnceWhileItRunsAndTheRefresherRestsAfterEach() throws Exception {
        // Computing costs 200 ms on the test's clock; with half the time for refreshes, the
        // refresher rests 200 ms (real time) after each one.
        FiguresCache cache = new FiguresCache(data::get, clock::get, 100, Long.MAX_VALUE, 10, 0.5,
                java.time.Clock.systemUTC());
        long cost = TimeUnit.MILLISECONDS.toNanos(200);
        cache.get("a", FiguresCache.Freshness.RECENT, () -> figures(cost));
        cache.get("b", FiguresCache.Freshness.RECENT, () -> figures(cost));
        data.incrementAndGet();
        CountDownLatch release = new CountDownLatch(1);
        List<Long> ended = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> started = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.function.Supplier<Integer> slowA = () -> {
            started.add(System.nanoTime());
            await(release);
            Integer value = figures(cost);
            ended.add(System.nanoTime());
            return value;
        };
        for (int i = 0; i < 20; i++) {
            assertThat(cache.get("a", FiguresCache.Freshness.RECENT, slowA)).as("the last figures, at once").isEqualTo(1);
        }
        cache.get("b", FiguresCache.Freshness.RECENT, () -> {
            started.add(System.nanoTime());
            return figures(cost);
        });
        release.countDown();
        for (int i = 0; i < 300 && started.size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(started).as("a refreshed once, however often it was asked, then b").hasSize(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(started.get(1) - ended.get(0))).as("the rest before b, in ms")
                .isGreaterThanOrEqualTo(190);
        assertThatThrownBy(() -> new FiguresCache(data::get, clock::get, 100, 10, 10, 0, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onABusyMachineTheRefresherRestsLonger() throws Exception {
        // Computing costs 200 ms on the test's clock; half the time for refreshes, halved again
        // while the machine's cores are 95% busy: a rest of 600 ms (real time) after each.
        FiguresCache cache = new FiguresCache(data::get, () -> {}, clock::get, 100, Long.MAX_VALUE, 10, 0.5,
                java.time.Clock.systemUTC(), () -> 0.95);
        long cost = TimeUnit.MILLISECONDS.toNanos(200);
        cache.get("a", FiguresCache.Freshness.RECENT, () -> figures(cost));
        cache.get("b", FiguresCache.Freshness.RECENT, () -> figures(cost));
        data.incrementAndGet();
        List<Long> ended = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> started = java.util.Collections.synchronizedList(new ArrayList<>());
        cache.get("a", FiguresCache.Freshness.RECENT, () -> {
            Integer value = figures(cost);
            ended.add(System.nanoTime());
            return value;
        });
        cache.get("b", FiguresCache.Freshness.RECENT, () -> {
            started.add(System.nanoTime());
            return figures(cost);
        });
        for (int i = 0; i < 300 && started.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(started).as("b refreshed after a").hasSize(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(started.get(0) - ended.get(0))).as("the rest before b, in ms")
                .isGreaterThanOrEqualTo(590);
    }

    @Test
    void figuresThatOnceTookLongAreRefreshedInTheBackgroundAFewTimesBeforeAPageComputesThemAgain() throws Exception {
        FiguresCache cache = cache();
        cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(400));
        // Each refresh is cheap (5), but the cost halves from 400: 200, 100, then 50.
        for (int refreshed = 2; refreshed <= 4; refreshed++) {
            data.incrementAndGet();
            assertThat(cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(5))).as("the last figures, at once")
                    .isEqualTo(refreshed - 1);
            int expected = refreshed;
            assertThat(waitFor(() -> cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(5)), expected))
                    .isEqualTo(expected);
        }
        data.incrementAndGet();
        assertThat(cache.get("k", FiguresCache.Freshness.RECENT, () -> figures(5))).as("cheap again: computed in the open")
                .isEqualTo(5);
    }

    private static Integer waitFor(java.util.function.Supplier<Integer> read, int expected) throws InterruptedException {
        Integer value = read.get();
        for (int i = 0; i < 300 && value != expected; i++) {
            Thread.sleep(10);
            value = read.get();
        }
        return value;
    }

    private static Integer waitForNew(java.util.function.Supplier<Integer> read) throws InterruptedException {
        Integer value = read.get();
        for (int i = 0; i < 200 && value.equals(1); i++) {
            Thread.sleep(10);
            value = read.get();
        }
        return value;
    }

    @Test
    void oldFiguresAreComputedAgainAndTheLeastRecentlyUsedLeave() throws Exception {
        FiguresCache cache = cache();
        cache.get("a", FiguresCache.Freshness.RECENT, () -> figures(500));
        clock.addAndGet(20_000);
        assertThat(cache.get("a", FiguresCache.Freshness.EXACT, () -> figures(500))).as("too old: computed again")
                .isEqualTo(2);
        clock.addAndGet(20_000);
        assertThat(cache.get("a", FiguresCache.Freshness.RECENT, () -> figures(500)))
                .as("too old and expensive: the kept figures at once, new ones in the background").isEqualTo(2);
        assertThat(waitFor(() -> cache.get("a", FiguresCache.Freshness.RECENT, () -> figures(500)), 3)).isEqualTo(3);
        cache.get("b", FiguresCache.Freshness.EXACT, () -> figures(1));
        cache.get("c", FiguresCache.Freshness.EXACT, () -> figures(1));
        cache.get("a", FiguresCache.Freshness.EXACT, () -> figures(1));
        cache.get("d", FiguresCache.Freshness.EXACT, () -> figures(1));
        int before = computed.get();
        cache.get("a", FiguresCache.Freshness.EXACT, () -> figures(1));
        assertThat(computed.get()).as("a was used recently: kept").isEqualTo(before);
        cache.get("b", FiguresCache.Freshness.EXACT, () -> figures(1));
        assertThat(computed.get()).as("b was the least recently used: gone").isEqualTo(before + 1);
    }

    @Test
    void requestsAskingTogetherWaitForOneComputationAndErrorsAreNotKept() throws Exception {
        FiguresCache cache = cache();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> cache.get("k", FiguresCache.Freshness.EXACT, () -> {
                started.countDown();
                await(release);
                return figures(500);
            })));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                answers.add(threads.submit(() -> cache.get("k", FiguresCache.Freshness.EXACT, () -> figures(500))));
            }
            Thread.sleep(50);
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(computed.get()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThatThrownBy(() -> cache.get("bad", FiguresCache.Freshness.EXACT, () -> {
            throw ParcoursException.invalid("from", "not a date");
        })).isInstanceOf(ParcoursException.class);
        assertThat(cache.get("bad", FiguresCache.Freshness.EXACT, () -> figures(1))).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aQueryIsTheSameKeyWhateverTheOrderOfItsParameters() {
        assertThat(FiguresCache.key("kpis", "ws", Map.of("map", "shop", "by", "stage")))
                .isEqualTo(FiguresCache.key("kpis", "ws", new java.util.LinkedHashMap<>(Map.of("by", "stage", "map", "shop"))))
                .isNotEqualTo(FiguresCache.key("kpis", "ws2", Map.of("map", "shop", "by", "stage")));
    }
}
