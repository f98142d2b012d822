package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.store.CreatedWriteKey;
import io.parcours.store.ParcoursStore;
import io.parcours.store.Source;
import io.parcours.store.WriteKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours keys ...}: write keys, which let a source (web shop, app, tills) send events. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke write keys for the tracking API (run with the server stopped).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
    private KeysCommand() {}

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a write key for a source (the source is created if needed) and print it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
        String workspace;

        @Option(names = "--source", required = true, paramLabel = "KEY", description = "The source's key, such as web-shop.")
        String source;

        @Option(names = "--source-name", paramLabel = "NAME", description = "The source's name, when it is created (default: its key).")
        String sourceName;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ParcoursStore store = data.open()) {
                String target = DataFolder.workspace(store, workspace);
                if (store.sources(target).stream().noneMatch(s -> s.key().equals(source))) {
                    store.createSource(target, source, sourceName == null ? source : sourceName);
                    out.println("Created source '" + source + "' in workspace '" + target + "'");
                }
                CreatedWriteKey key = store.createWriteKey(target, source);
                out.println("Write key " + key.key().id() + " for source '" + source + "' (shown once, keep it): "
                        + key.secret());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources and their write keys (never the secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Option(names = "--workspace", paramLabel = "KEY", description = "The workspace; needed when there are several.")
        String workspace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ParcoursStore store = data.open()) {
                String target = DataFolder.workspace(store, workspace);
                for (Source source : store.sources(target)) {
                    out.println(source.key() + "  " + source.name());
                    for (WriteKey key : store.writeKeys(target)) {
                        if (key.source().equals(source.key())) {
                            out.println("  " + key.id() + "  created " + key.createdAt()
                                    + key.revokedAt().map(at -> ", revoked " + at).orElse(""));
                        }
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a write key by its id.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Parameters(paramLabel = "ID", description = "The key's id, from 'parcours keys list'.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (id.isBlank()) {
                throw ParcoursException.invalid("id", "give the id of the key to revoke");
            }
            try (ParcoursStore store = data.open()) {
                store.revokeWriteKey(id);
            }
            spec.commandLine().getOut().println("Revoked write key " + id);
            return 0;
        }
    }
}
