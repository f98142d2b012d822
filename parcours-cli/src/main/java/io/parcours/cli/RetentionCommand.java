package io.parcours.cli;

import io.parcours.model.ParcoursException;
import io.parcours.server.Retention;
import io.parcours.store.ParcoursStore;
import io.parcours.store.PrivacyRecords;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parcours retention}: shows or sets how long a workspace keeps each kind of data, and
 * purges what is older, on a data folder with the server stopped (the server purges every hour).
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Show or set how many days a workspace keeps events, survey answers and invitations, and delete "
                + "what is older (the server does it every hour). See docs/privacy.md.")
final class RetentionCommand extends WorkspaceCommand {
    @Option(names = "--events", paramLabel = "DAYS", description = "Keep events this many days (by when they happened); "
            + "'forever' removes the period.")
    String events;

    @Option(names = "--answers", paramLabel = "DAYS", description = "Keep survey answers this many days; 'forever' removes the period.")
    String answers;

    @Option(names = "--invitations", paramLabel = "DAYS",
            description = "Keep survey invitations (and the e-mail addresses they went to) this many days; 'forever' "
                    + "removes the period.")
    String invitations;

    @Option(names = "--purge", description = "Delete now what is older than the periods.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        Map<PrivacyRecords.Kind, String> changes = new LinkedHashMap<>();
        changes.put(PrivacyRecords.Kind.EVENTS, events);
        changes.put(PrivacyRecords.Kind.ANSWERS, answers);
        changes.put(PrivacyRecords.Kind.INVITATIONS, invitations);
        Map<PrivacyRecords.Kind, Optional<Integer>> days = new LinkedHashMap<>();
        changes.forEach((kind, text) -> {
            if (text != null) {
                days.put(kind, parse(kind, text));
            }
        });
        try (ParcoursStore store = data.open()) {
            String target = DataFolder.workspace(store, workspace);
            days.forEach((kind, value) -> store.privacy().setRetention(target, kind, value));
            Map<PrivacyRecords.Kind, Integer> periods = store.privacy().retention(target);
            StringBuilder text = new StringBuilder();
            Map<String, Object> view = new LinkedHashMap<>();
            for (PrivacyRecords.Kind kind : PrivacyRecords.Kind.values()) {
                Integer period = periods.get(kind);
                view.put(kind.id(), period);
                text.append(String.format("%-12s %s%n", kind.id(), period == null ? "kept forever" : period + " days"));
            }
            if (purge) {
                try (Retention retention = new Retention(store, Clock.systemUTC())) {
                    Retention.Purged purged = retention.purge(target);
                    view.put("purged", purged);
                    text.append(String.format("Deleted %d events, %d ids, %d survey invitations and %d answers%n",
                            purged.events(), purged.ids(), purged.invitations(), purged.answers()));
                }
            }
            print(view, text.toString());
        }
        return 0;
    }

    private static Optional<Integer> parse(PrivacyRecords.Kind kind, String text) {
        if (text.equals("forever")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw ParcoursException.invalid(kind.id(), "--" + kind.id() + " takes a number of days from 1 to "
                    + PrivacyRecords.MAX_DAYS + ", or 'forever', not '" + text + "'");
        }
    }
}
