package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fingerprint set against the JDK's HashSet, through many growths, in one table and in many. */
class LongHashSetTest {
    /** Zero marks an empty slot: the set stores it as one, and the model does the same. */
    private static long asStored(long value) {
        return value == 0 ? 1 : value;
    }

    @Test
    void addsContainsAndRemovesAsAHashSetDoesWhileGrowing() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            LongHashSet set = seed % 2 == 0 ? new LongHashSet(1) : new LongHashSet(1, 64);
            Set<Long> model = new HashSet<>();
            // A range small enough for repeats, values near zero included; removals rare, as in the event log.
            long range = 1L << (8 + random.nextInt(12));
            for (int step = 0; step < 60_000; step++) {
                long value = random.nextLong(range) - range / 8;
                int operation = random.nextInt(100);
                if (operation < 60) {
                    assertThat(set.add(value)).as("add %d at step %d, seed %d", value, step, seed)
                            .isEqualTo(model.add(asStored(value)));
                } else if (operation < 97) {
                    assertThat(set.contains(value)).as("contains %d at step %d, seed %d", value, step, seed)
                            .isEqualTo(model.contains(asStored(value)));
                } else {
                    assertThat(set.remove(value)).as("remove %d at step %d, seed %d", value, step, seed)
                            .isEqualTo(model.remove(asStored(value)));
                }
                assertThat(set.size()).isEqualTo(model.size());
            }
            for (long value : model) {
                assertThat(set.contains(value)).as("%d kept, seed %d", value, seed).isTrue();
            }
        }
    }

    @Test
    void everyEntryStaysFoundWhileTheSegmentsGrow() {
        LongHashSet set = new LongHashSet(1_000, LongHashSet.MANY_SEGMENTS);
        SplittableRandom random = new SplittableRandom(7);
        long[] added = new long[300_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong();
            assertThat(set.add(added[i])).isTrue();
            // after each addition, a sample of the earlier ones (and the one just added) is still there
            assertThat(set.contains(added[i])).isTrue();
            assertThat(set.contains(added[random.nextInt(i + 1)])).isTrue();
            assertThat(set.add(added[random.nextInt(i + 1)])).as("a repeat at %d", i).isFalse();
        }
        assertThat(set.size()).isEqualTo(added.length);
        // Three quarters full at most: no more than 22 bytes a value once the segments hold a few each.
        assertThat(set.bytes()).isLessThanOrEqualTo(22L * added.length + 8L * 16 * LongHashSet.MANY_SEGMENTS);
    }

    /** Two threads adding the halves of a batch at once do what one thread adding it in order does. */
    @Test
    void addingABatchInTwoHalvesAtOnceIsAddingItInOrder() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        LongHashSet halves = new LongHashSet(1_000, LongHashSet.MANY_SEGMENTS);
        java.util.Set<Long> expected = new java.util.HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long value = random.nextLong(1_000_000);
            halves.add(value);
            expected.add(value);
        }
        int count = 300_000;
        long[] batch = new long[count];
        for (int i = 0; i < count; i++) {
            // Values already there, values twice in the batch, zero, and new ones.
            batch[i] = random.nextInt(10) == 0 ? 0 : random.nextLong(2_000_000);
        }
        boolean[] added = new boolean[count];
        Thread other = new Thread(() -> halves.addPart(batch, count, added, 1, 2));
        other.start();
        halves.addPart(batch, count, added, 0, 2);
        other.join();
        for (int i = 0; i < count; i++) {
            assertThat(added[i]).as("value %d at %d", batch[i], i).isEqualTo(expected.add(batch[i] == 0 ? 1 : batch[i]));
        }
        assertThat(halves.size()).isEqualTo(expected.size());
        for (long value : expected) {
            assertThat(halves.contains(value)).isTrue();
        }
    }

    /** Room reserved for a batch: what the set held stays found, and adding the batch grows no table. */
    @Test
    void reservingRoomKeepsEveryEntryAndSparesTheGrowing() {
        SplittableRandom random = new SplittableRandom(11);
        LongHashSet set = new LongHashSet(1_000, LongHashSet.MANY_SEGMENTS);
        long[] before = new long[100_000];
        for (int i = 0; i < before.length; i++) {
            before[i] = random.nextLong();
            set.add(before[i]);
        }
        set.reserve(400_000);
        long reserved = set.bytes();
        for (long value : before) {
            assertThat(set.contains(value)).isTrue();
            assertThat(set.add(value)).isFalse();
        }
        for (int i = 0; i < 400_000; i++) {
            assertThat(set.add(random.nextLong())).isTrue();
        }
        assertThat(set.size()).isEqualTo(500_000);
        assertThat(set.bytes()).as("no table grew after the reservation").isEqualTo(reserved);
        // and no more than twice the room the values need at three quarters full
        assertThat(reserved).isLessThanOrEqualTo(2 * 8L * 500_000 * 4 / 3 + 8L * 32 * LongHashSet.MANY_SEGMENTS);
    }
}
