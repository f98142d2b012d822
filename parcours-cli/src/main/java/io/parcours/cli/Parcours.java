package io.parcours.cli;

import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code parcours} command: runs the server, the demo, and the map and template tools. Every
 * command prints through picocli's writers, so the whole command line runs in-process in tests;
 * failures become one line per problem on stderr and an exit code from {@link #exitCode(ErrorCode)}.
 */
@Command(name = "parcours", mixinStandardHelpOptions = true, versionProvider = Parcours.Version.class,
        description = "Customer journey maps, connected to what customers do and say.",
        subcommands = {ServeCommand.class, DemoCommand.class, MapCommand.class, TemplateCommand.class,
            ConfigCommand.class, ImportCommand.class, ExportCommand.class, TokenCommand.class, KeysCommand.class, BenchCommand.class, SimulateCommand.class,
            AnalyzeCommand.class, KpiCommand.class, SurveyCommand.class, HypothesisCommand.class, ResultsCommand.class,
            CustomerCommand.class, RetentionCommand.class, CompactCommand.class,
            BackupCommand.class, RestoreCommand.class,
            CommandLine.HelpCommand.class})
public final class Parcours {

    public static void main(String[] args) {
        // Most commands open the database: its library loads meanwhile on the other core.
        Thread library = asksForHelp(args) ? null : io.parcours.store.DuckDbLibrary.loadInBackground();
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (library != null) {
            try {
                library.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.exit(code);
    }

    /** Whether the command line only asks for help or the version, which need no database. */
    private static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version") || arg.equals("help")) {
                return true;
            }
        }
        return args.length == 0;
    }

    /** Runs the command line with these writers and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Parcours());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((error, line, parseResult) -> {
            if (error instanceof ConfigException wrong) {
                wrong.problems().forEach(problem -> line.getErr().println("parcours: " + problem));
                line.getErr().flush();
                return 2;
            }
            if (LogSettings.current().json()) {
                // A serving command logs JSON: its failure is one JSON line too, with the causes' stack traces.
                org.slf4j.LoggerFactory.getLogger(Parcours.class).error(describe(error).substring("parcours: ".length()),
                        error);
            } else {
                line.getErr().println(describe(error));
                line.getErr().flush();
            }
            return error instanceof ParcoursException parcours ? exitCode(parcours.code()) : exitCode(ErrorCode.INTERNAL);
        });
        commandLine.setParameterExceptionHandler((error, parameters) -> {
            CommandLine line = error.getCommandLine();
            line.getErr().println("parcours: " + error.getMessage() + " (see '" + line.getCommandSpec().qualifiedName()
                    + " --help')");
            line.getErr().flush();
            return 2;
        });
        return commandLine.execute(args);
    }

    /** Exit codes: 0 success, 2 bad command line, then one per kind of failure ({@link ErrorCode#exitCode()}). */
    static int exitCode(ErrorCode code) {
        return code.exitCode();
    }

    /** One line per problem, compiler-style ({@code file:line:column: message}), or one line for any other failure. */
    static String describe(Exception error) {
        if (error instanceof ParcoursException parcours) {
            if (parcours.problems().size() > 1) {
                StringBuilder lines = new StringBuilder();
                for (Problem problem : parcours.problems()) {
                    if (lines.length() > 0) {
                        lines.append(System.lineSeparator());
                    }
                    lines.append("parcours: ").append(problem);
                }
                return lines.toString();
            }
            return "parcours: " + parcours.getMessage();
        }
        return "parcours: unexpected failure: " + error;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Parcours.class.getPackage().getImplementationVersion();
            return new String[] {"parcours " + (version == null ? "development" : version)};
        }
    }
}
