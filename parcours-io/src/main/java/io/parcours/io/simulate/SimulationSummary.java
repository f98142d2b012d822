package io.parcours.io.simulate;

/**
 * What a simulation wrote: its customers and messages, how many customers identified themselves and
 * converted, how many messages were noise (matching no touchpoint), and the conversions' total value.
 *
 * @param revenueCents the sum of the conversion values, in hundredths of the currency
 * @param bytes the size of what was written
 */
public record SimulationSummary(long customers, long events, long identified, long converted, long noise,
        long revenueCents, long bytes) {

    /** The average number of messages per customer. */
    public double eventsPerCustomer() {
        return customers == 0 ? 0 : (double) events / customers;
    }
}
