package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong mail and URL flags are refused with one line, before the data folder is touched. */
class ServerFlagsTest {
    @TempDir
    Path folder;

    @Test
    void wrongFlagsAreRefusedBeforeTheServerStarts() {
        Path data = folder.resolve("data");
        CliRun noHost = CliRun.of("serve", "--data", data.toString(), "--smtp-from", "surveys@example.com");
        assertThat(noHost.exitCode()).isEqualTo(3);
        assertThat(noHost.err().strip().lines()).hasSize(1);
        assertThat(noHost.err()).contains("need --smtp-host");
        CliRun badSender = CliRun.of("serve", "--data", data.toString(), "--smtp-host", "127.0.0.1", "--smtp-from", "nobody");
        assertThat(badSender.exitCode()).isEqualTo(3);
        assertThat(badSender.err()).contains("--smtp-from surveys@example.com");
        CliRun badUrl = CliRun.of("demo", "--data", data.toString(), "--public-url", "ftp://example.com");
        assertThat(badUrl.exitCode()).isEqualTo(3);
        assertThat(badUrl.err()).contains("http(s)://host");
        CliRun badProxy = CliRun.of("serve", "--data", data.toString(), "--trusted-proxy", "proxy.example.com");
        assertThat(badProxy.exitCode()).isEqualTo(3);
        assertThat(badProxy.err().strip().lines()).hasSize(1);
        assertThat(badProxy.err()).contains("a trusted proxy is an IP address");
        assertThat(Files.exists(data)).as("nothing was created").isFalse();
    }
}
