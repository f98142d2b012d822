package io.parcours.cli;

import io.parcours.store.Compaction;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code parcours compact}: rewrites a data folder's database with its live rows only, so that
 * erased customers and purged events are gone from the disk, not only from the tables.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite the database with its live rows only (run with the server stopped): erased customers "
                + "and purged events leave the disk too. See docs/privacy.md.")
final class CompactCommand implements Callable<Integer> {
    @Mixin
    DataFolder data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Compaction.Compacted compacted = Compaction.compact(data.folder);
        spec.commandLine().getOut().printf(Locale.ROOT, "Compacted %s: %,d rows, %.1f MB before, %.1f MB after, in %.1f s%n",
                data.folder, compacted.rows(), compacted.bytesBefore() / 1e6, compacted.bytesAfter() / 1e6,
                compacted.millis() / 1e3);
        return 0;
    }
}
