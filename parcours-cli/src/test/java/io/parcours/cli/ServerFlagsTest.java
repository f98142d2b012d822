package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong mail and URL flags are refused with one line and exit code 2, before the data folder is touched. */
class ServerFlagsTest {
    @TempDir
    Path folder;

    @Test
    void wrongFlagsAreRefusedBeforeTheServerStarts() {
        Path data = folder.resolve("data");
        CliRun noHost = CliRun.of("serve", "--data", data.toString(), "--smtp-from", "surveys@example.com");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err().strip().lines()).hasSize(1);
        assertThat(noHost.err()).contains("--smtp-from: smtp.from needs smtp.host (--smtp-host)");
        CliRun badSender = CliRun.of("serve", "--data", data.toString(), "--smtp-host", "127.0.0.1", "--smtp-from", "nobody");
        assertThat(badSender.exitCode()).isEqualTo(2);
        assertThat(badSender.err().strip()).isEqualTo("parcours: --smtp-from: smtp.from must be an e-mail address such as "
                + "surveys@example.com, not 'nobody' (see 'parcours serve --help')");
        CliRun badUrl = CliRun.of("demo", "--data", data.toString(), "--public-url", "ftp://example.com");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--public-url: server.public-url must be an http(s) URL");
        CliRun badProxy = CliRun.of("serve", "--data", data.toString(), "--trusted-proxy", "proxy.example.com");
        assertThat(badProxy.exitCode()).isEqualTo(2);
        assertThat(badProxy.err().strip().lines()).hasSize(1);
        assertThat(badProxy.err()).contains("--trusted-proxy: server.trusted-proxies must be IP addresses");
        assertThat(Files.exists(data)).as("nothing was created").isFalse();
    }
}
