package io.parcours.store;

import java.time.Instant;
import java.util.Optional;

/** How many invitations one survey made (for response rates), in one period when counted by period. */
public record CountRow(String map, String touchpoint, String survey, Optional<Instant> period, long count) {}
