package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A touchpoint that needs action: its KPI turned red against its target ({@code kind} "red") or
 * dropped significantly against the previous period ("drop"), with the figures that showed it,
 * the team it was sent to and how, and whether someone acknowledged it and whether it is resolved.
 */
public record Alert(long id, String workspace, String map, String touchpoint, String metric, String kind, String message,
        double value, double low, double high, Optional<Double> target, Optional<Double> previousValue,
        Optional<Double> pValue, Optional<String> ownerTeam, Instant openedAt, Optional<Instant> notifiedAt,
        Optional<String> notifyResult, Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy,
        Optional<Instant> resolvedAt) {

    public boolean open() {
        return resolvedAt.isEmpty();
    }
}
