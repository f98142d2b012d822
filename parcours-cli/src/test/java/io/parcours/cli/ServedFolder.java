package io.parcours.cli;

import io.parcours.server.ParcoursServer;
import io.parcours.store.ParcoursStore;
import java.nio.file.Path;

/**
 * A data folder ready to serve: workspace "akwaba" with the map "shop" (its touchpoint "order" takes
 * "Order Completed" and asks an NPS survey, to every order), a source "web" with a write key, an
 * admin API token and the first admin's login; and the Segment batches the tests send to it.
 */
record ServedFolder(Path data, String writeKey, String token, String adminEmail, String adminPassword) {
    /** Events per batch. */
    static final int BATCH = 50;
    static final int CUSTOMERS = 200;

    static ServedFolder prepare(Path folder) throws Exception {
        Path data = ShopFolder.with(folder, """
                          - {key: order, name: Order, channel: web, match: [Order Completed], surveys: [{key: nps, type: nps}]}
                """);
        try (ParcoursStore store = ParcoursStore.open(data)) {
            store.createSource("akwaba", "web", "Web");
            String writeKey = store.createWriteKey("akwaba", "web").secret();
            String token = store.createToken("operations", io.parcours.model.Role.ADMIN).secret();
            ParcoursServer.FirstAdmin admin = ParcoursServer.ensureFirstAdmin(store, "admin@example.com").orElseThrow();
            store.surveys().setThrottleDays("akwaba", 0);
            return new ServedFolder(data, writeKey, token, admin.email(), admin.password());
        }
    }

    /**
     * Batch {@code number}: {@link #BATCH} events with message ids {@code b<number>-<i>}, the first an
     * order; {@code padding} characters of properties make each event larger.
     */
    static String batch(int number, int padding) {
        String pad = "x".repeat(padding);
        StringBuilder body = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < BATCH; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\": \"track\", \"userId\": \"customer-").append(number % CUSTOMERS)
                    .append("\", \"event\": \"").append(i == 0 ? "Order Completed" : "Product Viewed")
                    .append("\", \"messageId\": \"b").append(number).append('-').append(i)
                    .append("\", \"properties\": {\"pad\": \"").append(pad).append("\"}}");
        }
        return body.append("]}").toString();
    }

    /** The number of events of each batch in the events table of a database file, and that no message is there twice. */
    static java.util.Map<Integer, Integer> storedBatches(Path database) throws java.sql.SQLException {
        java.util.Map<Integer, Integer> perBatch = new java.util.HashMap<>();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:" + database);
                java.sql.ResultSet rows = db.createStatement().executeQuery(
                        "SELECT message_id, count(*) FROM events GROUP BY 1")) {
            while (rows.next()) {
                if (rows.getInt(2) != 1) {
                    throw new AssertionError("message " + rows.getString(1) + " stored " + rows.getInt(2) + " times");
                }
                String id = rows.getString(1);
                perBatch.merge(Integer.parseInt(id.substring(1, id.indexOf('-'))), 1, Integer::sum);
            }
        }
        return perBatch;
    }
}
