package io.parcours.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.cli.Parcours;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Data folders for the Spark tests, filled and exported by the real command line. */
final class SparkTestData {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    private SparkTestData() {}

    /** Runs {@code parcours ARGS} in this JVM and returns its standard output; fails the test on an error. */
    static String parcours(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Parcours.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("parcours %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** Exports the events of the data folder as Parquet, in the schema the Spark runner reads. */
    static Path exportParquet(Path data, Path file) {
        parcours("export", "events", "--data", data.toString(), "--format", "parquet", "--out", file.toString());
        return file;
    }
}
