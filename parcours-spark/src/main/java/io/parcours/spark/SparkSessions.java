package io.parcours.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for Parcours: the one {@code spark-submit} configured (its master, its
 * settings), or a local one bound to the loopback address, for one machine and for tests.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * A local session with {@code master} ({@code local[2]}, for example): driver and executors in
     * this JVM, every port on 127.0.0.1, no web UI. Set the environment variable
     * {@code SPARK_LOCAL_IP=127.0.0.1} as well, or Spark may name another interface for its executor.
     */
    public static SparkSession local(String master, int shufflePartitions) {
        return SparkSession.builder()
                .appName("parcours")
                .master(master)
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }

    /** The session {@code spark-submit} set up; without one (plain {@code java}), a local one on every core. */
    public static SparkSession submittedOrLocal(String master) {
        if (master != null) {
            return local(master, 8);
        }
        if (System.getProperty("spark.master") == null) {
            return local("local[*]", 8);
        }
        return SparkSession.builder().appName("parcours").getOrCreate();
    }
}
