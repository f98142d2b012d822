package io.parcours.cli;

import io.parcours.store.BackupRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parcours restore FILE --data DIR}: a backup made by {@code parcours backup}, restored into
 * a new or empty data folder (or, with {@code --force}, in place of one, which is kept aside). The
 * folder is only replaced once the restored one is complete and checked.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made by 'parcours backup' into a new or empty data folder (with the server stopped).")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup's zip file.")
    Path archive;

    @Mixin
    DataFolder data;

    @Option(names = "--force", description = "Replace a data folder that is not empty; it is kept beside, renamed.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        BackupRestore.Restored restored = BackupRestore.restore(archive, data.folder, force);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(java.util.Locale.ROOT, "Restored %s into %s: %d events, schema version %s, backed up %s by Parcours %s; "
                + "checked and opened in %.1f s%n", archive, restored.folder(), restored.manifest().events(),
                restored.manifest().schemaVersion(), restored.manifest().created(), restored.manifest().parcoursVersion(),
                (System.nanoTime() - started) / 1e9);
        restored.keptAside().ifPresent(aside -> out.println("The folder that was there is kept as " + aside
                + ": delete it once you are satisfied."));
        return 0;
    }
}
