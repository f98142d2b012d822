package io.parcours.io.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arithmetic timestamp reader against java.time on random instants, zones and forms, and on bad input. */
class FastTimeTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void randomTimestampsReadAsJavaTimeReadsThem() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
            OffsetDateTime time = Instant.ofEpochMilli(millis).atOffset(offset);
            String date = time.toLocalDateTime().format(DateTimeFormatter.ofPattern(
                    random.nextBoolean() ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd HH:mm:ss"));
            long expected = date.contains(".") ? millis : millis - Math.floorMod(millis, 1000);
            String zone = switch (random.nextInt(4)) {
                case 0 -> offset.getTotalSeconds() == 0 ? "Z" : offset.getId();
                case 1 -> offset.getId().replace(":", "").replace("Z", "+0000");
                case 2 -> offset.getTotalSeconds() % 3600 == 0 ? offset.getId().substring(0, Math.min(3, offset.getId().length()))
                        .replace("Z", "+00") : offset.getId();
                default -> "";
            };
            String text = date + zone;
            if (zone.isEmpty()) {
                long inParis = LocalDateTime.parse(date.replace(' ', 'T')).atZone(PARIS).toInstant().toEpochMilli();
                assertThat(FastTime.parse(text, PARIS)).as(text).isEqualTo(inParis);
                assertThat(FastTime.parse(text, offset)).as(text).isEqualTo(expected);
                assertThat(FastTime.parseUtc(text)).as(text).isNull();
            } else {
                assertThat(FastTime.parseUtc(text)).as(text).isEqualTo(expected);
                assertThat(FastTime.parse(text, PARIS)).as(text).isEqualTo(expected);
            }
        }
    }

    @Test
    void fractionsAreKeptToTheMillisecond() {
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.3Z")).isEqualTo(Instant.parse("2026-11-22T14:05:17.300Z").toEpochMilli());
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.12Z")).isEqualTo(Instant.parse("2026-11-22T14:05:17.120Z").toEpochMilli());
        assertThat(FastTime.parseUtc("2026-11-22T14:05:17.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-22T14:05:17.123Z").toEpochMilli());
    }

    @Test
    void otherFormsAndImpossibleDatesAreLeftToTheGeneralParser() {
        for (String text : new String[] {"2026-02-30T14:05:17Z", "2026-11-22T24:05:17Z", "2026-11-22T14:60:17Z",
            "2026-11-22T14:05:17.Z", "2026-11-22T14:05:17.12a4Z", "2026-11-22T14:05:17.1234567890Z", "yesterday",
            "2026-11-22T14:05Z", "2026-11-22X14:05:17Z", "2026-11-22T14:05:17+1", "2026-11-22T14:05:17+19:00",
            "2026-11-22T14:05:17+01:0", "2026-11-22T14:05:17 Z", "2026-11-22T14:05:17Zulu", "30-12-2010 14:32:00"}) {
            assertThat(FastTime.parse(text, ZoneOffset.UTC)).as(text).isNull();
        }
    }
}
