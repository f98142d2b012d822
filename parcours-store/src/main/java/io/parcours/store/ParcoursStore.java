package io.parcours.store;

import static java.util.Objects.requireNonNull;

import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.MapDiff;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Problem;
import io.parcours.model.Role;
import io.parcours.model.Suggestions;
import io.parcours.model.Team;
import io.parcours.model.Workspace;
import io.parcours.model.WorkspaceRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The Parcours database: one DuckDB file in the data folder, migrated by Flyway on open. Holds
 * workspaces, teams, personas, every version of every journey map, and API tokens.
 *
 * <p>Every write runs in one transaction, and writes are serialised inside the process (DuckDB
 * would otherwise abort one of two concurrent writers), so that a failed write leaves nothing
 * half-saved. Reads run concurrently. DuckDB lets only one process open the file for writing; a
 * second Parcours on the same folder gets a clear error. Thread-safe.
 */
public final class ParcoursStore implements AutoCloseable {
    /** The database file's name inside the data folder. */
    public static final String DATABASE_FILE = "parcours.duckdb";

    private final Path dataFolder;
    private final DuckDBConnection root;
    private final Jdbi jdbi;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private final EventLog events;
    private final SurveyRecords surveys;
    private final AlertRecords alerts;
    private final HypothesisRecords hypotheses;
    private final UserRecords users;
    private final LoadedResultRecords loadedResults;
    private final PrivacyRecords privacy;
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<?>> modelCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong modelGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    /** Write keys already checked, by the SHA-256 of their secret: the hot path of ingestion asks no database. */
    private final CheckedSecrets<EventLog.Origin> writeKeyCache = new CheckedSecrets<>();
    /** API tokens already checked, the same way. */
    private final CheckedSecrets<ApiToken> tokenCache = new CheckedSecrets<>();

    private ParcoursStore(Path dataFolder, DuckDBConnection root, Clock clock, EventLog events) {
        this.dataFolder = dataFolder;
        this.root = root;
        this.clock = clock;
        this.events = events;
        this.jdbi = Jdbi.create(root::duplicate);
        this.surveys = new SurveyRecords(this);
        this.alerts = new AlertRecords(this);
        this.hypotheses = new HypothesisRecords(this);
        this.users = new UserRecords(this);
        this.loadedResults = new LoadedResultRecords(this);
        this.privacy = new PrivacyRecords(this);
    }

    /** The most events that may wait for storage before ingestion answers "overloaded". */
    public static final long MAX_PENDING_EVENTS = 500_000;

    /** Opens (creating if needed) the database in {@code dataFolder} and brings its schema up to date. */
    public static ParcoursStore open(Path dataFolder) {
        return open(dataFolder, Clock.systemUTC());
    }

    public static ParcoursStore open(Path dataFolder, Clock clock) {
        return open(dataFolder, clock, MAX_PENDING_EVENTS);
    }

    /** Opens the database with a bound on the events that may wait for storage (see {@link EventLog}). */
    public static ParcoursStore open(Path dataFolder, Clock clock, long maxPendingEvents) {
        requireNonNull(dataFolder, "dataFolder is null");
        try {
            Files.createDirectories(dataFolder);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "cannot create the data folder " + dataFolder + ": " + e, e);
        }
        if (!Files.isWritable(dataFolder)) {
            throw new ParcoursException(ErrorCode.STORAGE, "the data folder " + dataFolder
                    + " is not writable: give Parcours write access or choose another folder with --data");
        }
        Path file = dataFolder.resolve(DATABASE_FILE);
        DuckDBConnection connection;
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties properties = new Properties();
            connection = (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(),
                    properties);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("lock")) {
                throw new ParcoursException(ErrorCode.STORAGE, "the data folder " + dataFolder
                        + " is in use by another Parcours process; stop it, or use another folder with --data", e);
            }
            throw new ParcoursException(ErrorCode.STORAGE, "cannot open the database " + file + ": " + message, e);
        } catch (ClassNotFoundException e) {
            throw new ParcoursException(ErrorCode.INTERNAL, "the DuckDB driver is missing from the build", e);
        }
        EventLog events;
        try {
            try (java.sql.Statement settings = connection.createStatement()) {
                // Checkpoints (the write-ahead log folded into the database file) pause writers; with
                // a larger log they come less often. The log is replayed at start after a crash.
                settings.execute("SET checkpoint_threshold = '" + System.getProperty("parcours.checkpoint", "256MB") + "'");
                // DuckDB takes 80% of the machine's memory by default, on top of the JVM's heap: together
                // they can exceed it, and the kernel kills the process. Leave the heap its room.
                settings.execute("SET memory_limit = '" + System.getProperty("parcours.duckdb.memory", duckdbMemory()) + "'");
            }
            Migrations.migrate(connection);
            events = new EventLog((DuckDBConnection) connection.duplicate(), dataFolder.resolve("journal"),
                    maxPendingEvents);
        } catch (IOException e) {
            closeQuietly(connection);
            throw new ParcoursException(ErrorCode.STORAGE, "cannot read the event journal in " + dataFolder + ": "
                    + e.getMessage(), e);
        } catch (FlywayException | SQLException e) {
            closeQuietly(connection);
            throw new ParcoursException(ErrorCode.STORAGE, "cannot bring the database " + file + " up to date: "
                    + e.getMessage(), e);
        }
        return new ParcoursStore(dataFolder, connection, clock, events);
    }

    /**
     * DuckDB's memory limit when none is set: three quarters of what the machine's memory leaves
     * beside the JVM's largest heap, at least 1 GB.
     */
    static String duckdbMemory() {
        long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long free = physical - Runtime.getRuntime().maxMemory();
        long limit = Math.max(1L << 30, free / 4 * 3);
        return (limit >> 20) + "MB";
    }

    public Path dataFolder() {
        return dataFolder;
    }

    /** Stores what is queued, then closes the database. */
    @Override
    public void close() {
        events.close();
        closeQuietly(root);
        closeDatabaseFile();
    }

    /** The database file open for reading, once a backup asked for it; closed only with the store. */
    private java.nio.channels.FileChannel databaseFile;

    /**
     * The database file, open for reading, for a backup to copy. Opened once and closed only after
     * the database: DuckDB holds the file with a POSIX lock, which a process loses as soon as it
     * closes any descriptor of the file, so a copy that opened and closed it would let a second
     * process open the database beside this one.
     */
    synchronized java.nio.channels.FileChannel databaseFile() throws IOException {
        if (databaseFile == null) {
            databaseFile = java.nio.channels.FileChannel.open(dataFolder.resolve(DATABASE_FILE),
                    java.nio.file.StandardOpenOption.READ);
        }
        return databaseFile;
    }

    private synchronized void closeDatabaseFile() {
        if (databaseFile != null) {
            try {
                databaseFile.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with the error
            }
            databaseFile = null;
        }
    }

    /** Survey invitations, answers and settings. */
    public SurveyRecords surveys() {
        return surveys;
    }

    /** Alerts on touchpoints that need action. */
    public AlertRecords alerts() {
        return alerts;
    }

    /** Hypotheses about changes, and their experiments. */
    public HypothesisRecords hypotheses() {
        return hypotheses;
    }

    /** The people who log in to the dashboard, their sessions and failed logins. */
    public UserRecords users() {
        return users;
    }

    /** Results of analyses computed elsewhere (the Spark job), loaded to be shown in the dashboard. */
    public LoadedResultRecords loadedResults() {
        return loadedResults;
    }

    /** Retention periods and the record of erasures. */
    public PrivacyRecords privacy() {
        return privacy;
    }

    /** The durable event log that ingestion appends to. */
    public EventLog events() {
        return events;
    }

    private static void closeQuietly(DuckDBConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with the error
        }
    }

    // ---- transactions -------------------------------------------------------------------------

    /** Runs reads in one transaction, so that they see one consistent snapshot even while others write. */
    <T> T read(Function<Handle, T> work) {
        try (Handle handle = jdbi.open()) {
            return handle.inTransaction(work::apply);
        } catch (JdbiException e) {
            throw storageError(e);
        }
    }

    <T> T write(Function<Handle, T> work) {
        try {
            return writeRecords(work);
        } finally {
            modelGeneration.incrementAndGet();
            modelCache.clear();
        }
    }

    /** A write that changes no workspace, team, persona or map (survey records): the model cache stays. */
    <T> T writeRecords(Function<Handle, T> work) {
        writeLock.lock();
        try (Handle handle = jdbi.open()) {
            return handle.inTransaction(work::apply);
        } catch (JdbiException e) {
            throw storageError(e);
        } finally {
            writes.incrementAndGet();
            writeLock.unlock();
        }
    }

    /**
     * How many writes of records (answers, invitations, maps, users...) this store has made, failed
     * ones included: a number that grows whenever what the store holds may have changed, for
     * caches of figures to know theirs may be old. Events are counted by their listeners.
     */
    public long writes() {
        return writes.get();
    }

    private static ParcoursException storageError(Exception e) {
        return new ParcoursException(ErrorCode.STORAGE, "the database failed: "
                + DiskSpace.diskProblem(e).orElseGet(e::getMessage), e);
    }

    /**
     * Runs {@code work} with every write to the database held off, records and event loads alike,
     * while reads go on: the database's files then hold still, for a backup to copy them.
     */
    <T> T withWritesPaused(java.util.concurrent.Callable<T> work) throws IOException {
        writeLock.lock();
        try {
            return events.whileNotLoading(work);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- workspaces ---------------------------------------------------------------------------

    /** The workspaces with their map counts, in creation order (cached until the next write, as the model is). */
    public List<WorkspaceSummary> workspaces() {
        return cached("workspaces", () -> Optional.of(read(handle -> handle.createQuery("""
                        SELECT w.key, w.name, w.description,
                               (SELECT count(*) FROM maps m WHERE m.workspace_key = w.key) AS maps
                        FROM workspaces w ORDER BY w.created_at, w.key""")
                .map((rs, ctx) -> new WorkspaceSummary(rs.getString("key"), rs.getString("name"),
                        rs.getString("description"), rs.getInt("maps")))
                .list()).stream().toList())).orElseThrow();
    }

    /** Creates an empty workspace; a conflict if the key is taken. */
    public WorkspaceSummary createWorkspace(String key, String name, String description) {
        Workspace validated = new Workspace(key, name, description, List.of(), List.of(), List.of());
        return write(handle -> {
            if (workspaceExists(handle, key)) {
                throw ParcoursException.conflict("workspace '" + key + "' already exists");
            }
            insertWorkspace(handle, validated.key(), validated.name(), validated.description());
            return new WorkspaceSummary(key, name, validated.description(), 0);
        });
    }

    public WorkspaceSummary updateWorkspace(String key, String name, String description) {
        Workspace validated = new Workspace(key, name, description, List.of(), List.of(), List.of());
        return write(handle -> {
            requireWorkspace(handle, key);
            handle.createUpdate("UPDATE workspaces SET name = :name, description = :description WHERE key = :key")
                    .bind("key", key).bind("name", validated.name()).bind("description", validated.description())
                    .execute();
            return summary(handle, key);
        });
    }

    /** Deletes a workspace and everything in it: teams, personas, maps with every version, sources, keys and events. */
    public void deleteWorkspace(String key) {
        write(handle -> {
            requireWorkspace(handle, key);
            events.deleteWorkspace(key);
            for (String table : List.of("retention", "erasures", "loaded_results", "hypotheses", "alerts", "survey_answers", "survey_invitations", "survey_settings", "survey_choices",
                    "survey_questions", "surveys", "match_rules", "kpi_targets", "touchpoints", "stages", "map_versions", "maps",
                    "persona_rules", "personas", "teams", "write_keys", "sources")) {
                handle.createUpdate("DELETE FROM " + table + " WHERE workspace_key = :key").bind("key", key).execute();
            }
            handle.createUpdate("DELETE FROM workspaces WHERE key = :key").bind("key", key).execute();
            return null;
        });
        // After the commit: a look-up that read the keys before it is not kept (CheckedSecrets).
        writeKeyCache.forgetAll();
    }

    /** The workspace with its teams, personas and the latest version of each map. */
    public Optional<Workspace> workspace(String key) {
        return cached("workspace\u0000" + key,
                () -> read(handle -> workspaceExists(handle, key) ? Optional.of(loadWorkspace(handle, key)) : Optional.empty()));
    }

    /**
     * A workspace or map as last loaded, or loaded now: every API call reads them, and loading a
     * map of 40 touchpoints takes some 30 queries. Any write to them empties the cache. A reader
     * that loaded while a write committed drops what it cached (the generation moved), so the cache
     * never keeps a value older than the last write.
     */
    @SuppressWarnings("unchecked")
    private <T> Optional<T> cached(String key, java.util.function.Supplier<Optional<T>> load) {
        Optional<?> hit = modelCache.get(key);
        if (hit != null) {
            return (Optional<T>) hit;
        }
        long generation = modelGeneration.get();
        Optional<T> loaded = load.get();
        if (loaded.isPresent()) {
            modelCache.put(key, loaded);
            if (modelGeneration.get() != generation) {
                modelCache.remove(key);
            }
        }
        return loaded;
    }

    public Workspace requireWorkspace(String key) {
        return workspace(key).orElseThrow(() -> unknownWorkspace(key));
    }

    private Workspace loadWorkspace(Handle handle, String key) {
        WorkspaceSummary summary = summary(handle, key);
        List<JourneyMap> maps = new ArrayList<>();
        for (String mapKey : handle.createQuery("SELECT key FROM maps WHERE workspace_key = :ws ORDER BY position, key")
                .bind("ws", key).mapTo(String.class).list()) {
            int latest = latestVersion(handle, key, mapKey).orElseThrow();
            maps.add(MapRows.load(handle, key, mapKey, latest).map());
        }
        return new Workspace(key, summary.name(), summary.description(), MapRows.teams(handle, key),
                MapRows.personas(handle, key), maps);
    }

    private WorkspaceSummary summary(Handle handle, String key) {
        return handle.createQuery("""
                        SELECT w.key, w.name, w.description,
                               (SELECT count(*) FROM maps m WHERE m.workspace_key = w.key) AS maps
                        FROM workspaces w WHERE w.key = :key""")
                .bind("key", key)
                .map((rs, ctx) -> new WorkspaceSummary(rs.getString("key"), rs.getString("name"),
                        rs.getString("description"), rs.getInt("maps")))
                .findOne().orElseThrow(() -> unknownWorkspace(key));
    }

    private void insertWorkspace(Handle handle, String key, String name, String description) {
        handle.createUpdate("INSERT INTO workspaces (key, name, description, created_at) VALUES (:key, :name, :description, :now)")
                .bind("key", key).bind("name", name).bind("description", description)
                .bind("now", now()).execute();
    }

    private static boolean workspaceExists(Handle handle, String key) {
        return handle.createQuery("SELECT count(*) FROM workspaces WHERE key = :key").bind("key", key)
                .mapTo(Integer.class).one() > 0;
    }

    void requireWorkspace(Handle handle, String key) {
        if (!workspaceExists(handle, key)) {
            throw unknownWorkspace(key);
        }
    }

    private ParcoursException unknownWorkspace(String key) {
        List<String> known = workspaces().stream().map(WorkspaceSummary::key).toList();
        return ParcoursException.notFound("no workspace '" + key + "'" + Suggestions.hint(key, known));
    }

    // ---- teams and personas ---------------------------------------------------------------------

    /** Adds a team, or replaces the one with the same key. */
    public Team saveTeam(String workspace, Team team) {
        return write(handle -> {
            Workspace current = loadWorkspace(handle, workspace);
            List<Team> teams = replaceByKey(current.teams(), team, Team::key);
            new Workspace(current.key(), current.name(), current.description(), teams, current.personas(), current.maps());
            MapRows.replaceTeams(handle, workspace, teams);
            return team;
        });
    }

    /** Deletes a team; refused while a touchpoint of the latest version of a map is owned by it. */
    public void deleteTeam(String workspace, String teamKey) {
        write(handle -> {
            Workspace current = loadWorkspace(handle, workspace);
            current.team(teamKey).orElseThrow(() -> ParcoursException.notFound("no team '" + teamKey
                    + "' in workspace '" + workspace + "'"));
            List<String> owned = current.maps().stream().flatMap(map -> map.touchpoints().stream()
                    .filter(tp -> tp.owner().filter(teamKey::equals).isPresent())
                    .map(tp -> map.key() + "/" + tp.key())).toList();
            if (!owned.isEmpty()) {
                throw ParcoursException.conflict("team '" + teamKey + "' still owns " + owned.size()
                        + " touchpoint(s), for example " + owned.get(0) + ": give them another owner first");
            }
            MapRows.replaceTeams(handle, workspace,
                    current.teams().stream().filter(team -> !team.key().equals(teamKey)).toList());
            return null;
        });
    }

    public Persona savePersona(String workspace, Persona persona) {
        return write(handle -> {
            Workspace current = loadWorkspace(handle, workspace);
            List<Persona> personas = replaceByKey(current.personas(), persona, Persona::key);
            MapRows.replacePersonas(handle, workspace, personas);
            return persona;
        });
    }

    /** Deletes a persona; refused while a map is drawn for it. */
    public void deletePersona(String workspace, String personaKey) {
        write(handle -> {
            Workspace current = loadWorkspace(handle, workspace);
            current.persona(personaKey).orElseThrow(() -> ParcoursException.notFound("no persona '" + personaKey
                    + "' in workspace '" + workspace + "'"));
            List<String> maps = current.maps().stream().filter(map -> map.persona().equals(personaKey))
                    .map(JourneyMap::key).toList();
            if (!maps.isEmpty()) {
                throw ParcoursException.conflict("persona '" + personaKey + "' still has map(s) " + String.join(", ", maps)
                        + ": delete them or draw them for another persona first");
            }
            MapRows.replacePersonas(handle, workspace,
                    current.personas().stream().filter(p -> !p.key().equals(personaKey)).toList());
            return null;
        });
    }

    private static <T> List<T> replaceByKey(List<T> items, T replacement, Function<T, String> key) {
        List<T> result = new ArrayList<>();
        boolean replaced = false;
        for (T item : items) {
            if (key.apply(item).equals(key.apply(replacement))) {
                result.add(replacement);
                replaced = true;
            } else {
                result.add(item);
            }
        }
        if (!replaced) {
            result.add(replacement);
        }
        return result;
    }

    // ---- maps and versions ----------------------------------------------------------------------

    /**
     * Saves a map as its new latest version and returns that version. If the map is the same as its
     * latest version, nothing is written and the latest version is returned. The map's references
     * (persona, owners, redesigned map) must exist in the workspace, and the save must not break
     * another map (a current-state map that a future-state map redesigns stays current).
     */
    public MapVersion saveMap(String workspace, JourneyMap map, String author, String message) {
        return save(workspace, map, author, message).version();
    }

    /** Saves a map, as {@link #saveMap}, and tells whether it was created or changed. */
    public SavedMap save(String workspace, JourneyMap map, String author, String message) {
        return write(handle -> saveMap(handle, workspace, map, author, message));
    }

    /**
     * Changes the latest version of a map and saves the result, all under the write lock, so that
     * two edits made at the same time (one adds a stage, the other a touchpoint) both survive.
     */
    public SavedMap edit(String workspace, String mapKey, UnaryOperator<JourneyMap> change, String author, String message) {
        return write(handle -> {
            int latest = latestVersion(handle, workspace, mapKey).orElseThrow(() -> unknownMap(handle, workspace, mapKey));
            JourneyMap current = MapRows.load(handle, workspace, mapKey, latest).map();
            return saveMap(handle, workspace, change.apply(current), author, message);
        });
    }

    private SavedMap saveMap(Handle handle, String workspace, JourneyMap map, String author, String message) {
        Workspace current = loadWorkspace(handle, workspace);
        List<JourneyMap> maps = replaceByKey(current.maps(), map, JourneyMap::key);
        // The workspace was consistent before; any problem now is one this save would cause.
        List<Problem> problems = WorkspaceRules.problems(current.teams(), current.personas(), maps,
                WorkspaceRules.Known.NONE);
        if (!problems.isEmpty()) {
            String prefix = "maps[" + maps.indexOf(map) + "]";
            throw ParcoursException.invalid(problems.stream().map(problem -> problem.field().startsWith(prefix)
                    ? Problem.of(problem.field().substring(prefix.length()).replaceFirst("^\\.", ""), problem.message())
                    : Problem.of("", "this change would break another map: " + problem.message())).toList());
        }
        Optional<Integer> latest = latestVersion(handle, workspace, map.key());
        if (latest.isPresent()) {
            MapVersion previous = MapRows.load(handle, workspace, map.key(), latest.get());
            if (previous.map().equals(map)) {
                return new SavedMap(previous, false, false);
            }
        }
        int version = latest.orElse(0) + 1;
        Instant savedAt = instantNow();
        String who = author == null || author.isBlank() ? "unknown" : author;
        String why = message == null ? "" : message;
        MapRows.insertVersion(handle, workspace, version, savedAt, who, why, map);
        if (latest.isEmpty()) {
            int position = handle.createQuery("SELECT coalesce(max(position) + 1, 0) FROM maps WHERE workspace_key = :ws")
                    .bind("ws", workspace).mapTo(Integer.class).one();
            handle.createUpdate("""
                            INSERT INTO maps (workspace_key, key, position, latest_version, created_at)
                            VALUES (:ws, :key, :position, :version, :now)""")
                    .bind("ws", workspace).bind("key", map.key()).bind("position", position)
                    .bind("version", version).bind("now", savedAt.atOffset(java.time.ZoneOffset.UTC)).execute();
        } else {
            handle.createUpdate("UPDATE maps SET latest_version = :version WHERE workspace_key = :ws AND key = :key")
                    .bind("ws", workspace).bind("key", map.key()).bind("version", version).execute();
        }
        return new SavedMap(new MapVersion(workspace, version, savedAt, who, why, map), latest.isEmpty(), true);
    }

    public Optional<MapVersion> latestMap(String workspace, String mapKey) {
        return cached("map\u0000" + workspace + "\u0000" + mapKey, () -> read(handle -> latestVersion(handle, workspace, mapKey)
                .map(version -> MapRows.load(handle, workspace, mapKey, version))));
    }

    public MapVersion requireLatestMap(String workspace, String mapKey) {
        return latestMap(workspace, mapKey).orElseThrow(() -> unknownMap(workspace, mapKey));
    }

    /** The latest version number of every map of a workspace, by map key. */
    public java.util.Map<String, Integer> latestVersions(String workspace) {
        return read(handle -> {
            java.util.Map<String, Integer> versions = new java.util.LinkedHashMap<>();
            handle.createQuery("SELECT key, latest_version FROM maps WHERE workspace_key = :ws ORDER BY position")
                    .bind("ws", workspace)
                    .map((rs, ctx) -> versions.put(rs.getString("key"), rs.getInt("latest_version"))).list();
            return versions;
        });
    }

    public List<VersionInfo> versions(String workspace, String mapKey) {
        List<VersionInfo> versions = read(handle -> handle.createQuery("""
                        SELECT version, saved_at, author, message FROM map_versions
                        WHERE workspace_key = :ws AND map_key = :map ORDER BY version""")
                .bind("ws", workspace).bind("map", mapKey)
                .map((rs, ctx) -> new VersionInfo(rs.getInt("version"),
                        rs.getObject("saved_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("author"), rs.getString("message")))
                .list());
        if (versions.isEmpty()) {
            throw unknownMap(workspace, mapKey);
        }
        return versions;
    }

    public MapVersion version(String workspace, String mapKey, int version) {
        return read(handle -> {
            int latest = latestVersion(handle, workspace, mapKey).orElseThrow(() -> unknownMap(handle, workspace, mapKey));
            if (version < 1 || version > latest) {
                throw ParcoursException.notFound("map '" + mapKey + "' has no version " + version + ": its versions are 1 to "
                        + latest);
            }
            return MapRows.load(handle, workspace, mapKey, version);
        });
    }

    /** Makes an old version the latest again, as a new version, so that history is never rewritten. */
    public MapVersion restore(String workspace, String mapKey, int version, String author) {
        MapVersion old = version(workspace, mapKey, version);
        return write(handle -> saveMap(handle, workspace, old.map(), author, "restored version " + version)).version();
    }

    /** The differences from version {@code from} to version {@code to} of a map. */
    public MapDiff diff(String workspace, String mapKey, int from, int to) {
        return MapDiff.between(version(workspace, mapKey, from).map(), version(workspace, mapKey, to).map());
    }

    /** Deletes a map with all its versions; refused while a future-state map redesigns it. */
    public void deleteMap(String workspace, String mapKey) {
        write(handle -> {
            Workspace current = loadWorkspace(handle, workspace);
            current.map(mapKey).orElseThrow(() -> unknownMap(handle, workspace, mapKey));
            List<String> redesigns = current.maps().stream()
                    .filter(map -> map.redesigns().filter(mapKey::equals).isPresent()).map(JourneyMap::key).toList();
            if (!redesigns.isEmpty()) {
                throw ParcoursException.conflict("map '" + mapKey + "' is redesigned by " + String.join(", ", redesigns)
                        + ": delete those first or point them elsewhere");
            }
            for (String table : List.of("survey_choices", "survey_questions", "surveys", "match_rules", "kpi_targets",
                    "touchpoints", "stages", "map_versions")) {
                handle.createUpdate("DELETE FROM " + table + " WHERE workspace_key = :ws AND map_key = :map")
                        .bind("ws", workspace).bind("map", mapKey).execute();
            }
            handle.createUpdate("DELETE FROM maps WHERE workspace_key = :ws AND key = :map")
                    .bind("ws", workspace).bind("map", mapKey).execute();
            return null;
        });
    }

    private static Optional<Integer> latestVersion(Handle handle, String workspace, String mapKey) {
        return handle.createQuery("SELECT latest_version FROM maps WHERE workspace_key = :ws AND key = :map")
                .bind("ws", workspace).bind("map", mapKey).mapTo(Integer.class).findOne();
    }

    private ParcoursException unknownMap(String workspace, String mapKey) {
        return read(handle -> unknownMap(handle, workspace, mapKey));
    }

    private static ParcoursException unknownMap(Handle handle, String workspace, String mapKey) {
        List<String> known = handle.createQuery("SELECT key FROM maps WHERE workspace_key = :ws")
                .bind("ws", workspace).mapTo(String.class).list();
        return ParcoursException.notFound("no map '" + mapKey + "' in workspace '" + workspace + "'"
                + Suggestions.hint(mapKey, known));
    }

    // ---- import ---------------------------------------------------------------------------------

    /**
     * Imports teams, personas and maps into a workspace in one transaction: teams and personas are
     * added or replaced, each map is saved as a new version when it changed. The workspace is
     * created when {@code createIfMissing} holds (with {@code name} and {@code description}).
     * Everything is checked before anything is written; on any error nothing is saved.
     */
    public ImportResult importInto(String workspace, String name, String description, boolean createIfMissing,
            List<Team> teams, List<Persona> personas, List<JourneyMap> maps, String author, String message) {
        Keys.require("workspace", workspace);
        return write(handle -> {
            boolean created = false;
            if (!workspaceExists(handle, workspace)) {
                if (!createIfMissing) {
                    throw unknownWorkspace(workspace);
                }
                new Workspace(workspace, name, description, List.of(), List.of(), List.of());
                insertWorkspace(handle, workspace, name, description == null ? "" : description);
                created = true;
            } else if (createIfMissing && name != null) {
                handle.createUpdate("UPDATE workspaces SET name = :name, description = :description WHERE key = :key")
                        .bind("key", workspace).bind("name", name).bind("description", description == null ? "" : description)
                        .execute();
            }
            Workspace current = loadWorkspace(handle, workspace);
            List<Team> mergedTeams = current.teams();
            for (Team team : teams) {
                mergedTeams = replaceByKey(mergedTeams, team, Team::key);
            }
            List<Persona> mergedPersonas = current.personas();
            for (Persona persona : personas) {
                mergedPersonas = replaceByKey(mergedPersonas, persona, Persona::key);
            }
            List<JourneyMap> mergedMaps = current.maps();
            for (JourneyMap map : maps) {
                mergedMaps = replaceByKey(mergedMaps, map, JourneyMap::key);
            }
            // Throws, and so rolls everything back, when the merged workspace would be inconsistent.
            new Workspace(workspace, current.name(), current.description(), mergedTeams, mergedPersonas, mergedMaps);
            MapRows.replaceTeams(handle, workspace, mergedTeams);
            MapRows.replacePersonas(handle, workspace, mergedPersonas);
            List<ImportResult.MapOutcome> outcomes = new ArrayList<>();
            for (JourneyMap map : maps) {
                SavedMap saved = saveMap(handle, workspace, map, author, message);
                outcomes.add(new ImportResult.MapOutcome(map.key(), saved.version().version(), saved.changed()));
            }
            return new ImportResult(workspace, created, teams.stream().map(Team::key).toList(),
                    personas.stream().map(Persona::key).toList(), outcomes);
        });
    }

    // ---- sources and write keys -----------------------------------------------------------------

    /** Creates a source of events in a workspace; a conflict if the key is taken. */
    public Source createSource(String workspace, String key, String name) {
        Keys.require("source", key);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ParcoursException.invalid("name", "a source needs a name of 1 to 200 characters, such as 'Web shop'");
        }
        Instant created = instantNow();
        write(handle -> {
            requireWorkspace(handle, workspace);
            if (handle.createQuery("SELECT count(*) FROM sources WHERE workspace_key = :ws AND key = :key")
                    .bind("ws", workspace).bind("key", key).mapTo(Integer.class).one() > 0) {
                throw ParcoursException.conflict("source '" + key + "' already exists in workspace '" + workspace + "'");
            }
            return handle.createUpdate("INSERT INTO sources (workspace_key, key, name, created_at) VALUES (:ws, :key, :name, :now)")
                    .bind("ws", workspace).bind("key", key).bind("name", name)
                    .bind("now", created.atOffset(java.time.ZoneOffset.UTC)).execute();
        });
        return new Source(workspace, key, name, created);
    }

    public List<Source> sources(String workspace) {
        // Cached as the model is (every analytics page lists them): sources change only through write().
        return cached("sources\u0000" + workspace, () -> Optional.of(read(handle -> {
            requireWorkspace(handle, workspace);
            return handle.createQuery("SELECT * FROM sources WHERE workspace_key = :ws ORDER BY created_at, key")
                    .bind("ws", workspace)
                    .map((rs, ctx) -> new Source(workspace, rs.getString("key"), rs.getString("name"),
                            rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant()))
                    .collect(java.util.stream.Collectors.toUnmodifiableList());
        }))).orElseThrow();
    }

    /** Creates a write key for a source; the secret is returned this once and only its hash is kept. */
    public CreatedWriteKey createWriteKey(String workspace, String source) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = "pwk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Instant created = instantNow();
        write(handle -> {
            requireSource(handle, workspace, source);
            return handle.createUpdate("""
                            INSERT INTO write_keys (id, workspace_key, source_key, key_hash, created_at)
                            VALUES (:id, :ws, :source, :hash, :now)""")
                    .bind("id", id).bind("ws", workspace).bind("source", source).bind("hash", sha256(secret))
                    .bind("now", created.atOffset(java.time.ZoneOffset.UTC)).execute();
        });
        return new CreatedWriteKey(new WriteKey(id, workspace, source, created, Optional.empty()), secret);
    }

    public List<WriteKey> writeKeys(String workspace) {
        return read(handle -> handle.createQuery("""
                        SELECT id, workspace_key, source_key, created_at, revoked_at FROM write_keys
                        WHERE workspace_key = :ws ORDER BY created_at""")
                .bind("ws", workspace)
                .map((rs, ctx) -> new WriteKey(rs.getString("id"), rs.getString("workspace_key"), rs.getString("source_key"),
                        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("revoked_at", java.time.OffsetDateTime.class))
                                .map(java.time.OffsetDateTime::toInstant)))
                .list());
    }

    /** Revokes a write key at once: the next request with it is refused. */
    public void revokeWriteKey(String id) {
        int changed = write(handle -> handle.createUpdate(
                        "UPDATE write_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("now", now()).execute());
        writeKeyCache.forgetAll();
        if (changed == 0) {
            throw ParcoursException.notFound("no active write key with id '" + id + "'");
        }
    }

    /** The workspace and source an active write key writes for, if the secret is one. */
    public Optional<EventLog.Origin> originOfWriteKey(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        return writeKeyCache.get(hash, () -> read(handle -> handle.createQuery("""
                        SELECT workspace_key, source_key FROM write_keys WHERE key_hash = :hash AND revoked_at IS NULL""")
                .bind("hash", hash)
                .map((rs, ctx) -> new EventLog.Origin(rs.getString("workspace_key"), rs.getString("source_key")))
                .findOne()));
    }

    private void requireSource(Handle handle, String workspace, String source) {
        requireWorkspace(handle, workspace);
        List<String> known = handle.createQuery("SELECT key FROM sources WHERE workspace_key = :ws")
                .bind("ws", workspace).mapTo(String.class).list();
        if (!known.contains(source)) {
            throw ParcoursException.notFound("no source '" + source + "' in workspace '" + workspace + "'"
                    + (known.isEmpty() ? ": create it first" : Suggestions.hint(source, known)));
        }
    }

    // ---- events -------------------------------------------------------------------------------------

    /**
     * Events of a workspace, newest arrival first: all of them, or those of one customer id (user or
     * anonymous) and/or with one name, at most {@code limit}.
     */
    public List<StoredEvent> searchEvents(String workspace, Optional<String> customerId, Optional<String> name, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ParcoursException.invalid("limit", "limit must be from 1 to 10000, not " + limit);
        }
        events.awaitLoaded(30_000);
        return read(handle -> {
            requireWorkspace(handle, workspace);
            StringBuilder sql = new StringBuilder("SELECT * FROM events WHERE workspace_key = :ws");
            customerId.ifPresent(id -> sql.append(" AND (user_id = :customer OR anonymous_id = :customer OR previous_id = :customer)"));
            name.ifPresent(n -> sql.append(" AND name = :name"));
            sql.append(" ORDER BY seq DESC LIMIT :limit");
            var query = handle.createQuery(sql.toString()).bind("ws", workspace).bind("limit", limit);
            customerId.ifPresent(id -> query.bind("customer", id));
            name.ifPresent(n -> query.bind("name", n));
            return query.map((rs, ctx) -> storedEvent(rs)).list();
        });
    }

    /** The events carrying any of these ids, in time order, ties in arrival order; at most {@code limit}. */
    /**
     * The first and last event numbers (seq) of a workspace and how many events it holds: {first,
     * last, count}, {0, -1, 0} without events. Kept until the next write of events.
     */
    public long[] eventNumbers(String workspace) {
        events.awaitLoaded(30_000);
        return read(handle -> handle.createQuery("""
                        SELECT coalesce(min(seq), 0), coalesce(max(seq), -1), count(*) FROM events WHERE workspace_key = :ws""")
                .bind("ws", workspace)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).one());
    }

    /**
     * The events of a customer's ids, in time order, looking only at event numbers {@code first} to
     * {@code last}: what {@link #eventsOf(String, List, int)} answers when the caller knows where
     * they lie (from the journey index), reading a stretch of the table instead of all of it.
     */
    public List<StoredEvent> eventsOf(String workspace, List<String> ids, int limit, long first, long last) {
        events.awaitLoaded(30_000);
        return read(handle -> handle.createQuery("""
                        SELECT * FROM events
                        WHERE seq BETWEEN :first AND :last AND workspace_key = :ws
                          AND (list_contains(:ids, user_id) OR list_contains(:ids, anonymous_id))
                        ORDER BY event_time, seq LIMIT :limit""")
                .bind("ws", workspace).bindArray("ids", String.class, ids).bind("limit", limit)
                .bind("first", first).bind("last", last)
                .map((rs, ctx) -> storedEvent(rs))
                .list());
    }

    public List<StoredEvent> eventsOf(String workspace, List<String> ids, int limit) {
        events.awaitLoaded(30_000);
        // Two steps: the ids' columns alone are scanned for the events' numbers (a fifth of the time of
        // reading whole rows while scanning), then only those rows are read, found by their number.
        return read(handle -> {
            List<Long> seqs = handle.createQuery("""
                            SELECT seq FROM events
                            WHERE workspace_key = :ws AND (list_contains(:ids, user_id) OR list_contains(:ids, anonymous_id))
                            ORDER BY event_time, seq LIMIT :limit""")
                    .bind("ws", workspace).bindArray("ids", String.class, ids).bind("limit", limit)
                    .mapTo(Long.class).list();
            if (seqs.isEmpty()) {
                return List.<StoredEvent>of();
            }
            return handle.createQuery("""
                            SELECT * FROM events
                            WHERE seq BETWEEN :first AND :last AND list_contains(:seqs, seq)
                            ORDER BY event_time, seq""")
                    .bind("first", seqs.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .bind("last", seqs.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .bindArray("seqs", Long.class, seqs)
                    .map((rs, ctx) -> storedEvent(rs))
                    .list();
        });
    }

    /**
     * Hands every event carrying one of {@code ids} (as user, anonymous or alias previous id) to
     * {@code consumer}, streaming, in time order, ties in arrival order, looking only at event
     * numbers {@code first} to {@code last} (all: 0 and {@link Long#MAX_VALUE}).
     */
    public void forEachEventOf(String workspace, List<String> ids, long first, long last,
            java.util.function.Consumer<StoredEvent> consumer) {
        events.awaitLoaded(30_000);
        read(handle -> {
            requireWorkspace(handle, workspace);
            try (var rows = handle.createQuery("""
                            SELECT * FROM events
                            WHERE seq BETWEEN :first AND :last AND workspace_key = :ws
                              AND (list_contains(:ids, user_id) OR list_contains(:ids, anonymous_id)
                                   OR list_contains(:ids, previous_id))
                            ORDER BY event_time, seq""")
                    .bind("ws", workspace).bindArray("ids", String.class, ids).bind("first", first).bind("last", last)
                    .setFetchSize(1_000).map((rs, ctx) -> storedEvent(rs)).stream()) {
                rows.forEach(consumer);
            }
            return null;
        });
    }

    /** Hands every event of a workspace to {@code consumer}, streaming, in arrival order. */
    public void forEachEvent(String workspace, java.util.function.Consumer<StoredEvent> consumer) {
        events.awaitLoaded(30_000);
        forEachStoredEvent(workspace, consumer);
    }

    /**
     * The same without waiting for the events acknowledged but still being loaded: the events in
     * the database now (for figures, which say when they were computed).
     */
    public void forEachStoredEvent(String workspace, java.util.function.Consumer<StoredEvent> consumer) {
        read(handle -> {
            requireWorkspace(handle, workspace);
            EventColumns[] columns = new EventColumns[1];
            try (var rows = handle.createQuery("SELECT * FROM events WHERE workspace_key = :ws ORDER BY seq")
                    .bind("ws", workspace).setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        if (columns[0] == null) {
                            columns[0] = EventColumns.of(rs.getMetaData());
                        }
                        return columns[0].read(rs);
                    })
                    .stream()) {
                rows.forEach(consumer);
            }
            return null;
        });
    }

    /**
     * What matching an event needs, read without its whole JSON: its type and name, the value of
     * each field asked for when it is a JSON string (null when absent or not a string), and a
     * number it carries. When one of those fields holds a number or a boolean, {@code fullFields}
     * is true and {@code properties}, {@code context} and {@code traits} hold the whole texts (null
     * otherwise), so that the caller can read such values exactly as written.
     */
    public record EventFields(long seq, String type, String name, String[] values, boolean fullFields,
            String properties, String context, String traits, double number, Optional<Customer> customer) {}

    /** Who sent an event and when it happened: read only when asked for (see {@link #forEachEventFields}). */
    public record Customer(Optional<String> userId, Optional<String> anonymousId, long time) {}

    /**
     * The e-mail address each of these ids last gave in the traits of an identify call
     * ({@code traits.email}); ids that never gave one are absent.
     */
    public java.util.Map<String, String> emailsOf(String workspace, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        events.awaitLoaded(30_000);
        return read(handle -> {
            java.util.Map<String, String> emails = new java.util.HashMap<>();
            handle.createQuery("""
                            SELECT user_id, anonymous_id, json_extract_string(traits, '$.email') AS email FROM events
                            WHERE workspace_key = :ws AND type = 'identify' AND (user_id IN (<ids>) OR anonymous_id IN (<ids>))
                              AND json_extract_string(traits, '$.email') IS NOT NULL
                            ORDER BY seq""")
                    .bind("ws", workspace).bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> {
                        String email = rs.getString("email");
                        Optional.ofNullable(rs.getString("user_id")).ifPresent(id -> emails.put(id, email));
                        Optional.ofNullable(rs.getString("anonymous_id")).ifPresent(id -> emails.put(id, email));
                        return null;
                    }).list();
            return emails;
        });
    }

    /** One exposure to an experiment: the id it was recorded for, the variant, and when. */
    public record Exposure(String id, String variant, long time) {}

    /**
     * The exposures recorded for an experiment: "Experiment Viewed" events whose
     * {@code properties.experiment_id} is {@code experiment}, oldest first.
     */
    public List<Exposure> exposures(String workspace, String experiment) {
        events.awaitLoaded(30_000);
        return read(handle -> handle.createQuery("""
                        SELECT coalesce(user_id, anonymous_id) AS id, json_extract_string(properties, '$.variation_id') AS variant,
                               event_time
                        FROM events WHERE workspace_key = :ws AND type = 'track' AND name = 'Experiment Viewed'
                          AND json_extract_string(properties, '$.experiment_id') = :experiment
                        ORDER BY event_time, seq""")
                .bind("ws", workspace).bind("experiment", experiment)
                .map((rs, ctx) -> new Exposure(rs.getString("id"), rs.getString("variant"), rs.getLong("event_time")))
                .list());
    }

    /** The sequence number of the newest event stored in a workspace, or -1 without events. */
    public long lastEventSeq(String workspace) {
        events.awaitLoaded(30_000);
        return read(handle -> handle.createQuery("SELECT coalesce(max(seq), -1) FROM events WHERE workspace_key = :ws")
                .bind("ws", workspace).mapTo(Long.class).one());
    }

    public void forEachEventFields(String workspace, long afterSeq, List<List<String>> paths, List<String> numberProperty,
            java.util.function.Consumer<EventFields> consumer) {
        forEachEventFields(workspace, afterSeq, paths, numberProperty, false, consumer);
    }

    /**
     * Hands the events of a workspace with a sequence number above {@code afterSeq}, in arrival
     * order, to {@code consumer}, each with the fields at {@code paths} (each a root, properties,
     * context or traits, then the keys below it) and the number at property {@code numberProperty}
     * (NaN when none). DuckDB extracts the fields, so that only they cross into Java: several times
     * faster than reading every event whole. With {@code withCustomer}, each event also carries
     * its ids and time.
     */
    public void forEachEventFields(String workspace, long afterSeq, List<List<String>> paths, List<String> numberProperty,
            boolean withCustomer, java.util.function.Consumer<EventFields> consumer) {
        events.awaitLoaded(30_000);
        forEachStoredEventFields(workspace, afterSeq, paths, numberProperty, withCustomer, consumer);
    }

    /**
     * The same without waiting for the events acknowledged but still being loaded: the events in
     * the database now (for figures, which say when they were computed).
     */
    public void forEachStoredEventFields(String workspace, long afterSeq, List<List<String>> paths,
            List<String> numberProperty, boolean withCustomer, java.util.function.Consumer<EventFields> consumer) {
        StringBuilder sql = new StringBuilder("SELECT seq, type, name");
        StringBuilder scalar = new StringBuilder("false");
        for (List<String> path : paths) {
            String column = jsonColumn(path.get(0));
            String pointer = jsonPointer(path.subList(1, path.size()));
            sql.append(", CASE WHEN json_type(").append(column).append(", ").append(pointer)
                    .append(") = 'VARCHAR' THEN json_extract_string(").append(column).append(", ").append(pointer)
                    .append(") END");
            scalar.append(" OR coalesce(json_type(").append(column).append(", ").append(pointer)
                    .append(") IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN'), false)");
        }
        sql.append(", ").append(scalar).append(" AS full_fields");
        sql.append(", CASE WHEN full_fields THEN properties END, CASE WHEN full_fields THEN context END, "
                + "CASE WHEN full_fields THEN traits END");
        sql.append(", TRY_CAST(json_extract_string(properties, ").append(jsonPointer(numberProperty)).append(") AS DOUBLE)");
        sql.append(withCustomer ? ", user_id, anonymous_id, event_time" : ", NULL, NULL, 0");
        sql.append(" FROM events WHERE workspace_key = :ws AND seq > :after ORDER BY seq");
        int count = paths.size();
        read(handle -> {
            requireWorkspace(handle, workspace);
            try (var rows = handle.createQuery(sql.toString()).bind("ws", workspace).bind("after", afterSeq)
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        String[] values = new String[count];
                        for (int i = 0; i < count; i++) {
                            values[i] = rs.getString(4 + i);
                        }
                        boolean full = rs.getBoolean(4 + count);
                        double number = rs.getDouble(8 + count);
                        if (rs.wasNull()) {
                            number = Double.NaN;
                        }
                        Optional<Customer> customer = withCustomer
                                ? Optional.of(new Customer(Optional.ofNullable(rs.getString(9 + count)),
                                        Optional.ofNullable(rs.getString(10 + count)), rs.getLong(11 + count)))
                                : Optional.empty();
                        return new EventFields(rs.getLong(1), rs.getString(2), rs.getString(3), values, full,
                                full ? rs.getString(5 + count) : null, full ? rs.getString(6 + count) : null,
                                full ? rs.getString(7 + count) : null, number, customer);
                    })
                    .stream()) {
                rows.forEach(consumer);
            }
            return null;
        });
    }

    private static String jsonColumn(String root) {
        return switch (root) {
            case "properties", "context", "traits" -> root;
            default -> throw new IllegalArgumentException("no JSON column '" + root + "'");
        };
    }

    /** A JSON pointer ({@code /a/b}, RFC 6901) to these keys, as an SQL string literal. */
    private static String jsonPointer(List<String> keys) {
        StringBuilder pointer = new StringBuilder();
        for (String key : keys) {
            pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
        }
        return "'" + pointer.toString().replace("'", "''") + "'";
    }

    /** The file formats DuckDB writes events in directly. */
    public enum TableFormat { CSV, PARQUET }

    /** A selection of events to export: some customers' ids (all events when empty), and who each id belongs to. */
    public record Selection(List<String> ids, java.util.Map<String, String> customerOfId) {
        public Selection {
            ids = List.copyOf(ids);
            customerOfId = java.util.Map.copyOf(customerOfId);
        }
    }

    /**
     * Writes the selected events of a workspace to a file in the schema of docs/event-schema.md, each
     * with its stitched customer id, ordered by customer, time and arrival. Returns how many were written.
     */
    public long exportEvents(String workspace, Selection selection, Path file, TableFormat format) {
        String target = file.toAbsolutePath().toString();
        if (target.indexOf('\'') >= 0 || target.indexOf('\n') >= 0) {
            throw ParcoursException.invalid("out", "the output path may not contain quotes or line breaks: " + file);
        }
        String options = format == TableFormat.PARQUET ? "(FORMAT parquet, COMPRESSION zstd)" : "(FORMAT csv, HEADER true)";
        return withSelection(workspace, selection, (handle, query) -> (long) handle.createUpdate("COPY ("
                + (format == TableFormat.CSV ? spreadsheetSafe(query) : query) + ") TO '" + target + "' " + options).execute());
    }

    /** The text columns of the export that senders fill in: a spreadsheet would run some of them as formulas. */
    private static final List<String> SENT_TEXT_COLUMNS = List.of("customer_id", "message_id", "name", "user_id",
            "anonymous_id", "previous_id", "group_id");

    /**
     * The export query with each text a sender chose defused for spreadsheets, as the dashboard's
     * CSV downloads do: a cell starting with {@code = + - @}, a tab or a carriage return, and not a
     * number, gets an apostrophe in front, so that an event named {@code =HYPERLINK(...)} stays
     * text when the file is opened. (The JSON columns start with a brace, so need nothing.)
     */
    private static String spreadsheetSafe(String query) {
        StringBuilder columns = new StringBuilder();
        for (String column : SENT_TEXT_COLUMNS) {
            String cell = "e." + column;
            columns.append(columns.length() == 0 ? "" : ", ").append("CASE WHEN regexp_matches(").append(cell)
                    .append(", '^[=+\\-@\\t\\r]') AND NOT regexp_matches(").append(cell)
                    .append(", '^[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$') THEN '''' || ").append(cell)
                    .append(" ELSE ").append(cell).append(" END AS ").append(column);
        }
        return "SELECT * REPLACE (" + columns + ") FROM (" + query + ") AS e ORDER BY e.customer_id, e.event_time, e.seq";
    }

    /** Hands the selected events to {@code consumer} with their stitched customer id, by customer, time and arrival. */
    public void forEachSelectedEvent(String workspace, Selection selection,
            java.util.function.BiConsumer<String, StoredEvent> consumer) {
        withSelection(workspace, selection, (handle, query) -> {
            try (var rows = handle.createQuery(query).setFetchSize(10_000)
                    .map((rs, ctx) -> java.util.Map.entry(rs.getString("customer_id"), storedEvent(rs))).stream()) {
                rows.forEach(row -> consumer.accept(row.getKey(), row.getValue()));
            }
            return 0L;
        });
    }

    private interface SelectionWork {
        long run(Handle handle, String query);
    }

    private long withSelection(String workspace, Selection selection, SelectionWork work) {
        events.awaitLoaded(30_000);
        return write(handle -> {
            requireWorkspace(handle, workspace);
            handle.execute("CREATE OR REPLACE TEMP TABLE export_identity (id VARCHAR PRIMARY KEY, customer VARCHAR)");
            handle.execute("CREATE OR REPLACE TEMP TABLE export_ids (id VARCHAR PRIMARY KEY)");
            try {
                var identities = handle.prepareBatch("INSERT INTO export_identity VALUES (:id, :customer)");
                selection.customerOfId().forEach((id, customer) -> identities.bind("id", id).bind("customer", customer).add());
                if (!selection.customerOfId().isEmpty()) {
                    identities.execute();
                }
                var selected = handle.prepareBatch("INSERT INTO export_ids VALUES (:id)");
                new java.util.LinkedHashSet<>(selection.ids()).forEach(id -> selected.bind("id", id).add());
                if (!selection.ids().isEmpty()) {
                    selected.execute();
                }
                String query = """
                        SELECT e.seq, coalesce(iu.customer, ia.customer, e.user_id, e.anonymous_id) AS customer_id,
                               e.workspace_key AS workspace, e.source_key, e.message_id, e.type, e.name,
                               e.user_id, e.anonymous_id, epoch_ms(e.event_time) AS event_time_utc, e.event_time,
                               e.received_at, e.properties, e.traits, e.context, e.previous_id, e.group_id
                        FROM events e
                        LEFT JOIN export_identity iu ON iu.id = e.user_id
                        LEFT JOIN export_identity ia ON ia.id = e.anonymous_id
                        WHERE e.workspace_key = '%s'%s
                        ORDER BY customer_id, e.event_time, e.seq""".formatted(workspace.replace("'", "''"),
                        selection.ids().isEmpty() ? ""
                                : " AND (e.user_id IN (SELECT id FROM export_ids) OR e.anonymous_id IN (SELECT id FROM export_ids))");
                return work.run(handle, query);
            } finally {
                handle.execute("DROP TABLE IF EXISTS export_identity");
                handle.execute("DROP TABLE IF EXISTS export_ids");
            }
        });
    }

    /**
     * The positions of an event's columns in a result, found once: reading by name looks the name
     * up again for every value, which took most of the time of a full scan.
     */
    private record EventColumns(int seq, int source, int messageId, int type, int name, int userId, int anonymousId,
            int time, int receivedAt, int properties, int traits, int context, int previousId, int groupId) {
        static EventColumns of(java.sql.ResultSetMetaData meta) throws SQLException {
            java.util.Map<String, Integer> at = new java.util.HashMap<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                at.put(meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT), c);
            }
            return new EventColumns(at.get("seq"), at.get("source_key"), at.get("message_id"), at.get("type"),
                    at.get("name"), at.get("user_id"), at.get("anonymous_id"), at.get("event_time"), at.get("received_at"),
                    at.get("properties"), at.get("traits"), at.get("context"), at.get("previous_id"), at.get("group_id"));
        }

        StoredEvent read(java.sql.ResultSet rs) throws SQLException {
            return new StoredEvent(rs.getLong(seq), rs.getString(source),
                    new io.parcours.model.Event(rs.getString(messageId),
                            io.parcours.model.EventType.fromId(rs.getString(type)).orElseThrow(), rs.getString(name),
                            Optional.ofNullable(rs.getString(userId)), Optional.ofNullable(rs.getString(anonymousId)),
                            rs.getLong(time), rs.getLong(receivedAt), rs.getString(properties), rs.getString(traits),
                            rs.getString(context), Optional.ofNullable(rs.getString(previousId)),
                            Optional.ofNullable(rs.getString(groupId))));
        }
    }

    private static StoredEvent storedEvent(java.sql.ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("seq"), rs.getString("source_key"),
                new io.parcours.model.Event(rs.getString("message_id"),
                        io.parcours.model.EventType.fromId(rs.getString("type")).orElseThrow(), rs.getString("name"),
                        Optional.ofNullable(rs.getString("user_id")), Optional.ofNullable(rs.getString("anonymous_id")),
                        rs.getLong("event_time"), rs.getLong("received_at"), rs.getString("properties"),
                        rs.getString("traits"), rs.getString("context"), Optional.ofNullable(rs.getString("previous_id")),
                        Optional.ofNullable(rs.getString("group_id"))));
    }

    // ---- API tokens -----------------------------------------------------------------------------

    /** Creates a token with {@code role} and no user; the returned secret is the only time it exists outside the holder's hands. */
    public CreatedToken createToken(String name, Role role) {
        return createToken(name, role, Optional.empty());
    }

    /** Creates a token; a personal token names its user and acts with the user's role. */
    public CreatedToken createToken(String name, Role role, Optional<String> userId) {
        String secret = "pct_" + randomSecret();
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Instant created = instantNow();
        write(handle -> handle.createUpdate("""
                        INSERT INTO api_tokens (id, name, token_hash, role, created_at, user_id)
                        VALUES (:id, :name, :hash, :role, :now, :user)""")
                .bind("id", id).bind("name", name).bind("hash", sha256(secret)).bind("role", role.id())
                .bind("now", created.atOffset(java.time.ZoneOffset.UTC)).bind("user", userId.orElse(null))
                .execute());
        tokenCache.forgetAll();
        return new CreatedToken(new ApiToken(id, name, role, created, Optional.empty(), userId), secret);
    }

    /** 32 random bytes, URL-safe: the secret part of tokens and sessions. */
    String randomSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The active token with this secret, if any. */
    public Optional<ApiToken> findActiveToken(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        return tokenCache.get(hash, () -> read(handle -> handle.createQuery("""
                        SELECT id, name, role, created_at, revoked_at, user_id FROM api_tokens
                        WHERE token_hash = :hash AND revoked_at IS NULL""")
                .bind("hash", hash)
                .map((rs, ctx) -> tokenFrom(rs)).findOne()));
    }

    public List<ApiToken> tokens() {
        return read(handle -> handle.createQuery(
                        "SELECT id, name, role, created_at, revoked_at, user_id FROM api_tokens ORDER BY created_at, id")
                .map((rs, ctx) -> tokenFrom(rs)).list());
    }

    /** The personal tokens of one user, revoked ones included, oldest first. */
    public List<ApiToken> tokensOf(String userId) {
        return read(handle -> handle.createQuery("""
                        SELECT id, name, role, created_at, revoked_at, user_id FROM api_tokens
                        WHERE user_id = :user ORDER BY created_at, id""")
                .bind("user", userId).map((rs, ctx) -> tokenFrom(rs)).list());
    }

    public boolean hasActiveToken() {
        return read(handle -> handle.createQuery("SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL")
                .mapTo(Integer.class).one() > 0);
    }

    public void revokeToken(String id) {
        int changed = write(handle -> handle.createUpdate(
                        "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("now", now()).execute());
        tokenCache.forgetAll();
        if (changed == 0) {
            throw ParcoursException.notFound("no active token with id '" + id + "'");
        }
    }

    private static ApiToken tokenFrom(java.sql.ResultSet rs) throws SQLException {
        java.time.OffsetDateTime revoked = rs.getObject("revoked_at", java.time.OffsetDateTime.class);
        return new ApiToken(rs.getString("id"), rs.getString("name"), Role.fromId(rs.getString("role")).orElse(Role.VIEWER),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                Optional.ofNullable(revoked).map(java.time.OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getString("user_id")));
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An instant as the database keeps it: in UTC, to the microsecond. */
    static java.time.OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC);
    }

    private java.time.OffsetDateTime now() {
        return instantNow().atOffset(java.time.ZoneOffset.UTC);
    }

    /** The database keeps microseconds; so does every time this store hands out. */
    Instant instantNow() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
