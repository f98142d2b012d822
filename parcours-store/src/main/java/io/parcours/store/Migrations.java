package io.parcours.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.Flyway;

/** Brings the database schema up to date with the Flyway migrations in {@code db/migration}. */
final class Migrations {
    private Migrations() {}

    static void migrate(DuckDBConnection root) throws SQLException {
        migrate(root, "latest");
    }

    /** Migrates up to a given version only: how tests make the databases of earlier releases. */
    static void migrate(DuckDBConnection root, String targetVersion) throws SQLException {
        configure(root, targetVersion).migrate();
    }

    /** The schema version of the database behind {@code handle}: the last migration applied, "0" for none. */
    static String versionOf(org.jdbi.v3.core.Handle handle) {
        return handle.createQuery("""
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                ORDER BY installed_rank DESC LIMIT 1""").mapTo(String.class).findOne().orElse("0");
    }

    /**
     * The migrations applied to a database that this build does not know, such as those of a newer
     * Parcours: empty when this build can open it. Each is written {@code version (description)}.
     */
    static java.util.List<String> unknownApplied(DuckDBConnection root) {
        return java.util.Arrays.stream(configure(root, "latest").info().all())
                .filter(migration -> migration.getState().isApplied() && !migration.getState().isResolved())
                .map(migration -> migration.getVersion() + " (" + migration.getDescription() + ")").toList();
    }

    /** The newest schema version this build migrates to. */
    static String latestKnown(DuckDBConnection root) {
        return java.util.Arrays.stream(configure(root, "latest").info().all())
                .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
                .map(migration -> migration.getVersion()).max(java.util.Comparator.naturalOrder())
                .map(Object::toString).orElse("0");
    }

    private static Flyway configure(DuckDBConnection root, String targetVersion) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(new SharedConnectionDataSource(root))
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .target(targetVersion)
                .load();
    }

    /** Hands Flyway connections of the already open database, which is the only way to share a DuckDB file in one process. */
    private static final class SharedConnectionDataSource implements DataSource {
        private final DuckDBConnection root;

        SharedConnectionDataSource(DuckDBConnection root) {
            this.root = root;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return root.duplicate();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // Flyway logs through its own logger
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not applicable to an embedded database
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
