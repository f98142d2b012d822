package io.parcours.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Small requests at a high rate (single tracks, thousands a second) over a few kept-alive
 * connections, HTTP/1.1 written by hand, as an SDK's pool of connections would send them: the
 * JDK's client, one connection per request in flight and one selector thread for all, cost the
 * load generator more than the server. Open loop, like the soak's other loads: request {@code n} is
 * due at {@code start + n / rate} and its latency counts from then; at most {@code queued} wait for
 * a connection, beyond which the schedule waits too and the latencies keep counting.
 */
final class KeepAliveLoad implements SoakTest.Load {
    /** Where the requests go. */
    private final InetSocketAddress server;
    private final String kind;
    private final double perSecond;
    /** The whole request, headers and body, for each number. */
    private final IntFunction<byte[]> request;
    private final BitSet acknowledged;
    private final int connections;
    private final BlockingQueue<long[]> due;
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean scheduled;
    private int sent;

    KeepAliveLoad(InetSocketAddress server, String kind, double perSecond, IntFunction<byte[]> request, BitSet acknowledged,
            int connections, int queued) {
        this.server = server;
        this.kind = kind;
        this.perSecond = perSecond;
        this.request = request;
        this.acknowledged = acknowledged;
        this.connections = connections;
        this.due = new ArrayBlockingQueue<>(queued);
    }

    @Override
    public void run(SoakRecorder recorder, long startNanos, long endNanos) {
        if (perSecond <= 0) {
            scheduled = true;
            return;
        }
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> send(recorder), "soak-keep-alive-" + c);
            sender.start();
            senders.add(sender);
        }
        try {
            for (int number = 0; ; number++) {
                long at = dueAt(startNanos, perSecond, number);
                if (at >= endNanos) {
                    sent = number;
                    return;
                }
                waitUntil(at);
                due.put(new long[] {number, at});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduled = true;
        }
    }

    /** One connection: takes the next request due, sends it, reads the answer; reconnects after a failure. */
    private void send(SoakRecorder recorder) {
        Socket socket = null;
        InputStream in = null;
        try {
            while (true) {
                long[] next = due.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (scheduled && due.isEmpty()) {
                        return;
                    }
                    continue;
                }
                int number = (int) next[0];
                // How long it waited for a free connection: the rest of its latency is on the connection.
                recorder.record(kind + " wait", next[1], System.nanoTime() - next[1], 200);
                int status;
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(120_000);
                        socket.connect(server, 5_000);
                        in = new BufferedInputStream(socket.getInputStream(), 8192);
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(request.apply(number));
                    out.flush();
                    status = readResponse(in);
                } catch (IOException failed) {
                    status = 0;
                    closeQuietly(socket);
                    socket = null;
                }
                recorder.record(kind, next[1], System.nanoTime() - next[1], status);
                if (status == 200) {
                    synchronized (acknowledged) {
                        acknowledged.set(number);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    /** Reads one response off a kept-alive connection (a length or chunks); its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected
            }
        } else if (length > 0) {
            skip(in, length);
        }
        if (close) {
            throw new IOException("the server closed the connection after answering " + status);
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = bytes; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("connection closed mid-body");
            }
            left -= read;
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    @Override
    public void awaitAnswers() throws InterruptedException {
        for (Thread sender : senders) {
            sender.join(TimeUnit.MINUTES.toMillis(10));
        }
    }

    @Override
    public int sent() {
        return sent;
    }

    /** When request {@code number} of a load at {@code perSecond} that started at {@code startNanos} is due. */
    static long dueAt(long startNanos, double perSecond, int number) {
        return startNanos + (long) (number * 1e9 / perSecond);
    }

    /** Waits until {@code System.nanoTime()} reaches {@code at}. */
    static void waitUntil(long at) {
        for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** A POST of a JSON body with its headers, as bytes ready to write. */
    static byte[] post(String host, String path, String authorization, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + content.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }
}
