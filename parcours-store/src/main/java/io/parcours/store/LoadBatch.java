package io.parcours.store;

import java.util.ArrayList;
import java.util.List;

/** The journaled records of one load, in seq order, as the groups the writer journaled them in. */
final class LoadBatch {
    final List<JournalRecords> blocks = new ArrayList<>();
    private int size;

    static LoadBatch of(JournalRecords records) {
        LoadBatch batch = new LoadBatch();
        batch.add(records);
        return batch;
    }

    void add(JournalRecords records) {
        blocks.add(records);
        size += records.count();
    }

    /** How many records the batch holds. */
    int size() {
        return size;
    }

    /** Keeps the first {@code most} records and returns the others (null when there are none). */
    JournalRecords cutAfter(int most) {
        if (size <= most) {
            return null;
        }
        // Added whole until the batch held enough: only the last block goes beyond.
        int before = size - blocks.get(blocks.size() - 1).count();
        if (before >= most) {
            throw new IllegalStateException("a batch of " + size + " records holds " + most + " before its last block");
        }
        JournalRecords last = blocks.remove(blocks.size() - 1);
        blocks.add(last.first(most - before));
        size = most;
        return last.after(most - before);
    }

    void clear() {
        blocks.clear();
        size = 0;
    }
}
