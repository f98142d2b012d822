package io.parcours.io.simulate;

import static java.util.Objects.requireNonNull;

import io.parcours.model.ParcoursException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What to simulate: how many customers, from which seed, how many events per customer on average,
 * over which period and in which currency. The same options give the same bytes: nothing depends
 * on the clock, so the default period is the 90 days before {@link #DEFAULT_END}.
 *
 * @param eventsPerCustomer the average number of messages per customer to aim at; the walk of the
 *     maps decides each customer's own number, and a map may not allow an average as low as asked
 * @param from the first instant a journey may start (inclusive)
 * @param to the end of the period (exclusive): every event happens before it
 * @param currency the ISO 4217 code the conversion values are in, such as {@code EUR}
 */
public record SimulationOptions(long customers, long seed, double eventsPerCustomer, Instant from, Instant to,
        String currency) {
    /** The most customers one simulation writes. */
    public static final long MAX_CUSTOMERS = 100_000_000L;
    /** The default average of messages per customer. */
    public static final double DEFAULT_EVENTS_PER_CUSTOMER = 10;
    /** The lowest average of messages per customer accepted. */
    public static final double MIN_EVENTS_PER_CUSTOMER = 1;
    /** The highest average of messages per customer accepted. */
    public static final double MAX_EVENTS_PER_CUSTOMER = 1000;
    /** The end of the default period: a fixed date, never the clock, so that runs repeat. */
    public static final Instant DEFAULT_END = Instant.parse("2026-01-01T00:00:00Z");
    /** The length of the default period. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(90);

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    public SimulationOptions {
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw ParcoursException.invalid("customers", String.format(Locale.ROOT,
                    "the number of customers must be from 1 to %,d, not %,d", MAX_CUSTOMERS, customers));
        }
        if (!(eventsPerCustomer >= MIN_EVENTS_PER_CUSTOMER && eventsPerCustomer <= MAX_EVENTS_PER_CUSTOMER)) {
            throw ParcoursException.invalid("eventsPerCustomer", "the average number of events per customer must be from "
                    + (int) MIN_EVENTS_PER_CUSTOMER + " to " + (int) MAX_EVENTS_PER_CUSTOMER + ", not " + eventsPerCustomer);
        }
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw ParcoursException.invalid("from", "the period must lie between 1970 and 9999, not " + from + " to " + to);
        }
        if (Duration.between(from, to).compareTo(Duration.ofHours(1)) < 0) {
            throw ParcoursException.invalid("from", "the period must start at least an hour before it ends, but it runs from "
                    + from + " to " + to);
        }
        requireNonNull(currency, "currency is null");
        if (!currency.matches("[A-Z]{3}")) {
            throw ParcoursException.invalid("currency", "the currency must be a three-letter ISO 4217 code such as EUR or "
                    + "USD, not '" + currency + "'");
        }
    }

    /** The defaults: 10 events per customer on average, the 90 days before {@link #DEFAULT_END}, in euros. */
    public static SimulationOptions of(long customers, long seed) {
        return new SimulationOptions(customers, seed, DEFAULT_EVENTS_PER_CUSTOMER, DEFAULT_END.minus(DEFAULT_PERIOD),
                DEFAULT_END, "EUR");
    }

    /** The same options with another average of events per customer. */
    public SimulationOptions withEventsPerCustomer(double average) {
        return new SimulationOptions(customers, seed, average, from, to, currency);
    }

    /** The same options over another period, {@code from} inclusive, {@code to} exclusive. */
    public SimulationOptions withPeriod(Instant newFrom, Instant newTo) {
        return new SimulationOptions(customers, seed, eventsPerCustomer, newFrom, newTo, currency);
    }

    /** The same options in another currency. */
    public SimulationOptions withCurrency(String newCurrency) {
        return new SimulationOptions(customers, seed, eventsPerCustomer, from, to, newCurrency);
    }
}
