package io.parcours.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code parcours serve} in a JVM of its own, as an operator runs it (optionally behind a command
 * that prefixes it, such as {@code nsenter} into a mount namespace), with an HTTP client for it.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final String url;
    /** Every line the server printed, standard output and error together. */
    final List<String> output;

    private ServerProcess(Process process, String url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** The java command running Parcours with the test's class path, behind {@code prefix}. */
    static List<String> command(List<String> prefix, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ParcoursProcess.TEST_JVM);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Parcours.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code parcours serve} on {@code data} at a free port and waits until it answers. */
    static ServerProcess start(Path data, List<String> prefix, List<String> jvmOptions) throws IOException {
        Process process = new ProcessBuilder(command(prefix, jvmOptions, "serve", "--data", data.toString(), "--port", "0"))
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            Matcher matcher = URL.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        lines.lines().forEach(output::add);
                    } catch (java.io.UncheckedIOException closed) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new ServerProcess(process, matcher.group(1), output);
            }
        }
        throw new AssertionError("the server did not start: " + String.join("\n", output));
    }

    /** What a command that ends printed, and its exit code. */
    record Exited(int code, String out, String err) {}

    /** Runs a Parcours command in a JVM of its own until it ends (at most 2 minutes). */
    static Exited run(List<String> prefix, Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(prefix, List.of(), args));
        builder.environment().putAll(environment);
        Process process = builder.start();
        var out = readAll(process.getInputStream());
        var err = readAll(process.getErrorStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("parcours " + String.join(" ", args) + " did not end");
        }
        return new Exited(process.exitValue(), out.get(), err.get());
    }

    private static java.util.concurrent.CompletableFuture<String> readAll(InputStream stream) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    /** Stops the server as Ctrl-C or SIGTERM does: every journaled event loaded, the database closed. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the server did not stop within 60 s");
        }
    }

    /** An answer: its status and body. */
    record Answer(int status, String body) {}

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path));
    }

    /** Sends a Segment batch with a write key, as the tracking libraries do. */
    Answer batch(String writeKey, String body) {
        return send(request("/v1/batch").header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer api(String token, String path) {
        return send(request(path).header("Authorization", "Bearer " + token).GET());
    }

    /** What the login form answered (303 when let in), and the cookies a browser then sends. */
    record Login(int status, String cookies) {}

    /** Logs in through the login form as a browser does. */
    Login login(String email, String password) {
        try {
            HttpResponse<String> form = HTTP.send(request("/login").GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
            if (!csrf.find()) {
                throw new AssertionError("no _csrf field on the login page");
            }
            String body = "_csrf=" + csrf.group(1) + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=%2Faccount";
            HttpResponse<String> answer = HTTP.send(request("/login").header("Cookie", cookies(form))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Login(answer.statusCode(), cookies(answer));
        } catch (IOException e) {
            return new Login(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Login(-1, e.toString());
        }
    }

    private static String cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().map(cookie -> cookie.split(";", 2)[0])
                .collect(Collectors.joining("; "));
    }

    /** A dashboard page as a logged-in browser asks for it. */
    Answer page(String path, Login login) {
        return send(request(path).header("Accept", "text/html").header("Cookie", login.cookies()).GET());
    }
}
