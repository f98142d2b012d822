package io.parcours.cli;

import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.Hypothesis;
import io.parcours.model.Metric;
import io.parcours.model.SurveyType;
import io.parcours.store.AnswerFilter;
import io.parcours.store.EventLog;
import io.parcours.store.HypothesisRecords;
import io.parcours.store.ParcoursStore;
import io.parcours.store.SurveyAnswer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Eight weeks of simulated survey answers for the Akwaba demo, on the surveys of its current map,
 * so that the KPI tables, alerts and hypotheses have something to show: the order's NPS below its
 * target and falling in the last weeks, the shop seller's CSAT red, the checkout's CES just under its
 * target, the delivery green, with comments in French and English. Plus a finished A/B experiment
 * on the checkout (exposures and answers) and a hypothesis still to test. Deterministic; loaded
 * once, when the workspace has no answers.
 */
final class DemoMeasurements {
    private static final String WORKSPACE = "akwaba";
    private static final String MAP = "amina-current";

    private DemoMeasurements() {}

    static void load(ParcoursStore store, PrintWriter out, Instant now) {
        if (!store.surveys().scoreCounts(AnswerFilter.all(WORKSPACE), Optional.empty()).isEmpty()) {
            return;
        }
        Random random = new Random(7);
        List<SurveyAnswer> answers = new ArrayList<>();
        Instant start = now.minus(Duration.ofDays(56));
        // comments that go with high scores, then with low ones
        String[][] orderComments = {{"Livraison rapide, robe magnifique", "Great fabrics, fast delivery"},
            {"Le site est lent sur mobile", "Guide des tailles introuvable", "Paiement refusé deux fois",
                "Le guide des tailles manque", "Beautiful dress, but the size guide is missing"}};
        String[][] sellerComments = {{"Très bons conseils", "Helpful and kind"},
            {"Vendeuse peu aimable", "Personne pour me conseiller", "The seller ignored me", "Vendeuse pressée"}};
        String[][] deliveryComments = {{"Livrée en deux jours", "Emballage soigné", "Parcel arrived early"},
            {"Colis en retard", "The parcel was damaged"}};
        for (int day = 0; day < 56; day++) {
            Instant date = start.plus(Duration.ofDays(day));
            boolean lateWeeks = day >= 35;
            for (int i = 0; i < 22; i++) {
                // promoters fall from about 45 % to 30 % in the last three weeks; detractors about 25 %
                double draw = random.nextDouble();
                int score = draw < (lateWeeks ? 0.30 : 0.45) ? 9 + random.nextInt(2) : draw < 0.75 ? 7 + random.nextInt(2)
                        : random.nextInt(7);
                answers.add(answer("nps-order", "order-placed", SurveyType.NPS, day, i, score,
                        random.nextInt(5) == 0 ? comment(orderComments, score >= 9, random) : null, date, random));
            }
            for (int i = 0; i < 6; i++) {
                int score = random.nextDouble() < 0.62 ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                answers.add(answer("csat-seller", "shop-seller", SurveyType.CSAT, day, 100 + i, score,
                        random.nextInt(3) == 0 ? comment(sellerComments, score >= 4, random) : null, date, random));
            }
            for (int i = 0; i < 11; i++) {
                int score = Math.min(7, Math.max(1, (int) Math.round(5.9 + random.nextGaussian() * 1.1)));
                answers.add(answer("ces-checkout", "checkout", SurveyType.CES, day, 200 + i, score, null, date, random));
            }
            for (int i = 0; i < 16; i++) {
                int score = random.nextDouble() < 0.92 ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                answers.add(answer("csat-delivery", "delivery", SurveyType.CSAT, day, 300 + i, score,
                        random.nextInt(6) == 0 ? comment(deliveryComments, score >= 4, random) : null, date, random));
            }
        }
        experiment(store, now, random, answers);
        store.surveys().appendAnswers(WORKSPACE, answers);
        store.hypotheses().save(WORKSPACE, new Hypothesis("size-guide", MAP, "product-page",
                "A size guide on every product page", Metric.CONVERSION, 3, Hypothesis.Test.AB,
                List.of(new Hypothesis.Variant("control", 1), new Hypothesis.Variant("size-guide", 1)), Optional.empty(),
                Optional.empty(), 28), now);
        out.printf("Demo workspace 'akwaba': %,d survey answers over 8 weeks, a finished A/B test and a hypothesis to test%n",
                answers.size());
    }

    /** The finished experiment: a one-page checkout against the current one, judged on the checkout's CES. */
    private static void experiment(ParcoursStore store, Instant now, Random random, List<SurveyAnswer> answers) {
        Hypothesis hypothesis = new Hypothesis("one-page-checkout", MAP, "checkout", "A one-page checkout", Metric.CES,
                0.5, Hypothesis.Test.AB, List.of(new Hypothesis.Variant("control", 1),
                        new Hypothesis.Variant("one-page", 1)), Optional.empty(), Optional.empty(), 28);
        Instant started = now.minus(Duration.ofDays(42));
        Instant ended = now.minus(Duration.ofDays(14));
        store.hypotheses().save(WORKSPACE, hypothesis, started.minus(Duration.ofDays(3)));
        store.hypotheses().move(WORKSPACE, hypothesis.key(), HypothesisRecords.State.RUNNING, started);
        store.hypotheses().move(WORKSPACE, hypothesis.key(), HypothesisRecords.State.ENDED, ended);
        try {
            store.createSource(WORKSPACE, "demo-experiments", "Demo experiment exposures");
        } catch (io.parcours.model.ParcoursException alreadyThere) {
            // a second load reuses it
        }
        List<Event> exposures = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            String customer = "demo-visitor-" + i;
            Hypothesis.Variant variant = hypothesis.variantOf(customer);
            Instant seen = started.plus(Duration.ofMinutes(random.nextInt(28 * 24 * 60 - 120)));
            exposures.add(new Event("demo-exposure-" + i, EventType.TRACK, "Experiment Viewed", Optional.of(customer),
                    Optional.empty(), seen.toEpochMilli(), seen.toEpochMilli(), "{\"experiment_id\": \"one-page-checkout\", "
                    + "\"experiment_name\": \"A one-page checkout\", \"variation_id\": \"" + variant.key()
                    + "\", \"variation_name\": \"" + variant.key() + "\"}", "{}", "{}", Optional.empty(), Optional.empty()));
            if (random.nextInt(3) > 0) {
                double mean = variant.key().equals("one-page") ? 6.2 : 5.6;
                int score = Math.min(7, Math.max(1, (int) Math.round(mean + random.nextGaussian())));
                answers.add(new SurveyAnswer(Optional.empty(), WORKSPACE, MAP, "ces-checkout", "checkout", SurveyType.CES,
                        customer, random.nextBoolean() ? "fr" : "en", Optional.of(score), Optional.empty(),
                        "{\"score\":" + score + "}", seen.plus(Duration.ofMinutes(30))));
            }
        }
        store.events().append(new EventLog.Origin(WORKSPACE, "demo-experiments"), exposures).join();
    }

    private static String comment(String[][] comments, boolean happy, Random random) {
        String[] fitting = comments[happy ? 0 : 1];
        return fitting[random.nextInt(fitting.length)];
    }

    private static SurveyAnswer answer(String survey, String touchpoint, SurveyType type, int day, int n, int score,
            String comment, Instant date, Random random) {
        Instant at = date.plus(Duration.ofMinutes(random.nextInt(24 * 60))).truncatedTo(ChronoUnit.SECONDS);
        String answers = comment == null ? "{\"score\":" + score + "}"
                : "{\"score\":" + score + ",\"why\":" + io.parcours.io.Json.mapper().valueToTree(comment) + "}";
        return new SurveyAnswer(Optional.empty(), WORKSPACE, MAP, survey, touchpoint, type, "demo-customer-" + day + "-" + n,
                random.nextInt(3) == 0 ? "en" : "fr", Optional.of(score), Optional.ofNullable(comment), answers, at);
    }
}
