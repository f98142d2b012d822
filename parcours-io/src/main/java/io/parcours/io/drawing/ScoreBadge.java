package io.parcours.io.drawing;

import static java.util.Objects.requireNonNull;

import io.parcours.analytics.measure.KpiStatus;
import io.parcours.model.ParcoursException;

/**
 * One survey score shown as a small badge on a touchpoint card: its label ("NPS"), its value as the
 * dashboard prints it ("+12", "4.1") and how it stands against its target.
 */
public record ScoreBadge(String label, String value, KpiStatus status) {
    public ScoreBadge {
        requireNonNull(label, "label is null");
        requireNonNull(value, "value is null");
        requireNonNull(status, "status is null");
        if (label.isBlank()) {
            throw ParcoursException.invalid("label", "a score badge needs a label such as NPS or CSAT");
        }
    }
}
