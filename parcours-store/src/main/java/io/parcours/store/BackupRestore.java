package io.parcours.store;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.duckdb.DuckDBConnection;

/**
 * Checks a backup made by {@link Backup} and restores it into a data folder.
 *
 * <p>A restore never touches the target folder before the restored one is complete and checked:
 * the archive is unpacked into a new folder beside the target, every file checked against the
 * manifest's size and SHA-256 (and the zip's own CRC), the database opened and every table's rows
 * counted against the manifest, then opened by Parcours (which brings an older schema up to date
 * and loads the journal's events) and its events counted. Only then is the new folder renamed to
 * the target; a target that held something (with {@code replace}) is first renamed aside, and kept.
 * Anything that fails leaves the target as it was and removes the new folder.
 */
public final class BackupRestore {
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    private BackupRestore() {}

    /** What a restore did: what the backup held, and where the folder that was in the way went, if anywhere. */
    public record Restored(BackupManifest manifest, Path folder, Optional<Path> keptAside) {}

    /** Reads a whole archive and checks every file against its manifest; returns the manifest. */
    public static BackupManifest verify(Path archive) {
        requireFile(archive);
        try (InputStream in = Files.newInputStream(archive)) {
            return read(in, archive.toString(), null);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "cannot read " + archive + ": " + DiskSpace.explain(e), e);
        }
    }

    /**
     * Restores the backup {@code archive} into {@code target}, which must be missing or empty unless
     * {@code replace}; then the folder that was there is renamed aside and kept.
     */
    public static Restored restore(Path archive, Path target, boolean replace) {
        requireFile(archive);
        Path folder = target.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw ParcoursException.invalid("data", folder + " is a file, not a folder: name a folder to restore into");
        }
        boolean occupied = !isEmpty(folder);
        if (occupied && !replace) {
            throw ParcoursException.conflict("the folder " + folder + " is not empty: restore into a new folder, or add "
                    + "--force to replace it (what it holds is then kept beside it, renamed)");
        }
        if (occupied) {
            requireNotInUse(folder);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path temporary = folder.resolveSibling(folder.getFileName() + ".restoring-" + stamp);
        try {
            Files.createDirectories(temporary);
            BackupManifest manifest;
            try (InputStream in = Files.newInputStream(archive)) {
                manifest = read(in, archive.toString(), temporary);
            }
            checkDatabase(temporary, manifest, archive.toString());
            try (ParcoursStore restored = ParcoursStore.open(temporary)) {
                if (restored.events().size() != manifest.events()) {
                    throw BackupManifest.damaged(archive.toString(), "the restored folder holds " + restored.events().size()
                            + " events where the manifest says " + manifest.events());
                }
            }
            Optional<Path> aside = Optional.empty();
            if (occupied) {
                aside = Optional.of(folder.resolveSibling(folder.getFileName() + ".before-restore-" + stamp));
                Files.move(folder, aside.get(), StandardCopyOption.ATOMIC_MOVE);
            } else if (Files.exists(folder)) {
                Files.delete(folder);
            }
            try {
                Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (aside.isPresent()) {
                    Files.move(aside.get(), folder, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            return new Restored(manifest, folder, aside);
        } catch (IOException e) {
            removeQuietly(temporary);
            throw new ParcoursException(ErrorCode.STORAGE, "the restore failed, " + folder + " is as it was: "
                    + DiskSpace.explain(e), e);
        } catch (RuntimeException e) {
            removeQuietly(temporary);
            throw e;
        }
    }

    /**
     * Reads an archive's entries, writing its files into {@code into} (or nowhere, to check only),
     * and checks them against the manifest, which comes last.
     */
    static BackupManifest read(InputStream in, String archive, Path into) throws IOException {
        Map<String, BackupManifest.FileSum> found = new TreeMap<>();
        String manifestText = null;
        try {
            ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, 1 << 16));
            byte[] chunk = new byte[1 << 16];
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.equals(BackupManifest.ENTRY) && manifestText == null) {
                    byte[] text = zip.readNBytes(MAX_MANIFEST_BYTES + 1);
                    if (text.length > MAX_MANIFEST_BYTES) {
                        throw BackupManifest.damaged(archive, "its manifest is larger than 1 MB");
                    }
                    manifestText = new String(text, StandardCharsets.UTF_8);
                    continue;
                }
                if (!Backup.FILE_NAMES.matcher(name).matches() || found.containsKey(name) || manifestText != null) {
                    throw BackupManifest.damaged(archive, "it holds an unexpected entry '" + name + "'");
                }
                MessageDigest sha256 = Backup.sha256();
                long bytes = 0;
                Path file = into == null ? null : into.resolve(name);
                if (file != null) {
                    Files.createDirectories(file.getParent());
                }
                try (OutputStream out = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
                    for (int read = zip.read(chunk); read >= 0; read = zip.read(chunk)) {
                        sha256.update(chunk, 0, read);
                        out.write(chunk, 0, read);
                        bytes += read;
                    }
                }
                found.put(name, new BackupManifest.FileSum(bytes, HexFormat.of().formatHex(sha256.digest())));
            }
        } catch (ZipException | EOFException e) {
            throw BackupManifest.damaged(archive, "it is damaged or cut short (" + e.getMessage() + ")");
        }
        if (manifestText == null) {
            throw BackupManifest.damaged(archive, found.isEmpty() ? "it is not a zip file made by 'parcours backup'"
                    : "it ends before its manifest (cut short?)");
        }
        BackupManifest manifest = BackupManifest.parse(manifestText, archive);
        for (Map.Entry<String, BackupManifest.FileSum> listed : manifest.files().entrySet()) {
            BackupManifest.FileSum sum = found.get(listed.getKey());
            if (sum == null) {
                throw BackupManifest.damaged(archive, "'" + listed.getKey() + "', listed in its manifest, is missing");
            }
            if (!sum.equals(listed.getValue())) {
                throw BackupManifest.damaged(archive, "'" + listed.getKey() + "' does not match the size and SHA-256 "
                        + "in its manifest");
            }
        }
        for (String name : found.keySet()) {
            if (!manifest.files().containsKey(name)) {
                throw BackupManifest.damaged(archive, "'" + name + "' is not listed in its manifest");
            }
        }
        if (!manifest.files().containsKey(ParcoursStore.DATABASE_FILE)) {
            throw BackupManifest.damaged(archive, "it holds no database");
        }
        return manifest;
    }

    /** Opens the unpacked database: made by a Parcours this one can read, and every table's rows as the manifest says. */
    private static void checkDatabase(Path folder, BackupManifest manifest, String archive) throws IOException {
        Properties settings = new Properties();
        settings.setProperty("memory_limit", ParcoursStore.duckdbMemory());
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + folder.resolve(ParcoursStore.DATABASE_FILE), settings)) {
            List<String> unknown = Migrations.unknownApplied(db);
            if (!unknown.isEmpty()) {
                throw ParcoursException.invalid("backup", archive + " comes from a newer Parcours: its database has schema "
                        + "version " + manifest.schemaVersion() + " and this Parcours knows up to " + Migrations.latestKnown(db)
                        + " (unknown: " + String.join(", ", unknown) + "); restore it with that version or a newer one");
            }
            try (Statement statement = db.createStatement()) {
                for (Map.Entry<String, Long> table : manifest.tables().entrySet()) {
                    long rows;
                    try (ResultSet result = statement.executeQuery("SELECT count(*) FROM \""
                            + table.getKey().replace("\"", "\"\"") + "\"")) {
                        result.next();
                        rows = result.getLong(1);
                    } catch (SQLException e) {
                        throw BackupManifest.damaged(archive, "its database lacks the table " + table.getKey());
                    }
                    if (rows != table.getValue()) {
                        throw BackupManifest.damaged(archive, "its table " + table.getKey() + " holds " + rows
                                + " rows where the manifest says " + table.getValue());
                    }
                }
            }
        } catch (SQLException e) {
            throw BackupManifest.damaged(archive, "its database cannot be opened (" + e.getMessage() + ")");
        }
    }

    /** A folder that a running Parcours holds must not be renamed under it. */
    private static void requireNotInUse(Path folder) {
        Path file = folder.resolve(ParcoursStore.DATABASE_FILE);
        if (!Files.exists(file)) {
            return;
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (var ignored = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
            // not in use
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                throw new ParcoursException(ErrorCode.STORAGE, "the folder " + folder + " is in use by a running Parcours: "
                        + "stop it before restoring over it");
            }
            // A folder whose database cannot be opened at all is what a restore is for.
        }
    }

    private static void requireFile(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw ParcoursException.notFound("no backup file " + archive);
        }
    }

    private static boolean isEmpty(Path folder) {
        if (!Files.exists(folder)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void removeQuietly(Path folder) {
        try {
            Backup.deleteTree(folder);
        } catch (IOException ignored) {
            // what is left is named .restoring-...: harmless, and the message names the target
        }
    }
}
