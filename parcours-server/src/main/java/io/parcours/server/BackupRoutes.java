package io.parcours.server;

import io.parcours.model.Role;
import io.parcours.store.Backup;
import io.parcours.store.BackupManifest;
import io.parcours.store.ParcoursStore;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/backup}: a backup of the running instance, streamed as one zip file
 * (docs/operations.md, "Backup and restore"). The copy is made inside the server, the only process
 * that may open the database while it runs; {@code parcours backup --server URL} calls this route.
 */
final class BackupRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ParcoursStore store;
    private final Clock clock;

    BackupRoutes(ParcoursStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(Route.post("/api/admin/backup").role(Role.ADMIN).tag("operations")
                .summary("A backup of this instance as one zip file: the database, the events not yet loaded into it, "
                        + "and a manifest with counts and SHA-256 sums; restore it with 'parcours restore'")
                .returnsFile("application/zip")
                .handle(ctx -> {
                    String name = "parcours-backup-" + STAMP.format(clock.instant()) + ".zip";
                    ctx.contentType("application/zip");
                    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
                    ctx.header("Cache-Control", "no-store");
                    // Nothing is written before the copy is made, so a refusal is still a JSON error.
                    OutputStream out = ctx.res().getOutputStream();
                    BackupManifest manifest = Backup.write(store, out, clock);
                    out.flush();
                    LOG.info("backup {} sent to {}: {} events", name, Caller.of(ctx).map(Caller::name).orElse("unknown"),
                            manifest.events());
                }));
    }
}
