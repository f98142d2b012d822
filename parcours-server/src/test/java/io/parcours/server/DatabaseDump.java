package io.parcours.server;

import io.parcours.store.ParcoursStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a data folder's DuckDB file, read straight through JDBC (beside the
 * server's own connection, which DuckDB shares in one process): what an operator with the file, or
 * a thief of a backup, would see. Each row is its columns as text, joined by a tab.
 */
final class DatabaseDump {
    private DatabaseDump() {}

    /** The rows of each table, by table name, each table's rows sorted. */
    static Map<String, List<String>> of(Path dataFolder) {
        String url = "jdbc:duckdb:" + dataFolder.resolve(ParcoursStore.DATABASE_FILE).toAbsolutePath();
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String name : names) {
                List<String> lines = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int column = 1; column <= columns; column++) {
                            line.append(column > 1 ? "\t" : "").append(rows.getString(column));
                        }
                        lines.add(line.toString());
                    }
                }
                lines.sort(null);
                tables.put(name, lines);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the database of " + dataFolder + ": " + e.getMessage(), e);
        }
        return tables;
    }
}
