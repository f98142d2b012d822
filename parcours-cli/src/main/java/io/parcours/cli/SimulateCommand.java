package io.parcours.cli;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.io.simulate.JourneySimulator;
import io.parcours.io.simulate.SimulationOptions;
import io.parcours.io.simulate.SimulationSummary;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parcours simulate}: realistic customer journeys through a workspace's maps, as JSON lines of Segment messages. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write realistic customer journeys through the journey maps of a workspace (the Akwaba demo by "
                + "default), as JSON lines of Segment messages that 'parcours import' reads: for tests, demos and benchmarks.",
            "Customers get a persona, walk its maps stage by stage on online and offline touchpoints, in sessions, and some "
                + "identify themselves and convert. Every touchpoint message fits the touchpoint's matching rules. "
                + "The same options give the same bytes. See docs/simulation.md."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--customers", paramLabel = "N", defaultValue = "1000",
            description = "How many customers, from 1 to 100,000,000 (default ${DEFAULT-VALUE}).")
    long customers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Any whole number; the same seed and options give the same file (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write, or - for standard output.")
    String out;

    @Option(names = "--force", description = "Overwrite the file if it exists.")
    boolean force;

    @Option(names = "--events-per-customer", paramLabel = "X", defaultValue = "10",
            description = "The average number of messages per customer to aim at, from 1 to 1000 (default ${DEFAULT-VALUE}).")
    double eventsPerCustomer;

    @Option(names = "--workspace-file", paramLabel = "FILE",
            description = "A map file whose personas and maps to walk, instead of the Akwaba demo.")
    Path workspaceFile;

    @Option(names = "--from", paramLabel = "DATE",
            description = "The first day journeys may start (UTC), such as 2025-10-03; default 90 days before --to.")
    String from;

    @Option(names = "--to", paramLabel = "DATE",
            description = "The day the period ends, excluded (UTC); default 2026-01-01, or 90 days after --from.")
    String to;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "EUR",
            description = "The currency of conversion values, an ISO 4217 code (default ${DEFAULT-VALUE}).")
    String currency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SimulationOptions options = options();
        Workspace workspace = workspace();
        JourneySimulator simulator = JourneySimulator.of(workspace, options);
        long started = System.nanoTime();
        SimulationSummary summary;
        PrintWriter report;
        if (out.equals("-")) {
            PrintWriter stdout = spec.commandLine().getOut();
            try (OutputStream decoding = new DecodingStream(stdout)) {
                summary = simulator.write(decoding);
            } catch (IOException | UncheckedIOException e) {
                throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot write to standard output: " + e.getMessage(), e);
            }
            report = spec.commandLine().getErr();
        } else {
            summary = writeFile(simulator, Path.of(out));
            report = spec.commandLine().getOut();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        report.printf(Locale.ROOT, "Wrote %,d events of %,d customers (%.1f per customer) of workspace '%s' to %s in %.1f s "
                + "(%,.0f events/s): %,d identified, %,d converted (%,d.%02d %s), %,d noise events%n",
                summary.events(), summary.customers(), summary.eventsPerCustomer(), workspace.key(),
                out.equals("-") ? "standard output" : out, seconds, summary.events() / seconds, summary.identified(),
                summary.converted(), summary.revenueCents() / 100, summary.revenueCents() % 100, options.currency(),
                summary.noise());
        if (summary.eventsPerCustomer() > options.eventsPerCustomer() * 1.2) {
            report.printf(Locale.ROOT, "Note: the maps of '%s' give at least %.1f events per customer, more than the %s asked "
                    + "for%n", workspace.key(), summary.eventsPerCustomer(), eventsPerCustomer);
        }
        report.flush();
        return 0;
    }

    private SimulationOptions options() {
        Instant end;
        Instant start;
        if (to != null) {
            end = day("to", to);
            start = from != null ? day("from", from) : end.minus(SimulationOptions.DEFAULT_PERIOD);
        } else if (from != null) {
            start = day("from", from);
            end = start.plus(SimulationOptions.DEFAULT_PERIOD);
        } else {
            end = SimulationOptions.DEFAULT_END;
            start = end.minus(SimulationOptions.DEFAULT_PERIOD);
        }
        if (customers < 1 || customers > SimulationOptions.MAX_CUSTOMERS) {
            throw ParcoursException.invalid("customers", String.format(Locale.ROOT,
                    "--customers must be from 1 to %,d, not %d", SimulationOptions.MAX_CUSTOMERS, customers));
        }
        if (!(eventsPerCustomer >= SimulationOptions.MIN_EVENTS_PER_CUSTOMER
                && eventsPerCustomer <= SimulationOptions.MAX_EVENTS_PER_CUSTOMER)) {
            throw ParcoursException.invalid("events-per-customer", "--events-per-customer must be from 1 to 1000, not "
                    + eventsPerCustomer);
        }
        if (!start.isBefore(end)) {
            throw ParcoursException.invalid("from", "--from must be before --to: " + start + " is not before " + end);
        }
        return new SimulationOptions(customers, seed, eventsPerCustomer, start, end, currency.toUpperCase(Locale.ROOT));
    }

    /** A day (midnight UTC) or an exact ISO-8601 time. */
    private static Instant day(String option, String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw ParcoursException.invalid(option, "--" + option + " must be a date such as 2025-10-03 (or a time such as "
                    + "2025-10-03T08:00:00Z), not '" + text + "'");
        }
    }

    private Workspace workspace() {
        if (workspaceFile == null) {
            return DemoWorkspaces.load().get(0);
        }
        MapDocument document = MapFiles.read(workspaceFile);
        if (document.workspace().isPresent()) {
            return document.toWorkspace();
        }
        return new Workspace("simulation", "Simulation", "", document.teams(), document.personas(), document.maps());
    }

    private SimulationSummary writeFile(JourneySimulator simulator, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw ParcoursException.invalid("out", "the folder of " + file + " does not exist: create it first");
        }
        if (Files.isDirectory(file)) {
            throw ParcoursException.invalid("out", file + " is a folder: give a file name, such as " + file.resolve("journeys.jsonl"));
        }
        OutputStream stream;
        try {
            stream = force ? Files.newOutputStream(file)
                    : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw ParcoursException.conflict(file + " already exists: give --force to overwrite it, or another --out");
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
        }
        try (OutputStream closing = stream) {
            return simulator.write(closing);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file); // no half-written file that looks complete
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            if (e instanceof ParcoursException parcours) {
                throw parcours;
            }
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The UTF-8 bytes of the simulator decoded into the command's writer, so that {@code --out -}
     * goes through picocli's output like every other command (and so runs in-process in tests).
     */
    private static final class DecodingStream extends OutputStream {
        private final Writer writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        private final CharBuffer chars = CharBuffer.allocate(1 << 16);

        DecodingStream(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            while (length > 0) {
                int taken = Math.min(length, bytes.remaining());
                bytes.put(source, offset, taken);
                offset += taken;
                length -= taken;
                bytes.flip();
                while (true) {
                    CoderResult result = decoder.decode(bytes, chars, false);
                    writer.write(chars.array(), 0, chars.position());
                    chars.clear();
                    if (result.isUnderflow()) {
                        break;
                    }
                    if (result.isError()) {
                        result.throwException();
                    }
                }
                bytes.compact(); // keeps the start of a character cut by the buffer's end
            }
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
