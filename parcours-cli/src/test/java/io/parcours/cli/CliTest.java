package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process, against real files and a real database in a temporary folder. */
class CliTest {
    @TempDir
    Path folder;

    private Path write(String name, String text) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path demoFile() throws Exception {
        return write("akwaba.yaml", MapFiles.write(MapDocument.of(DemoWorkspaces.load().get(0))));
    }

    @Test
    void templatesAreListedAndShownAsValidMapFiles() throws Exception {
        CliRun list = CliRun.of("template", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("purchase-phases", "aida", "ecommerce");
        CliRun show = CliRun.of("template", "show", "aida");
        assertThat(show.exitCode()).isZero();
        Path saved = write("aida.yaml", show.out());
        assertThat(CliRun.of("map", "validate", saved.toString()).exitCode()).isZero();
    }

    @Test
    void unknownTemplateIsOneLineWithASuggestion() {
        CliRun run = CliRun.of("template", "show", "aidaa");
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err().strip()).isEqualTo("parcours: no template named 'aidaa'; did you mean 'aida'?");
    }

    @Test
    void validateListsEveryProblemWithItsPlace() throws Exception {
        Path file = write("broken.yaml", """
                parcours: 1
                personas: [{key: p, name: P}]
                maps:
                  - key: m
                    name: M
                    persona: p
                    stages:
                      - key: s
                        name: S
                        emotion: {score: 4}
                        touchpoints:
                          - {key: t, name: T, channel: fax}
                """);
        CliRun run = CliRun.of("map", "validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err().lines()).containsExactly(
                "parcours: " + file + ":10:26: emotion score 4 is out of range: use a whole number from -2 (very negative) to 2 (very positive)",
                "parcours: " + file + ":12:40: unknown channel 'fax'; use one of: ads, app, chat, delivery, email, event, mail, marketplace, outdoor, partner, phone, print, push, radio, reviews, search, sms, social, store, tv, web, word-of-mouth");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validateOfAMissingFileSaysSo() {
        CliRun run = CliRun.of("map", "validate", folder.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("parcours: no such file:");
    }

    @Test
    void importThenExportGivesTheSameWorkspace() throws Exception {
        Path data = folder.resolve("data");
        CliRun imported = CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("into workspace 'akwaba' (created)").contains("amina-current: saved as version 1");
        CliRun again = CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        assertThat(again.out()).contains("amina-current: unchanged, still version 1");

        CliRun exported = CliRun.of("map", "export", "--data", data.toString());
        assertThat(exported.exitCode()).isZero();
        Workspace workspace = MapFiles.read("exported.yaml", exported.out()).toWorkspace();
        assertThat(workspace).isEqualTo(DemoWorkspaces.load().get(0));

        CliRun oneMap = CliRun.of("map", "export", "marc-gift", "--data", data.toString(), "--out",
                folder.resolve("marc.yaml").toString());
        assertThat(oneMap.exitCode()).isZero();
        assertThat(MapFiles.read(folder.resolve("marc.yaml"), io.parcours.model.WorkspaceRules.Known.ANYTHING).maps())
                .containsExactly(DemoWorkspaces.load().get(0).map("marc-gift").orElseThrow());
    }

    @Test
    void importOfABrokenFileSavesNothing() throws Exception {
        Path data = folder.resolve("data");
        CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        Path broken = write("broken.yaml", Files.readString(demoFile()).replace("owner: crm", "owner: crn")
                .replace("Amina buys a dress (today)", "Changed name"));
        CliRun run = CliRun.of("map", "import", broken.toString(), "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("team 'crn'").contains("did you mean 'crm'?");
        CliRun exported = CliRun.of("map", "export", "amina-current", "--data", data.toString());
        assertThat(exported.out()).contains("Amina buys a dress (today)").doesNotContain("Changed name");
    }

    @Test
    void diffComparesFilesAndStoredVersions() throws Exception {
        Path data = folder.resolve("data");
        Path before = demoFile();
        Path after = write("after.yaml", Files.readString(before)
                .replace("name: Advice from a seller", "name: Advice from a trained seller"));
        CliRun files = CliRun.of("map", "diff", before.toString(), after.toString());
        assertThat(files.exitCode()).as(files.err()).isZero();
        assertThat(files.out()).contains("Map 'amina-current'").contains("~ shop-seller 'Advice from a trained seller' changed")
                .contains("name: 'Advice from a seller' -> 'Advice from a trained seller'")
                .contains("Map 'marc-gift'").contains("no differences");

        CliRun.of("map", "import", before.toString(), "--data", data.toString());
        CliRun.of("map", "import", after.toString(), "--data", data.toString(), "--message", "trained sellers");
        CliRun versions = CliRun.of("map", "diff", "amina-current@1", "amina-current@2", "--data", data.toString(), "--json");
        assertThat(versions.exitCode()).as(versions.err()).isZero();
        assertThat(versions.out()).contains("\"key\" : \"shop-seller\"").contains("\"kind\" : \"changed\"");
        CliRun missing = CliRun.of("map", "diff", "amina-current@1", "amina-current@7", "--data", data.toString());
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("has no version 7");
    }

    @Test
    void aFileWithoutWorkspaceGoesIntoTheNamedWorkspaceCreatedIfNeeded() throws Exception {
        Path data = folder.resolve("data");
        Path template = write("shop.yaml", CliRun.of("template", "show", "ecommerce").out());
        CliRun none = CliRun.of("map", "import", template.toString(), "--data", data.toString());
        assertThat(none.exitCode()).isEqualTo(4);
        assertThat(none.err()).contains("--workspace KEY to create it");
        CliRun created = CliRun.of("map", "import", template.toString(), "--data", data.toString(), "--workspace", "my-shop");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("into workspace 'my-shop' (created)").contains("ecommerce: saved as version 1");
        Files.writeString(template, Files.readString(template).replace("name: Shopping cart", "name: Basket"));
        CliRun.of("map", "import", template.toString(), "--data", data.toString(), "--workspace", "my-shop");
        CliRun diff = CliRun.of("map", "diff", "ecommerce@1", "ecommerce@2", "--data", data.toString());
        assertThat(diff.out()).contains("~ cart 'Basket' changed");
    }

    @Test
    void impossibleVersionsAndOutputFilesAreClearErrors() throws Exception {
        Path data = folder.resolve("data");
        CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        CliRun huge = CliRun.of("map", "diff", "marc-gift@1", "marc-gift@99999999999", "--data", data.toString());
        assertThat(huge.exitCode()).isEqualTo(4);
        assertThat(huge.err().lines()).hasSize(1);
        CliRun out = CliRun.of("map", "export", "marc-gift", "--data", data.toString(), "--out",
                folder.resolve("no/such/folder/x.yaml").toString());
        assertThat(out.exitCode()).isEqualTo(3);
        assertThat(out.err()).startsWith("parcours: cannot write").contains("existing, writable folder");
    }

    @Test
    void badFlagsAreOneLineAndExitCodeTwo() {
        CliRun run = CliRun.of("serve", "--port", "abc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--port").contains("serve --help");
        CliRun unknown = CliRun.of("map", "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"serve", "--help"}, {"demo", "--help"}, {"map", "--help"},
            {"map", "validate", "--help"}, {"map", "import", "--help"}, {"map", "export", "--help"},
            {"map", "diff", "--help"}, {"map", "schema", "--help"}, {"template", "--help"}, {"template", "list", "--help"},
            {"template", "show", "--help"}, {"token", "create", "--help"}}) {
            CliRun run = CliRun.of(command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: parcours");
        }
    }

    @Test
    void writeKeysAreCreatedListedAndRevoked() throws Exception {
        Path data = folder.resolve("data");
        CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        CliRun created = CliRun.of("keys", "create", "--data", data.toString(), "--source", "web-shop", "--source-name",
                "Web shop");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created source 'web-shop' in workspace 'akwaba'").contains("pwk_");
        String id = created.out().replaceAll("(?s).*Write key (\\w+) .*", "$1").strip();
        CliRun listed = CliRun.of("keys", "list", "--data", data.toString());
        assertThat(listed.out()).contains("web-shop  Web shop").contains(id).doesNotContain("pwk_");
        assertThat(CliRun.of("keys", "revoke", id, "--data", data.toString()).exitCode()).isZero();
        assertThat(CliRun.of("keys", "list", "--data", data.toString()).out()).contains("revoked");
        CliRun again = CliRun.of("keys", "revoke", id, "--data", data.toString());
        assertThat(again.exitCode()).isEqualTo(4);
    }

    @Test
    void eventLogsImportOnceAndBadRowsAreReported() throws Exception {
        Path data = folder.resolve("data");
        CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        String log = Path.of("..", "..", "shared", "datasets", "pm4py-running-example", "running-example.csv").toString();
        CliRun first = CliRun.of("import", log, "--data", data.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("42 read, 42 stored, 0 already there, 0 skipped");
        CliRun again = CliRun.of("import", log, "--data", data.toString());
        assertThat(again.out()).contains("42 read, 0 stored, 42 already there");

        Path broken = write("broken.csv", "case:concept:name,concept:name,time:timestamp\nc1,a,2026-11-22 10:00\nc1,b,never\n");
        CliRun strict = CliRun.of("import", broken.toString(), "--data", data.toString(), "--strict");
        assertThat(strict.exitCode()).isEqualTo(3);
        assertThat(strict.err()).contains("line 3").contains("nothing was imported");
        CliRun lenient = CliRun.of("import", broken.toString(), "--data", data.toString(), "--source", "till");
        assertThat(lenient.out()).contains("2 read, 1 stored, 0 already there, 1 skipped").contains("skipped line 3: 'never'");
        try (io.parcours.store.ParcoursStore store = io.parcours.store.ParcoursStore.open(data)) {
            assertThat(store.events().size()).isEqualTo(43);
            assertThat(store.sources("akwaba")).extracting(io.parcours.store.Source::key).containsExactly("import", "till");
        }
    }

    @Test
    void aCsvFileTheDatabaseCannotReadAsItIsIsReadRowByRowAndTheSummarySaysWhy() throws Exception {
        Path data = folder.resolve("data");
        Path plain = write("plain.csv", "case:concept:name,concept:name,time:timestamp\nc1,a,2026-11-22 10:00\nc1,b,2026-11-22 11:00\n");
        CliRun bulk = CliRun.of("import", plain.toString(), "--data", data.toString(), "--workspace", "shop");
        assertThat(bulk.exitCode()).as(bulk.err()).isZero();
        assertThat(bulk.out()).contains("2 read, 2 stored").doesNotContain("row by row");
        Path quoted = write("quoted.csv", "case:concept:name,concept:name,time:timestamp,note\n"
                + "c2,a,2026-11-22 10:00,\"two\nlines\"\nc2,b,2026-11-22 11:00,\n");
        CliRun rows = CliRun.of("import", quoted.toString(), "--data", data.toString());
        assertThat(rows.exitCode()).as(rows.err()).isZero();
        assertThat(rows.out()).contains("2 read, 2 stored")
                .contains("read row by row, which is slower, because line 2 has a line break inside a quoted field");
        Path strict = write("strict.csv", "case:concept:name,concept:name,time:timestamp\nc3,a,2026-11-22 10:00\nc3,b,soon\n");
        CliRun refused = CliRun.of("import", strict.toString(), "--data", data.toString(), "--strict");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("line 3: 'soon'").contains("nothing was imported");
        try (io.parcours.store.ParcoursStore store = io.parcours.store.ParcoursStore.open(data)) {
            assertThat(store.events().size()).isEqualTo(4);
        }
    }

    @Test
    void importingIntoAFreshDataFolderCreatesTheWorkspaceNamed() {
        Path data = folder.resolve("fresh");
        String log = Path.of("..", "..", "shared", "datasets", "pm4py-running-example", "running-example.csv").toString();
        CliRun unnamed = CliRun.of("import", log, "--data", data.toString());
        assertThat(unnamed.exitCode()).isEqualTo(4);
        assertThat(unnamed.err()).contains("--workspace KEY to create it");
        CliRun named = CliRun.of("import", log, "--data", data.toString(), "--workspace", "claims");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(named.out()).contains("Created workspace 'claims'").contains("42 read, 42 stored");
        CliRun typo = CliRun.of("import", log, "--data", data.toString(), "--workspace", "claim");
        assertThat(typo.exitCode()).isEqualTo(4);
        assertThat(typo.err()).contains("no workspace 'claim'").contains("claims");
    }

    @Test
    void exportedEventsImportBackAndParquetFollowsTheSchema() throws Exception {
        Path data = folder.resolve("data");
        CliRun.of("map", "import", demoFile().toString(), "--data", data.toString());
        String log = Path.of("..", "..", "shared", "datasets", "pm4py-running-example", "running-example.xes").toString();
        assertThat(CliRun.of("import", log, "--data", data.toString()).exitCode()).isZero();
        for (String format : List.of("jsonl", "xes", "csv", "parquet")) {
            CliRun exported = CliRun.of("export", "events", "--data", data.toString(), "--format", format, "--out",
                    folder.resolve("events." + format).toString());
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            assertThat(exported.out()).contains("Exported 42 events");
        }
        CliRun one = CliRun.of("export", "events", "--data", data.toString(), "--format", "xes", "--customer", "3", "--out",
                folder.resolve("case-3.xes").toString());
        assertThat(one.out()).contains("Exported 9 events");

        Path other = folder.resolve("other");
        CliRun.of("map", "import", demoFile().toString(), "--data", other.toString());
        CliRun back = CliRun.of("import", folder.resolve("events.jsonl").toString(), "--data", other.toString());
        assertThat(back.out()).contains("42 read, 42 stored");
        CliRun xes = CliRun.of("import", folder.resolve("events.xes").toString(), "--data", other.toString(), "--source", "xes");
        assertThat(xes.out()).contains("42 read, 42 stored");
        CliRun again = CliRun.of("import", folder.resolve("events.jsonl").toString(), "--data", other.toString());
        assertThat(again.out()).contains("42 read, 0 stored, 42 already there");

        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
            var result = db.createStatement().executeQuery("SELECT count(*), count(DISTINCT customer_id), min(event_time_utc) "
                    + "FROM read_parquet('" + folder.resolve("events.parquet") + "')");
            result.next();
            assertThat(result.getLong(1)).isEqualTo(42);
            assertThat(result.getLong(2)).isEqualTo(6);
            assertThat(result.getString(3)).startsWith("2010-12-30");
            var columns = db.createStatement().executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('"
                    + folder.resolve("events.parquet") + "'))");
            List<String> names = new java.util.ArrayList<>();
            while (columns.next()) {
                names.add(columns.getString(1));
            }
            assertThat(names).containsExactly("seq", "customer_id", "workspace", "source_key", "message_id", "type", "name",
                    "user_id", "anonymous_id", "event_time_utc", "event_time", "received_at", "properties", "traits",
                    "context", "previous_id", "group_id");
            String doc = Files.readString(Path.of("..", "docs", "event-schema.md"));
            names.forEach(name -> assertThat(doc).as("docs/event-schema.md describes %s", name).contains("| `" + name + "` |"));
        }
    }

    @Test
    void schemaIsPrinted() {
        assertThat(CliRun.of("map", "schema").out()).contains("\"title\": \"Parcours map file\"");
    }
}
