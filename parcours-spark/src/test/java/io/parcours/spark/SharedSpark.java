package io.parcours.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for every test class of the module (it takes seconds to start), stopped when the JVM ends. */
final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    /** A {@code local[2]} session bound to 127.0.0.1, with 4 shuffle partitions. */
    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.local("local[2]", 4);
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
