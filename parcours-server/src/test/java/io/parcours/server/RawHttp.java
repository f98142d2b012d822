package io.parcours.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket, for the fuzz tests: requests that {@code java.net.http}
 * refuses to send (broken framing, lying lengths, bytes that are not text in a header), sent from
 * a chosen loopback address, so that thousands of requests come from many clients as they would in
 * production rather than tripping the per-address rate limits. Each request has its own connection
 * ({@code Connection: close}); the body is written on another thread, so that a server that answers
 * before reading it all (413) is heard. Thread-safe.
 */
final class RawHttp {
    /** What the server answered: status (-1 when it closed the connection without a word), headers, body, time taken. */
    record Response(int status, Map<String, String> headers, byte[] body, long millis) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of the cookie {@code name} that the answer sets, or null. */
        String cookie(String name) {
            for (String set : String.valueOf(header("Set-Cookie")).split("\n")) {
                if (set.startsWith(name + "=")) {
                    int end = set.indexOf(';');
                    return set.substring(name.length() + 1, end < 0 ? set.length() : end);
                }
            }
            return null;
        }

        /** A header's value, by its name in any case (repeated headers joined by new lines); null when absent. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean isJson() {
            return String.valueOf(header("Content-Type")).startsWith("application/json");
        }

        boolean isHtml() {
            return String.valueOf(header("Content-Type")).startsWith("text/html");
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** Headers from names and values: {@code headers("Accept", "text/html", "Content-Type", "...")}. */
    static List<String[]> headers(String... namesAndValues) {
        List<String[]> headers = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
        }
        return headers;
    }

    /** A well-framed request: Host and Connection: close added, the body sent with its length or in chunks. */
    static byte[] request(String method, String target, List<String[]> headers, byte[] body, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        write(out, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (String[] header : headers) {
            write(out, header[0] + ": " + header[1] + "\r\n");
        }
        if (chunked) {
            write(out, "Transfer-Encoding: chunked\r\n\r\n");
            for (int at = 0; at < body.length; at += 4096) {
                int length = Math.min(4096, body.length - at);
                write(out, Integer.toHexString(length) + "\r\n");
                out.write(body, at, length);
                write(out, "\r\n");
            }
            write(out, "0\r\n\r\n");
        } else {
            write(out, "Content-Length: " + body.length + "\r\n\r\n");
            out.write(body, 0, body.length);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        // ISO-8859-1 keeps each char < 256 as one byte: fuzz tests put raw bytes in headers this way
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes, 0, bytes.length);
    }

    /**
     * Sends {@code request} from {@code localAddress} (a 127.x.y.z address) and reads the answer to
     * the end; fails when none comes within {@code timeout}.
     */
    Response send(String localAddress, byte[] request, Duration timeout) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException refusedEarly) {
                    // the server answered and closed before reading everything: its answer is what counts
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] answer;
            try {
                answer = readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within " + timeout.toMillis() + " ms");
            }
            writer.join(timeout.toMillis());
            return parse(answer, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new AssertionError("cannot talk to the server: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer (the server closed while our body was still coming): keep what came
            if (answer.size() == 0) {
                return new byte[0];
            }
        }
        return answer.toByteArray();
    }

    private static Response parse(byte[] answer, long millis) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (answer.length == 0 || end < 0 || !text.startsWith("HTTP/1.1 ")) {
            return new Response(-1, Map.of(), answer, millis);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (first, next) -> first + "\n" + next);
        }
        byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body, millis);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Loopback addresses to send from, a new one for each request (127.1.0.1, 127.1.0.2...), so
     * that per-address rate limits stay out of the way of what is being tested.
     */
    static final class Clients {
        private int next;

        synchronized String next() {
            int n = next++;
            return "127." + (1 + (n >> 16) % 200) + "." + ((n >> 8) & 0xff) + "." + (1 + (n & 0xff) % 254);
        }
    }
}
