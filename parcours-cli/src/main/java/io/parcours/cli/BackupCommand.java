package io.parcours.cli;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.store.Backup;
import io.parcours.store.BackupManifest;
import io.parcours.store.BackupRestore;
import io.parcours.store.DiskSpace;
import io.parcours.store.ParcoursStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parcours backup}: one zip file holding a data folder, made by the running server
 * ({@code --server URL}, with an admin token from {@code PARCOURS_TOKEN}) or, when no server runs
 * on it, from the folder itself ({@code --data DIR}). The file is written beside {@code --out} as
 * {@code .part}, checked against its manifest, and only then given its name.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up a data folder into one zip file, through the running server (--server) or from a folder "
                + "no server runs on (--data). Restore it with 'parcours restore'.")
final class BackupCommand implements Callable<Integer> {
    static final String TOKEN_VARIABLE = "PARCOURS_TOKEN";
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Option(names = "--server", paramLabel = "URL",
            description = "The running Parcours to back up, such as http://127.0.0.1:8080; it needs an admin API token.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An admin API token; by default the environment variable " + TOKEN_VARIABLE
                    + " (better: the command line is visible to other users of the machine).")
    String token;

    @Option(names = "--data", paramLabel = "DIR", description = "A data folder that no server runs on.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The zip file to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((server == null) == (data == null)) {
            throw ParcoursException.invalid("server", "name the running server with --server URL, or a data folder that "
                    + "no server runs on with --data DIR (one of the two)");
        }
        if (Files.exists(out) && !force) {
            throw ParcoursException.conflict(out + " exists: choose another --out, or add --force to replace it");
        }
        Path part = out.resolveSibling(out.getFileName() + ".part");
        long started = System.nanoTime();
        try {
            if (server != null) {
                download(part);
            } else {
                fromFolder(part);
            }
            BackupManifest manifest = BackupRestore.verify(part);
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf(Locale.ROOT, "Backup written to %s: %.1f MB, %d events (%d of them not yet "
                    + "loaded, in its journal), schema version %s, checked, in %.1f s%n", out, Files.size(out) / 1048576.0,
                    manifest.events(), manifest.journalEvents(), manifest.schemaVersion(), (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "writing " + out + " failed: " + DiskSpace.explain(e), e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void download(Path part) throws IOException {
        String secret = token != null ? token : System.getenv(TOKEN_VARIABLE);
        if (secret == null || secret.isBlank()) {
            throw ParcoursException.invalid("token", "backing up through the server needs an admin API token: put it in the "
                    + "environment variable " + TOKEN_VARIABLE + " (or give --token)");
        }
        URI uri;
        try {
            uri = URI.create(server.replaceAll("/+$", "") + "/api/admin/backup");
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ParcoursException.invalid("server", "--server " + server + " is not a URL like http://127.0.0.1:8080");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + secret.strip())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ParcoursException.invalid("server", "cannot reach a Parcours server at " + server + " (" + e
                    + "): is it running, and is the URL right?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParcoursException(ErrorCode.INTERNAL, "interrupted while waiting for the server");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                Matcher message = MESSAGE.matcher(text);
                throw new ParcoursException(codeOf(response.statusCode()), "the server at " + server + " answered "
                        + response.statusCode() + ": " + (message.find() ? message.group(1).replace("\\\"", "\"") : text.strip()));
            }
            try (OutputStream file = Files.newOutputStream(part)) {
                body.transferTo(file);
            } catch (IOException e) {
                throw new ParcoursException(ErrorCode.STORAGE, "writing " + part + " failed: " + DiskSpace.explain(e), e);
            }
        }
    }

    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 503 -> ErrorCode.STORAGE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_INPUT;
        };
    }

    private void fromFolder(Path part) throws IOException {
        if (!Files.isRegularFile(data.resolve(ParcoursStore.DATABASE_FILE))) {
            throw ParcoursException.notFound("no Parcours data folder at " + data + " (it holds no "
                    + ParcoursStore.DATABASE_FILE + ")");
        }
        ParcoursStore store;
        try {
            store = ParcoursStore.open(data);
        } catch (ParcoursException e) {
            if (e.getCause() instanceof SQLException && String.valueOf(e.getCause().getMessage()).contains("lock")) {
                throw new ParcoursException(ErrorCode.STORAGE, "the data folder " + data + " is in use by a running "
                        + "Parcours: back it up through that server with --server URL (and an admin token in "
                        + TOKEN_VARIABLE + ")", e);
            }
            throw e;
        }
        try (store; OutputStream file = Files.newOutputStream(part)) {
            Backup.write(store, file, Clock.systemUTC());
        }
    }
}
