package io.parcours.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.parcours.io.builtin.MapSchema;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapDiff;
import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import io.parcours.model.Workspace;
import io.parcours.model.WorkspaceRules;
import io.parcours.store.ImportResult;
import io.parcours.store.MapVersion;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours map ...}: journey maps as code: validate, import, export and compare map files. */
@Command(name = "map", mixinStandardHelpOptions = true, description = "Work with map files (docs/map-format.md).",
        subcommands = {MapCommand.Validate.class, MapCommand.Import.class, MapCommand.Export.class, MapCommand.Diff.class,
            MapCommand.Schema.class})
final class MapCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a map file; every problem is listed as FILE:LINE:COLUMN: message.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The map file (YAML or JSON).")
        Path file;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Also check references against a workspace in this data folder.")
        Path data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace to check against (with --data).")
        String workspace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MapDocument document;
            if (data != null) {
                try (ParcoursStore store = ParcoursStore.open(data)) {
                    document = MapFiles.read(file, known(store, file, workspace));
                }
            } else {
                document = MapFiles.read(file);
            }
            int stages = document.maps().stream().mapToInt(map -> map.stages().size()).sum();
            int touchpoints = document.maps().stream().mapToInt(map -> map.touchpoints().size()).sum();
            spec.commandLine().getOut().println(file + " is valid: " + document.teams().size() + " teams, "
                    + document.personas().size() + " personas, " + document.maps().size() + " maps, " + stages
                    + " stages, " + touchpoints + " touchpoints");
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a map file into a data folder: teams and personas are added or replaced, and every "
                    + "map that changed is saved as a new version.",
                "All or nothing: if anything is wrong, nothing is saved."})
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The map file (YAML or JSON).")
        Path file;

        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY",
                description = "The workspace to import into; by default the file's own, or the only one.")
        String workspace;

        @Option(names = "--message", paramLabel = "TEXT", defaultValue = "", description = "Why, kept with each new version.")
        String message;

        @Option(names = "--author", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who, kept with each new version (default: ${DEFAULT-VALUE}).")
        String author;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ParcoursStore store = data.open()) {
                MapDocument peek = MapFiles.read(file, WorkspaceRules.Known.ANYTHING);
                String target = peek.workspace().map(info -> {
                    if (workspace != null && !workspace.equals(info.key())) {
                        throw ParcoursException.invalid("workspace", file + " describes workspace '" + info.key()
                                + "', not '" + workspace + "': drop --workspace or edit the file's workspace section");
                    }
                    return info.key();
                }).orElseGet(() -> workspace != null ? io.parcours.model.Keys.require("workspace", workspace)
                        : DataFolder.workspace(store, null));
                boolean exists = store.workspace(target).isPresent();
                MapDocument document = MapFiles.read(file, store.workspace(target).map(WorkspaceRules.Known::of)
                        .orElse(WorkspaceRules.Known.NONE));
                // A file without a workspace section goes into the workspace named by --workspace, created if needed.
                String name = document.workspace().map(info -> info.name()).orElse(exists ? null : target);
                String description = document.workspace().map(info -> info.description()).orElse(exists ? null : "");
                ImportResult result = store.importInto(target, name, description, document.workspace().isPresent() || !exists,
                        document.teams(), document.personas(), document.maps(), author, message);
                out.println("Imported " + file + " into workspace '" + target + "'"
                        + (result.workspaceCreated() ? " (created)" : "") + ": " + result.teams().size() + " teams, "
                        + result.personas().size() + " personas, " + result.maps().size() + " maps");
                for (ImportResult.MapOutcome outcome : result.maps()) {
                    out.println("  " + outcome.key() + ": " + (outcome.changed() ? "saved as version " : "unchanged, still version ")
                            + outcome.version());
                }
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write a map (or with no KEY, a whole workspace) as a map file.")
    static final class Export implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Parameters(paramLabel = "KEY", arity = "0..1", description = "The map's key; leave out to export the whole workspace.")
        String key;

        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
        String workspace;

        @Option(names = "--version", paramLabel = "N", description = "A version number; the latest by default.")
        Integer version;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String text;
            try (ParcoursStore store = data.open()) {
                String target = key == null ? DataFolder.workspace(store, workspace) : workspaceOfMap(store, key, workspace);
                if (key == null) {
                    if (version != null) {
                        throw ParcoursException.invalid("version", "--version needs a map KEY");
                    }
                    text = MapFiles.write(MapDocument.of(store.requireWorkspace(target)));
                } else {
                    MapVersion map = version == null ? store.requireLatestMap(target, key) : store.version(target, key, version);
                    text = MapFiles.write(MapDocument.of(map.map()));
                }
            }
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                try {
                    Files.writeString(out, text);
                } catch (java.io.IOException e) {
                    throw ParcoursException.invalid("out", "cannot write " + out + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): choose a file in an existing, writable folder");
                }
                spec.commandLine().getOut().println("Wrote " + out);
            }
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Compare two map files, or two versions of a map in a data folder.",
                "A and B are files, or versions written KEY@N (with --data), for example: parcours map diff amina-current@1 amina-current@3"})
    static final class Diff implements Callable<Integer> {
        private static final Pattern VERSION = Pattern.compile("([a-z0-9][a-z0-9_.-]*)@(\\d{1,9})");

        @Parameters(index = "0", paramLabel = "A", description = "The older side: a map file or KEY@N.")
        String before;

        @Parameters(index = "1", paramLabel = "B", description = "The newer side: a map file or KEY@N.")
        String after;

        @Option(names = "--data", paramLabel = "DIR", description = "The data folder, for KEY@N versions.")
        Path data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace, for KEY@N versions when there are several.")
        String workspace;

        @Option(names = "--json", description = "Print the differences as JSON (as the API's /diff answers).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, JourneyMap> beforeMaps = side(before);
            Map<String, JourneyMap> afterMaps = side(after);
            Set<String> keys = new LinkedHashSet<>(beforeMaps.keySet());
            keys.retainAll(afterMaps.keySet());
            if (keys.isEmpty()) {
                if (beforeMaps.size() == 1 && afterMaps.size() == 1) {
                    keys.add("");
                } else {
                    throw ParcoursException.invalid("", "the two sides share no map key: " + beforeMaps.keySet() + " and "
                            + afterMaps.keySet());
                }
            }
            List<MapDiff> diffs = new ArrayList<>();
            for (String key : keys) {
                JourneyMap a = key.isEmpty() ? beforeMaps.values().iterator().next() : beforeMaps.get(key);
                JourneyMap b = key.isEmpty() ? afterMaps.values().iterator().next() : afterMaps.get(key);
                diffs.add(MapDiff.between(a, b));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectMapper mapper = io.parcours.io.Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(mapper.writeValueAsString(diffs.size() == 1 ? diffs.get(0) : diffs));
            } else {
                diffs.forEach(diff -> out.print(diff.toText(before, after)));
                Set<String> onlyBefore = new LinkedHashSet<>(beforeMaps.keySet());
                onlyBefore.removeAll(afterMaps.keySet());
                Set<String> onlyAfter = new LinkedHashSet<>(afterMaps.keySet());
                onlyAfter.removeAll(beforeMaps.keySet());
                if (!keys.contains("")) {
                    onlyBefore.forEach(key -> out.println("Map '" + key + "' is only in " + before));
                    onlyAfter.forEach(key -> out.println("Map '" + key + "' is only in " + after));
                }
            }
            out.flush();
            return 0;
        }

        private Map<String, JourneyMap> side(String reference) {
            Path path = Path.of(reference);
            if (Files.isRegularFile(path)) {
                return MapFiles.read(path, WorkspaceRules.Known.ANYTHING).maps().stream()
                        .collect(Collectors.toMap(JourneyMap::key, map -> map, (x, y) -> x, java.util.LinkedHashMap::new));
            }
            Matcher matcher = VERSION.matcher(reference);
            if (!matcher.matches()) {
                throw ParcoursException.notFound("'" + reference
                        + "' is neither a file nor a version written KEY@N (such as checkout-journey@2)");
            }
            if (data == null) {
                throw ParcoursException.invalid("data", "'" + reference + "' is a map version: give the data folder with --data");
            }
            try (ParcoursStore store = ParcoursStore.open(data)) {
                String key = matcher.group(1);
                String target = workspaceOfMap(store, key, workspace);
                return Map.of(key, store.version(target, key, Integer.parseInt(matcher.group(2))).map());
            }
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "Print the JSON Schema of map files, for editors' completion and checking.")
    static final class Schema implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(MapSchema.text());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Finds the workspace of a map: the one named, or the only one holding a map with this key. */
    static String workspaceOfMap(ParcoursStore store, String mapKey, String named) {
        if (named != null) {
            return DataFolder.workspace(store, named);
        }
        List<String> holding = new ArrayList<>();
        List<String> allMaps = new ArrayList<>();
        for (var summary : store.workspaces()) {
            Workspace workspace = store.requireWorkspace(summary.key());
            workspace.maps().forEach(map -> allMaps.add(map.key()));
            if (workspace.map(mapKey).isPresent()) {
                holding.add(summary.key());
            }
        }
        if (holding.isEmpty()) {
            throw ParcoursException.notFound("no map '" + mapKey + "' in " + store.dataFolder() + Suggestions.hint(mapKey, allMaps));
        }
        if (holding.size() > 1) {
            throw ParcoursException.invalid("workspace", "map '" + mapKey + "' is in several workspaces ("
                    + String.join(", ", holding) + "): name one with --workspace");
        }
        return holding.get(0);
    }

    static WorkspaceRules.Known known(ParcoursStore store, Path file, String workspace) {
        Optional<String> declared = Optional.empty();
        try {
            declared = MapFiles.read(file, WorkspaceRules.Known.ANYTHING).workspace().map(info -> info.key());
        } catch (ParcoursException e) {
            // the real read below reports the file's problems
        }
        String target = declared.orElseGet(() -> DataFolder.workspace(store, workspace));
        return store.workspace(target).map(WorkspaceRules.Known::of).orElse(WorkspaceRules.Known.NONE);
    }

    private MapCommand() {}
}
