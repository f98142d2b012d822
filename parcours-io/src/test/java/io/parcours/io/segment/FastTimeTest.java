package io.parcours.io.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp reader against the JDK's, on random instants and on forms it must leave alone. */
class FastTimeTest {
    @Test
    void agreesWithTheJdkOnRandomInstants() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long millis = random.nextLong(-30_000_000_000_000L, 250_000_000_000_000L);
            String text = Instant.ofEpochMilli(millis).toString();
            if (text.startsWith("+") || text.startsWith("-")) {
                continue;
            }
            assertThat(FastTime.parseUtc(text)).as(text).isEqualTo(millis);
        }
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.3Z")).isEqualTo(Instant.parse("2026-11-22T14:05:17.300Z").toEpochMilli());
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-22T14:05:17.123Z").toEpochMilli());
    }

    @Test
    void leavesOtherFormsToTheGeneralParser() {
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17+01:00")).isNull();
        assertThat(FastTime.parseUtc("2026-02-30T14:05:17Z")).isNull();
        assertThat(FastTime.parseUtc("2026-11-22 14:05:17Z")).isNull();
        assertThat(FastTime.parseUtc("2026-11-22T24:05:17Z")).isNull();
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.Z")).isNull();
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.12a4Z")).isNull();
        assertThat(FastTime.parseUtc("yesterday")).isNull();
    }
}
