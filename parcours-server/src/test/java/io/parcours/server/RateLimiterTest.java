package io.parcours.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void aClientGetsItsBurstThenOneRequestPerPeriod() {
        AtomicLong now = new AtomicLong(5_000_000_000_000_000L);
        RateLimiter limiter = new RateLimiter(3, 2.0, 10, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.allow("a")).isTrue();
        }
        assertThat(limiter.allow("a")).isFalse();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
        assertThat(limiter.allow("b")).as("other clients have their own bucket").isTrue();
        now.addAndGet(499_000_000L);
        assertThat(limiter.allow("a")).isFalse();
        now.addAndGet(2_000_000L);
        assertThat(limiter.allow("a")).as("half a second refills one request at 2 per second").isTrue();
        assertThat(limiter.allow("a")).isFalse();
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.allow("a")).as("a full bucket holds the burst, no more").isTrue();
        }
        assertThat(limiter.allow("a")).isFalse();
    }

    @Test
    void onlyTheMostRecentClientsAreKept() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 0.001, 2, now::get);
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isFalse();
        limiter.allow("b");
        limiter.allow("c");
        assertThat(limiter.allow("a")).as("a was dropped and starts again with a full bucket").isTrue();
    }
}
