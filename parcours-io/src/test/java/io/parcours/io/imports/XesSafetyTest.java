package io.parcours.io.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile XES files: an external entity (a local file, a URL) is never read, an entity expansion
 * ("billion laughs") and elements nested without end are refused at once with a clear one-line
 * message, and a {@code .xes.gz} that expands hugely is streamed: it is read trace by trace, and
 * what one trace or value could make Parcours hold is bounded.
 */
class XesSafetyTest {
    private static final String EVENT = "<event><string key=\"concept:name\" value=\"Seen\"/>"
            + "<date key=\"time:timestamp\" value=\"2026-01-10T10:00:00Z\"/></event>";

    @TempDir
    Path folder;

    private static String log(String doctype, String traceName) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + "\n<log xes.version=\"1.0\"><trace>"
                + "<string key=\"concept:name\" value=\"" + traceName + "\"/>" + EVENT + "</trace></log>\n";
    }

    private ParcoursException refusal(String name, String text) throws IOException {
        Path file = Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
        return refusal(file);
    }

    private static ParcoursException refusal(Path file) {
        return catchThrowableOfType(() -> {
            try (EventFileReader reader = EventFiles.open(file, EventFiles.Format.XES, CsvMapping.detect(), 0L)) {
                reader.forEachRemaining(item -> { });
            }
        }, ParcoursException.class);
    }

    @Test
    void anExternalEntityNamingALocalFileIsNotRead() throws IOException {
        Path secret = Files.writeString(folder.resolve("secret.txt"), "the-secret-content-7781");
        ParcoursException refused = refusal("xxe.xes", log("<!DOCTYPE log [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
                "&xxe;"));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused.getMessage()).contains("declares a DTD").doesNotContain("the-secret-content").doesNotContain("\n");
        ParcoursException passwd = refusal("passwd.xes", log("<!DOCTYPE log [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                "&xxe;"));
        assertThat(passwd.getMessage()).contains("declares a DTD").doesNotContain("root:");
    }

    @Test
    void anExternalEntityNamingAUrlIsNeverFetched() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            AtomicBoolean called = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    listener.setSoTimeout(3_000);
                    listener.accept().close();
                    called.set(true);
                } catch (SocketTimeoutException quiet) {
                    // nobody called: what we hope
                } catch (IOException e) {
                    // the listener closed
                }
            });
            watcher.start();
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/entity";
            ParcoursException general = refusal("http.xes", log("<!DOCTYPE log [<!ENTITY xxe SYSTEM \"" + url + "\">]>", "&xxe;"));
            ParcoursException dtd = refusal("dtd.xes", log("<!DOCTYPE log SYSTEM \"" + url + "\">", "case"));
            ParcoursException parameter = refusal("parameter.xes", log("<!DOCTYPE log [<!ENTITY % remote SYSTEM \"" + url
                    + "\"> %remote;]>", "case"));
            watcher.join();
            assertThat(called).as("Parcours opened the entity's URL").isFalse();
            assertThat(general.getMessage()).contains("declares a DTD");
            assertThat(dtd.getMessage()).contains("declares a DTD");
            assertThat(parameter.getMessage()).contains("declares a DTD");
        }
    }

    @Test
    void anEntityExpansionIsRefusedAtOnce() throws IOException {
        StringBuilder entities = new StringBuilder("<!DOCTYPE log [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        entities.append("]>");
        long started = System.nanoTime();
        ParcoursException refused = refusal("laughs.xes", log(entities.toString(), "&lol10;"));
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to refuse").isLessThan(2_000);
        assertThat(refused.getMessage()).contains("declares a DTD").doesNotContain("\n");
    }

    @Test
    void elementsNestedWithoutEndAreRefused() throws IOException {
        ParcoursException refused = refusal("deep.xes", "<log><trace>" + "<list key=\"x\">".repeat(5_000) + "</log>");
        assertThat(refused.getMessage()).startsWith("not a readable XES file at line 1: ").contains("maxElementDepth")
                .doesNotContain("\n");
    }

    @Test
    void aHugeTraceOrValueInACompressedFileIsRefusedNotHeld() throws IOException {
        // One trace of more events than a trace may hold: a few hundred kilobytes compressed.
        Path trace = gzip("trace.xes.gz", out -> {
            out.write("<log><trace><string key=\"concept:name\" value=\"c\"/>");
            for (int i = 0; i <= XesReader.MAX_TRACE_EVENTS; i++) {
                out.write(EVENT);
            }
            out.write("</trace></log>");
        });
        assertThat(Files.size(trace)).isLessThan(1 << 20);
        assertThat(refusal(trace).getMessage()).contains("a trace holds more than 100000 events");

        // One value of 64 MB (64 kilobytes compressed).
        Path value = gzip("value.xes.gz", out -> {
            out.write("<log><trace><string key=\"concept:name\" value=\"");
            char[] block = new char[1 << 16];
            java.util.Arrays.fill(block, 'a');
            for (int i = 0; i < 1024; i++) {
                out.write(block);
            }
            out.write("\"/></trace></log>");
        });
        assertThat(refusal(value).getMessage()).contains("runs longer than 1024 KB without markup");

        // Many attributes on one event.
        Path attributes = gzip("attributes.xes.gz", out -> {
            out.write("<log><trace><string key=\"concept:name\" value=\"c\"/><event>");
            for (int i = 0; i <= XesReader.MAX_ATTRIBUTES; i++) {
                out.write("<string key=\"k" + i + "\" value=\"v\"/>");
            }
            out.write("</event></trace></log>");
        });
        assertThat(refusal(attributes).getMessage()).contains("more than 1000 attributes");
    }

    @Test
    void aLargeCompressedLogIsReadTraceByTrace() throws IOException {
        int traces = 100_000;
        Path file = gzip("many.xes.gz", out -> {
            out.write("<log>");
            for (int i = 0; i < traces; i++) {
                out.write("<trace><string key=\"concept:name\" value=\"c" + i + "\"/>" + EVENT + EVENT + "</trace>");
            }
            out.write("</log>");
        });
        long expanded = traces * (2L * EVENT.length() + 60);
        try (EventFileReader reader = EventFiles.open(file, EventFiles.Format.XES, CsvMapping.detect(), 0L)) {
            assertThat(reader.next()).isInstanceOf(ImportItem.Accepted.class);
            assertThat(reader.bytesRead()).as("bytes read for the first event, of about %d", expanded)
                    .isLessThan(1 << 20).isLessThan(expanded / 20);
            long count = 1;
            while (reader.hasNext()) {
                assertThat(reader.next()).isInstanceOf(ImportItem.Accepted.class);
                count++;
            }
            assertThat(count).isEqualTo(2L * traces);
        }
    }

    private interface Content {
        void write(Writer out) throws IOException;
    }

    private Path gzip(String name, Content content) throws IOException {
        Path file = folder.resolve(name);
        try (OutputStream bytes = Files.newOutputStream(file);
                Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16),
                        StandardCharsets.UTF_8), 1 << 16)) {
            content.write(out);
        }
        return file;
    }
}
