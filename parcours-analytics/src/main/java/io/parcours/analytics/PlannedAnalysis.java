package io.parcours.analytics;

/**
 * An analysis as asked for, ready to run on any engine: one or two analyses added up over the
 * same journeys in one pass, and how their results make the answer (an attribution model applied
 * to the paths counted, key touchpoints with their attribution share). Its answer is what the API
 * and {@code parcours analyze --json} give, except for abandonment, whose customer numbers the
 * engine names (see {@link AbandonmentView}).
 */
public final class PlannedAnalysis implements JourneyAnalysis<Object[], Object> {
    private static final long serialVersionUID = 1L;

    /** How the results of the analyses make the answer. */
    enum Finish {
        /** The first analysis's result as it is. */
        AS_IS,
        /** The attribution model applied to the paths of the first analysis. */
        ATTRIBUTE,
        /** The key touchpoints of the first analysis, with the attribution share of the second. */
        TOUCHPOINTS
    }

    private final JourneyAnalysis<Object, Object> first;
    private final JourneyAnalysis<Object, Object> second;
    private final Finish finish;
    private final Attribution.Model model;

    @SuppressWarnings("unchecked")
    PlannedAnalysis(JourneyAnalysis<?, ?> first, JourneyAnalysis<?, ?> second, Finish finish, Attribution.Model model) {
        this.first = (JourneyAnalysis<Object, Object>) first;
        this.second = (JourneyAnalysis<Object, Object>) second;
        this.finish = finish;
        this.model = model;
    }

    @Override
    public Object[] start() {
        return second == null ? new Object[] {first.start()} : new Object[] {first.start(), second.start()};
    }

    @Override
    public void add(Object[] partial, Journey journey) {
        first.add(partial[0], journey);
        if (second != null) {
            second.add(partial[1], journey);
        }
    }

    @Override
    public Object[] merge(Object[] left, Object[] right) {
        left[0] = first.merge(left[0], right[0]);
        if (second != null) {
            left[1] = second.merge(left[1], right[1]);
        }
        return left;
    }

    @Override
    public Object finish(Object[] partial) {
        Object result = first.finish(partial[0]);
        return switch (finish) {
            case AS_IS -> result;
            case ATTRIBUTE -> attribute((JourneyAttribution.Result) result);
            case TOUCHPOINTS -> ((KeyTouchpoints.Result) result)
                    .withAttribution(attribute((JourneyAttribution.Result) second.finish(partial[1])));
        };
    }

    private Attribution.Result attribute(JourneyAttribution.Result paths) {
        try {
            return paths.attribute(model);
        } catch (IllegalArgumentException e) {
            throw io.parcours.model.ParcoursException.invalid("model", e.getMessage());
        }
    }
}
