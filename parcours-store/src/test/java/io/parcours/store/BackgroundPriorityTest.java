package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background threads at a lower priority, as Linux reports it in {@code /proc}: the thread that
 * asked, the threads it starts, and no other; the event log's threads stay at normal priority.
 */
@EnabledOnOs(OS.LINUX)
class BackgroundPriorityTest {
    @TempDir
    Path data;

    /** Runs {@code work} on a new thread (a thread's nice value stays with it), and returns its result. */
    private static <T> T onNewThread(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, "priority-test");
        thread.start();
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aThreadThatLowersItsPriorityRunsAtTheNiceValueAndSoDoTheThreadsItStarts() throws Exception {
        int before = BackgroundPriority.currentNice().orElseThrow();
        int[] seen = onNewThread(() -> {
            boolean lowered = BackgroundPriority.lowerCurrentThread(10);
            int own = BackgroundPriority.currentNice().orElseThrow();
            CompletableFuture<Integer> child = new CompletableFuture<>();
            new Thread(() -> child.complete(BackgroundPriority.currentNice().orElseThrow())).start();
            return new int[] {lowered ? 1 : 0, own, child.join()};
        });
        assertThat(seen).containsExactly(1, 10, 10);
        // Only that thread: the one that started it keeps its own.
        assertThat(BackgroundPriority.currentNice()).isEqualTo(OptionalInt.of(before));
        int fresh = onNewThread(() -> BackgroundPriority.currentNice().orElseThrow());
        assertThat(fresh).isEqualTo(before);
    }

    @Test
    void zeroLeavesThePriorityAlone() throws Exception {
        int before = BackgroundPriority.currentNice().orElseThrow();
        int[] seen = onNewThread(() -> new int[] {BackgroundPriority.lowerCurrentThread(0) ? 1 : 0,
                BackgroundPriority.currentNice().orElseThrow()});
        assertThat(seen).containsExactly(0, before);
    }

    @Test
    void theNiceValueIsTenUnlessConfiguredAndAWrongOneIsToldHowToFixIt() {
        String kept = System.getProperty(BackgroundPriority.PROPERTY);
        try {
            System.clearProperty(BackgroundPriority.PROPERTY);
            assertThat(BackgroundPriority.configuredNice()).isEqualTo(10);
            System.setProperty(BackgroundPriority.PROPERTY, "19");
            assertThat(BackgroundPriority.configuredNice()).isEqualTo(19);
            System.setProperty(BackgroundPriority.PROPERTY, "0");
            assertThat(BackgroundPriority.configuredNice()).isZero();
            for (String wrong : new String[] {"20", "-5", "low"}) {
                System.setProperty(BackgroundPriority.PROPERTY, wrong);
                assertThatThrownBy(BackgroundPriority::configuredNice).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("-Dparcours.background.nice=" + wrong + " is not a nice value: give a whole number "
                                + "from 0 (leave background threads at normal priority) to 19");
            }
        } finally {
            if (kept == null) {
                System.clearProperty(BackgroundPriority.PROPERTY);
            } else {
                System.setProperty(BackgroundPriority.PROPERTY, kept);
            }
        }
    }

    /**
     * The loader stays at normal priority: at nice 10 it made the journal's syncs, which every
     * sender waits for, take over 100 ms two to three times as often in the soak test (it holds the
     * file system's journal while it writes the database, and the writer's sync waits for that).
     */
    @Test
    void anOpenStoreJournalsAndLoadsEventsAtNormalPriority() throws Exception {
        int normal = BackgroundPriority.currentNice().orElseThrow();
        try (ParcoursStore store = ParcoursStore.open(data)) {
            Map<String, Integer> nice = threadNiceValues();
            assertThat(nice).containsEntry("parcours-loader", normal).containsEntry("parcours-journa", normal);
        }
    }

    /** The nice value of each of this process's threads, by the name Linux knows it by (15 characters at most). */
    static Map<String, Integer> threadNiceValues() throws Exception {
        Map<String, Integer> nice = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The loader and the writer start as the store opens: wait for both.
        while (!(nice.containsKey("parcours-loader") && nice.containsKey("parcours-journa"))
                && System.nanoTime() < deadline) {
            nice.clear();
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    } catch (java.io.IOException gone) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    nice.put(name, BackgroundPriority.niceIn(stat).orElseThrow());
                }
            }
            Thread.sleep(20);
        }
        return nice;
    }
}
