package io.parcours.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.parcours.io.Json;
import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.LocalizedText;
import io.parcours.model.ParcoursException;
import io.parcours.model.Survey;
import io.parcours.model.SurveyQuestion;
import io.parcours.store.Invitation;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public side of surveys, for customers and the web sites they use, without an API token:
 * {@code GET /v1/surveys/{token}} gives an invitation's questions in the customer's language,
 * {@code POST /v1/surveys/{token}} answers it, once; {@code GET /v1/surveys/pending} (with a
 * write key, as the tracking API) lists a customer's open invitations, for the web widget. The
 * token is the only credential an answer needs: it is signed and answers once.
 */
final class SurveyRoutes {
    /** Requests a client (an IP address) may make at once to the public survey routes, then one a second (the defaults). */
    static final int BURST = 60;

    /** The largest answer accepted, in bytes. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;

    /** A question as the customer sees it, in their language. */
    record QuestionView(String key, String kind, String text, Integer minimum, Integer maximum, List<ChoiceView> choices,
            boolean required) {}

    /** A choice as the customer sees it. */
    record ChoiceView(String key, String text) {}

    /** An invitation as the page and the widget show it. */
    record SurveyView(String token, String survey, String type, String language, String status, Instant expiresAt,
            List<QuestionView> questions) {}

    private final ParcoursStore store;
    private final Journeys journeys;
    private final TrackingRoutes tracking;
    private final Clock clock;
    private final java.util.function.Function<SurveyPage, String> render;
    private final RateLimiter limiter;

    SurveyRoutes(ParcoursStore store, Journeys journeys, TrackingRoutes tracking, Clock clock, ServerOptions.Limits limits,
            java.util.function.Function<SurveyPage, String> render) {
        this.store = store;
        this.journeys = journeys;
        this.tracking = tracking;
        this.clock = clock;
        this.render = render;
        this.limiter = new RateLimiter(limits.surveyAddressBurst(), RateLimiter.perSecond(limits.surveyAddressInterval()),
                100_000, System::nanoTime);
    }

    List<TrackingRoutes.TrackingRoute> all() {
        return List.of(
                new TrackingRoutes.TrackingRoute(HandlerType.GET, "/s/{token}", ctx -> page(ctx, false)),
                new TrackingRoutes.TrackingRoute(HandlerType.POST, "/s/{token}", ctx -> page(ctx, true)),
                new TrackingRoutes.TrackingRoute(HandlerType.GET, "/v1/surveys/pending", this::pending),
                new TrackingRoutes.TrackingRoute(HandlerType.GET, "/v1/surveys/{token}", ctx -> {
                    Opened opened = open(ctx.pathParam("token"));
                    ctx.json(view(opened, language(ctx, Optional.of(opened.invitation().locale()))));
                }),
                new TrackingRoutes.TrackingRoute(HandlerType.POST, "/v1/surveys/{token}", ctx -> {
                    if (ctx.bodyAsBytes().length > MAX_ANSWER_BYTES) {
                        throw new ParcoursException(ErrorCode.TOO_LARGE, "an answer is at most " + MAX_ANSWER_BYTES / 1024
                                + " KB");
                    }
                    answer(open(ctx.pathParam("token")), readJson(ctx.bodyAsBytes()));
                    ctx.json(java.util.Map.of("success", true));
                }));
    }

    /**
     * Refuses a client that sent more than its share of requests to the public survey routes:
     * 429 with Retry-After, as a page on {@code /s/} and as JSON elsewhere. Registered before them.
     */
    void limit(Context ctx) {
        String client = ctx.ip();
        if (limiter.allow(client)) {
            return;
        }
        ctx.header("Retry-After", Long.toString(Math.max(1, limiter.retryAfterSeconds(client))));
        if (ctx.path().startsWith("/s/")) {
            String language = language(ctx, Optional.empty());
            ctx.status(429).html(render.apply(SurveyPage.message(language, SurveyPage.word(language, "busy"))));
            ctx.skipRemainingHandlers();
            return;
        }
        throw new ParcoursException(ErrorCode.OVERLOADED, "too many survey requests from this address: try again in "
                + limiter.retryAfterSeconds(client) + " s");
    }

    /**
     * The hosted survey page: the form (GET), or the form posted (POST), answered with a thank-you
     * page, or shown again with the error and what was chosen. Every refusal is a page in the
     * customer's language with the status of the JSON API.
     */
    private void page(Context ctx, boolean posted) {
        String token = ctx.pathParam("token");
        Optional<Invitation> found = store.surveys().invitation(token);
        // a genuine token, even answered or closed, tells the customer's language
        String language = language(ctx, found.map(Invitation::locale));
        ctx.header("Cache-Control", "no-store");
        Opened opened;
        try {
            opened = open(found);
        } catch (ParcoursException e) {
            String key = switch (e.code()) {
                case CONFLICT -> "answered";
                case GONE -> "closed";
                default -> "unknown";
            };
            ctx.status(io.parcours.server.ErrorResponses.status(e.code()))
                    .html(render.apply(SurveyPage.message(language, SurveyPage.word(language, key))));
            return;
        }
        String action = "/s/" + token + "?lang=" + language;
        SurveyView view = view(opened, language);
        if (!posted) {
            ctx.html(render.apply(SurveyPage.form(view, action, null, null)));
            return;
        }
        // a multipart form is parsed from the request itself, so its body must not be read first
        boolean multipart = String.valueOf(ctx.contentType()).toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
        long size = multipart ? ctx.contentLength() : ctx.bodyAsBytes().length;
        if (size > MAX_ANSWER_BYTES || size < 0) {
            ctx.status(413).html(render.apply(SurveyPage.form(view, action, SurveyPage.word(language, "check")
                    + "the answer is longer than " + MAX_ANSWER_BYTES / 1024 + " KB", null)));
            return;
        }
        JsonNode body = SurveyAnswers.fromForm(opened.survey(), ctx.formParamMap());
        try {
            answer(opened, body);
        } catch (ParcoursException e) {
            if (e.code() == ErrorCode.INVALID_INPUT) {
                ctx.status(400).html(render.apply(SurveyPage.form(view, action, SurveyPage.word(language, "check")
                        + e.getMessage(), body.get("answers"))));
                return;
            }
            String key = e.code() == ErrorCode.CONFLICT ? "answered" : e.code() == ErrorCode.GONE ? "closed" : "unknown";
            ctx.status(io.parcours.server.ErrorResponses.status(e.code()))
                    .html(render.apply(SurveyPage.message(language, SurveyPage.word(language, key))));
            return;
        }
        ctx.html(render.apply(SurveyPage.message(language, SurveyPage.word(language, "thanks"))));
    }

    /** The open invitations of the customer named by {@code userId} or {@code anonymousId}, for the widget. */
    private void pending(Context ctx) {
        String workspace = tracking.originOf(ctx).workspace();
        String id = Optional.ofNullable(ctx.queryParam("userId")).or(() -> Optional.ofNullable(ctx.queryParam("anonymousId")))
                .filter(text -> !text.isBlank() && text.length() <= 200)
                .orElseThrow(() -> ParcoursException.invalid("userId", "give the customer as ?userId=... or ?anonymousId=..."));
        List<String> ids = journeys.idsOf(workspace, id);
        List<SurveyView> views = new ArrayList<>();
        for (Invitation invitation : store.surveys().openInvitations(workspace, ids, clock.instant())) {
            surveyOf(invitation).ifPresent(survey -> views.add(view(invitation, survey, language(ctx,
                    Optional.of(invitation.locale())))));
        }
        ctx.json(views);
    }

    /** The invitation a token names, with its survey; refused when unknown, answered, expired or no longer asked. */
    Opened open(String token) {
        return open(store.surveys().invitation(token));
    }

    /** The same, for an invitation already looked up (empty: the token named none). */
    private Opened open(Optional<Invitation> found) {
        Invitation invitation = found.orElseThrow(() -> ParcoursException.notFound(
                "this survey link is not valid: check that it was copied whole"));
        Instant now = clock.instant();
        switch (invitation.status(now)) {
            case ANSWERED -> throw ParcoursException.conflict("this survey has already been answered: thank you");
            case EXPIRED -> throw new ParcoursException(ErrorCode.GONE, "this survey closed on " + invitation.expiresAt()
                    + ": thank you all the same");
            default -> {
                // waiting or open: a customer who has the link may answer
            }
        }
        Survey survey = surveyOf(invitation).orElseThrow(() -> new ParcoursException(ErrorCode.GONE,
                "this survey is no longer asked: thank you all the same"));
        return new Opened(invitation, survey);
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw ParcoursException.invalid("answers", "the body is not valid JSON: send {\"answers\": {\"score\": 9}}");
        }
    }

    /** An invitation and its survey. */
    record Opened(Invitation invitation, Survey survey) {}

    SurveyView view(Opened opened, String language) {
        return view(opened.invitation(), opened.survey(), language);
    }

    /** Stores the answer to an opened invitation; the store refuses a second answer in its transaction. */
    void answer(Opened opened, JsonNode body) {
        SurveyAnswers.Checked checked = SurveyAnswers.check(opened.survey(), body);
        Invitation invitation = opened.invitation();
        store.surveys().answer(invitation, new SurveyAnswer(Optional.of(invitation.id()), invitation.workspace(),
                invitation.map(), invitation.survey(), invitation.touchpoint(), opened.survey().type(),
                invitation.customer(), LocalizedText.language(invitation.locale()), checked.score(), checked.comment(),
                checked.answers().toString(), clock.instant()));
    }

    private Optional<Survey> surveyOf(Invitation invitation) {
        return store.latestMap(invitation.workspace(), invitation.map()).map(version -> version.map())
                .flatMap(map -> surveyIn(map, invitation));
    }

    private static Optional<Survey> surveyIn(JourneyMap map, Invitation invitation) {
        return map.touchpoint(invitation.touchpoint()).flatMap(touchpoint -> touchpoint.survey(invitation.survey()))
                .or(() -> map.touchpointOfSurvey(invitation.survey()).flatMap(t -> t.survey(invitation.survey())));
    }

    private SurveyView view(Invitation invitation, Survey survey, String language) {
        return new SurveyView(invitation.token(), survey.key(), survey.type().id(), language,
                invitation.status(clock.instant()).id(), invitation.expiresAt(), questionsIn(survey, language));
    }

    /** A survey's questions as a customer reads them in {@code language}: what the page, the widget and the builder's preview show. */
    static List<QuestionView> questionsIn(Survey survey, String language) {
        List<QuestionView> questions = new ArrayList<>();
        for (SurveyQuestion question : survey.questions()) {
            boolean rating = question.kind() == SurveyQuestion.Kind.RATING;
            questions.add(new QuestionView(question.key(), question.kind().id(), question.text().in(language),
                    rating ? question.minimum() : null, rating ? question.maximum() : null,
                    question.choices().stream().map(choice -> new ChoiceView(choice.key(), choice.text().in(language))).toList(),
                    question.required()));
        }
        return questions;
    }

    /** The language to show: ?lang=, else the invitation's locale, else the browser's Accept-Language. */
    static String language(Context ctx, Optional<String> locale) {
        String asked = ctx.queryParam("lang");
        if (asked != null && !asked.isBlank()) {
            return LocalizedText.language(asked);
        }
        if (locale.isPresent()) {
            return LocalizedText.language(locale.get());
        }
        String accept = ctx.header("Accept-Language");
        return LocalizedText.language(accept == null ? "en" : accept.trim());
    }
}
