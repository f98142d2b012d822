package io.parcours.spark;

import io.parcours.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.parcours.spark.SparkTestData.parcours;
import static org.assertj.core.api.Assertions.assertThat;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job jar as a cluster runs it: spark-submit's main class ({@code org.apache.spark.deploy.SparkSubmit},
 * what the {@code spark-submit} script starts) in its own JVM, with only what a Spark installation
 * holds on its classpath (Spark, Scala, Jackson, logging) and Parcours coming from the job jar alone.
 */
class SparkSubmitIT {
    @TempDir
    Path folder;

    @Test
    void sparkSubmitRunsTheJobJarAndWritesTheAnswerOfParcoursAnalyze() throws Exception {
        SparkTestData.Simulated simulated = SparkTestData.simulated(folder, 300, 5, "");
        Path data = simulated.data();
        Path parquet = simulated.parquet();
        Path mapFile = folder.resolve("amina.yaml");
        parcours("map", "export", "amina-current", "--data", data.toString(), "--out", mapFile.toString());

        Path jobJar = Path.of(System.getProperty("parcours.spark.jobJar"));
        assertThat(jobJar).exists();
        List<String> classpath = new ArrayList<>(Arrays.asList(
                Files.readString(Path.of(System.getProperty("parcours.spark.classpath"))).strip().split(File.pathSeparator)));
        // A Spark installation ships Jackson and SLF4J too; here they come from Parcours's own dependencies.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(jackson-(core|databind|annotations)|slf4j-api)-[0-9.]+\\.jar")) {
                classpath.add(entry);
            }
        }
        assertThat(classpath).noneMatch(entry -> entry.contains("parcours-"));

        Path answer = folder.resolve("touchpoints.json");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("parcours.spark.jvmOptions").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-cp", String.join(File.pathSeparator, classpath),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--class", "io.parcours.spark.ParcoursSpark", jobJar.toString(),
                "touchpoints", "--events", parquet.toString(), "--map-file", mapFile.toString(), "map=amina-current",
                "model=linear", "--out", answer.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("spark-submit.log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        boolean done = process.waitFor(4, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String log = Files.readString(folder.resolve("spark-submit.log"));
        assertThat(done).as("spark-submit finished within 4 minutes: %s", log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("parcours-spark: touchpoints on");

        String expected = parcours("analyze", "touchpoints", "--data", data.toString(), "--map", "amina-current",
                "--model", "linear", "--json");
        assertThat(Json.mapper().readTree(Files.readString(answer))).isEqualTo(Json.mapper().readTree(expected));
    }
}
