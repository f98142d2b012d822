package io.parcours.cli;

import io.parcours.server.JourneyAnalyses;
import io.parcours.server.Journeys;
import io.parcours.server.KpiTables;
import io.parcours.store.AnswerFilter;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import io.parcours.store.SurveyRecords;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parcours survey}: the survey side of a data folder (with the server stopped): invitations
 * with their links, comments, frequent terms, and the workspace's throttle. Surveys themselves are
 * written in the map file (see docs/map-format.md).
 */
@Command(name = "survey", mixinStandardHelpOptions = true,
        description = "Survey invitations, answers, frequent terms and the throttle (see docs/measurement.md).",
        subcommands = {SurveyCommand.Invitations.class, SurveyCommand.Answers.class, SurveyCommand.Terms.class,
            SurveyCommand.Throttle.class})
final class SurveyCommand {
    private SurveyCommand() {}

    @Command(name = "invitations", mixinStandardHelpOptions = true,
            description = "Invitations, newest first, with their links (for sending through your own tools).")
    static final class Invitations extends WorkspaceCommand {
        @Option(names = "--map", paramLabel = "KEY", description = "Only this map's.")
        String map;

        @Option(names = "--survey", paramLabel = "KEY", description = "Only this survey's.")
        String survey;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--public-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "The server's public URL, for the links (default ${DEFAULT-VALUE}).")
        String publicUrl;

        @Override
        public Integer call() throws Exception {
            List<Invitation> invitations;
            Instant now = Instant.now();
            try (ParcoursStore store = data.open()) {
                invitations = store.surveys().invitations(DataFolder.workspace(store, workspace), Optional.ofNullable(map),
                        Optional.ofNullable(survey), Math.max(1, Math.min(limit, 10_000)));
            }
            StringBuilder text = new StringBuilder();
            for (Invitation invitation : invitations) {
                text.append(String.format("%s  %-8s %s/%s  %s  %s/s/%s%s%n", invitation.createdAt(),
                        invitation.status(now).id(), invitation.map(), invitation.survey(), invitation.customer(),
                        publicUrl.replaceAll("/$", ""), invitation.token(), invitation.email().map(e -> "  " + e).orElse("")));
            }
            print(invitations, invitations.isEmpty() ? "No invitations.\n" : text.toString());
            return 0;
        }
    }

    @Command(name = "answers", mixinStandardHelpOptions = true, description = "Answers with a comment, newest first.")
    static final class Answers extends WorkspaceCommand {
        @Option(names = "--map", paramLabel = "KEY", description = "Only this map's.")
        String map;

        @Option(names = "--touchpoint", paramLabel = "KEY", description = "Only this touchpoint's.")
        String touchpoint;

        @Option(names = "--search", paramLabel = "TEXT", description = "Only comments containing this text, in any case.")
        String search;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            List<SurveyAnswer> answers;
            try (ParcoursStore store = data.open()) {
                AnswerFilter all = AnswerFilter.all(DataFolder.workspace(store, workspace));
                answers = store.surveys().comments(new AnswerFilter(all.workspace(), Optional.ofNullable(map),
                        Optional.ofNullable(touchpoint), all.from(), all.to()), Optional.ofNullable(search),
                        Math.max(1, Math.min(limit, 1000)));
            }
            StringBuilder text = new StringBuilder();
            for (SurveyAnswer answer : answers) {
                text.append(String.format("%s  %s/%s  %s %s  %s%n", answer.answeredAt(), answer.map(), answer.touchpoint(),
                        answer.type().id(), answer.score().map(String::valueOf).orElse("-"), answer.comment().orElse("")));
            }
            print(answers, answers.isEmpty() ? "No comments.\n" : text.toString());
            return 0;
        }
    }

    @Command(name = "terms", mixinStandardHelpOptions = true,
            description = "The most frequent words and phrases of comments, per touchpoint.")
    static final class Terms extends WorkspaceCommand {
        @Option(names = "--map", paramLabel = "KEY", description = "Only this map's.")
        String map;

        @Option(names = "--touchpoint", paramLabel = "KEY", description = "Only this touchpoint's.")
        String touchpoint;

        @Option(names = "--limit", defaultValue = "10", description = "Terms per touchpoint (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            Map<String, String> query = new LinkedHashMap<>();
            AnalyzeCommand.Analysis.put(query, "map", map);
            AnalyzeCommand.Analysis.put(query, "touchpoint", touchpoint);
            AnalyzeCommand.Analysis.put(query, "limit", limit);
            List<KpiTables.TouchpointTerms> terms;
            try (ParcoursStore store = data.open(); Journeys journeys = Journeys.follow(store)) {
                terms = new KpiTables(store, new JourneyAnalyses(store, journeys))
                        .terms(DataFolder.workspace(store, workspace), query);
            }
            StringBuilder text = new StringBuilder();
            for (KpiTables.TouchpointTerms touchpointTerms : terms) {
                text.append(touchpointTerms.map()).append('/').append(touchpointTerms.touchpoint()).append(" (")
                        .append(touchpointTerms.answers()).append(" comments)\n  words:   ");
                touchpointTerms.words().forEach(term -> text.append(term.text()).append(" ").append(term.answers()).append(", "));
                text.append("\n  phrases: ");
                touchpointTerms.phrases().forEach(term -> text.append(term.text()).append(" ").append(term.answers())
                        .append(", "));
                text.append('\n');
            }
            print(terms, terms.isEmpty() ? "No comments.\n" : text.toString().replace(", \n", "\n"));
            return 0;
        }
    }

    @Command(name = "throttle", mixinStandardHelpOptions = true,
            description = "Show, or set, how often a customer may be asked across all surveys (days; 0 for no limit).")
    static final class Throttle extends WorkspaceCommand {
        @Parameters(arity = "0..1", paramLabel = "DAYS", description = "The new throttle in days.")
        Integer days;

        @Override
        public Integer call() throws Exception {
            SurveyRecords.Settings settings;
            try (ParcoursStore store = data.open()) {
                String target = DataFolder.workspace(store, workspace);
                settings = days == null ? store.surveys().settings(target) : store.surveys().setThrottleDays(target, days);
            }
            print(settings, "A customer is asked at most once every " + settings.throttleDays() + " days"
                    + (settings.throttleDays() == 0 ? " (no limit)" : "") + ".\n");
            return 0;
        }
    }
}
