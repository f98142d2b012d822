package io.parcours.io.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.io.Fuzz;
import io.parcours.model.ErrorCode;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.ParcoursException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Segment message parser, which the ingestion API and JSON-lines imports share, on thousands of
 * hostile bodies: mutated valid messages, wrong types in every field, huge strings, deep nesting,
 * impossible times, batches of tiny items. Each is either read into events whose payloads are JSON
 * objects, or refused with a clear invalid-input or too-large error; never another exception, and
 * each within a second. See docs/fuzzing.md for longer runs and replaying a seed.
 */
class SegmentMessagesFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final long NOW = 1_790_000_000_000L;

    @Test
    void singleMessagesAreReadOrRefusedClearly() {
        Fuzz fuzz = Fuzz.of("segment-single");
        SegmentBodies bodies = new SegmentBodies(fuzz);
        for (int i = Fuzz.cases(1_500); i > 0; i--) {
            byte[] body = bodies.messageBytes();
            EventType type = fuzz.pick(EventType.values());
            fuzz.check("/v1/" + type.id(), body, () -> readOrRefused(() -> SegmentMessages.single(body, type, NOW).events()));
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void batchesAreReadOrRefusedClearly() {
        Fuzz fuzz = Fuzz.of("segment-batch");
        SegmentBodies bodies = new SegmentBodies(fuzz);
        for (int i = Fuzz.cases(600); i > 0; i--) {
            byte[] body = bodies.batchBytes();
            fuzz.check("batch", body, () -> readOrRefused(() -> SegmentMessages.batch(body, NOW).events()));
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void jsonLinesAreReadOrRefusedClearly() {
        Fuzz fuzz = Fuzz.of("segment-line");
        SegmentBodies bodies = new SegmentBodies(fuzz);
        for (int i = Fuzz.cases(1_000); i > 0; i--) {
            String line = bodies.message();
            fuzz.check("line", line, () -> readOrRefused(() -> List.of(SegmentMessages.line(line, NOW))));
        }
        System.out.println(fuzz.summary());
    }

    @Test
    void theEdgesOfTimeAreRefusedNotOverflowed() {
        for (String time : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+292278994-08-17T07:12:56Z")) {
            byte[] body = ("{\"event\":\"e\",\"userId\":\"u\",\"timestamp\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8);
            ParcoursException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> SegmentMessages.single(body, EventType.TRACK, NOW), ParcoursException.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(refused.getMessage()).contains("timestamp").contains(time);
        }
    }

    /** Reads within the bound: events with JSON object payloads, or a clear refusal of the input. */
    private static void readOrRefused(Supplier<List<Event>> read) {
        assertTimeoutPreemptively(BOUND, () -> {
            List<Event> events;
            try {
                events = read.get();
            } catch (ParcoursException refused) {
                assertThat(refused.code()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.TOO_LARGE);
                assertThat(refused.getMessage()).isNotBlank();
                return;
            }
            for (Event event : events) {
                for (String payload : List.of(event.properties(), event.traits(), event.context())) {
                    JsonNode tree = JSON.readTree(payload);
                    assertThat(tree.isObject()).as("payload %s is a JSON object", payload).isTrue();
                }
                assertThat(event.messageId()).isNotEmpty();
                for (String text : List.of(event.messageId(), event.name(), event.userId().orElse(""),
                        event.anonymousId().orElse(""), event.previousId().orElse(""), event.groupId().orElse(""))) {
                    assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                            .as("an id or name is stored (as UTF-8) as it was sent").isEqualTo(text);
                }
            }
        });
    }
}
