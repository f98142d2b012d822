package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.store.ApiToken;
import io.parcours.store.CreatedToken;
import io.parcours.store.ParcoursStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parcours token ...}: API tokens, for when the first admin token is lost or a tool needs its own. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens (run with the server stopped).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    private TokenCommand() {}

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Who or what uses it; versions saved with it carry this name.")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (name.isBlank() || name.length() > 100) {
                throw ParcoursException.invalid("name", "--name must be 1 to 100 characters");
            }
            try (ParcoursStore store = data.open()) {
                CreatedToken token = store.createToken(name, io.parcours.model.Role.ADMIN);
                spec.commandLine().getOut().println("Token " + token.token().id() + " for '" + name
                        + "' (shown once, keep it): " + token.secret());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ParcoursStore store = data.open()) {
                for (ApiToken token : store.tokens()) {
                    out.printf("%s  %-20s %-6s created %s%s%n", token.id(), token.name(), token.role().id(), token.createdAt(),
                            token.revokedAt().map(at -> ", revoked " + at).orElse(""));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DataFolder data;

        @Parameters(paramLabel = "ID", description = "The token's id, from 'parcours token list'.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (ParcoursStore store = data.open()) {
                store.revokeToken(id);
            }
            spec.commandLine().getOut().println("Revoked token " + id);
            return 0;
        }
    }
}
