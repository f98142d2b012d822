package io.parcours.spark;

import io.parcours.analytics.Journey;
import io.parcours.analytics.PersonaAssigner;
import io.parcours.analytics.PlannedAnalysis;
import io.parcours.io.segment.Traits;
import io.parcours.model.Persona;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The second stage, in the executors: a partition's narrow rows, sorted by customer, time and
 * arrival, become one journey per customer (held in buffers reused from customer to customer, so
 * memory holds one journey, not the partition), each checked against the customer filters and
 * added to the partition's one partial result of the planned analysis. The driver merges the
 * partial results: the same {@code start}, {@code add} and {@code merge} as the embedded engine.
 */
final class CustomerJourneys implements FlatMapFunction<Iterator<Row>, CustomerJourneys.Partition> {
    /** A partition's partial result, with the events and journeys it saw. */
    record Partition(Object[] partial, long events, long journeys) implements Serializable {}

    private final JourneySettings settings;
    private final PlannedAnalysis analysis;

    CustomerJourneys(JourneySettings settings, PlannedAnalysis analysis) {
        this.settings = settings;
        this.analysis = analysis;
    }

    @Override
    public Iterator<Partition> call(Iterator<Row> rows) {
        List<Persona> personas = settings.needsTraits() ? MapSource.read(settings.mapText()).personas() : List.of();
        Builder journey = new Builder(settings, PersonaAssigner.of(personas), personas);
        Object[] partial = analysis.start();
        long events = 0;
        long journeys = 0;
        String current = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            String customer = row.getString(0);
            if (!customer.equals(current)) {
                if (current != null && journey.finish()) {
                    analysis.add(partial, journey);
                    journeys++;
                }
                current = customer;
                journey.reset(settings.numbered() ? row.getInt(9) : 0);
            }
            events++;
            journey.accept(row);
        }
        if (current != null && journey.finish()) {
            analysis.add(partial, journey);
            journeys++;
        }
        return List.of(new Partition(partial, events, journeys)).iterator();
    }

    /** One customer's journey, built row by row, with what the filters look at. */
    private static final class Builder implements Journey {
        private final JourneySettings settings;
        private final PersonaAssigner assigner;
        private final List<Persona> personas;
        private long[] times = new long[64];
        private int[] steps = new int[64];
        private double[] values = new double[64];
        private int size;
        private int rows;
        private int customer;
        private boolean fromSource;
        private boolean withProperty;
        private boolean onChannel;
        private boolean identified;
        private final Map<String, String> traits = new TreeMap<>();
        private String breakdownValue;
        private int group;

        Builder(JourneySettings settings, PersonaAssigner assigner, List<Persona> personas) {
            this.settings = settings;
            this.assigner = assigner;
            this.personas = personas;
        }

        void reset(int customerNumber) {
            customer = customerNumber;
            size = 0;
            rows = 0;
            fromSource = false;
            withProperty = false;
            onChannel = false;
            identified = false;
            traits.clear();
            breakdownValue = null;
            group = -1;
        }

        void accept(Row row) {
            rows++;
            if (rows > settings.maxEvents()) {
                return;
            }
            long time = row.getLong(2);
            int step = row.getInt(3);
            fromSource |= row.getBoolean(5);
            withProperty |= row.getBoolean(6);
            if (settings.onChannel() != null && step >= 0 && step < settings.touchpoints() && settings.onChannel()[step]) {
                onChannel = true;
            }
            if (!row.isNullAt(8)) {
                identified = true;
                Traits.merge(row.getString(8), traits);
            }
            if (!row.isNullAt(7)) {
                // Rows come in time order: a property's first value stays; a trait's last value wins.
                if (breakdownValue == null || settings.breakdownTrait() != null) {
                    breakdownValue = row.getString(7);
                }
            }
            if (step >= 0 && time >= settings.from() && time < settings.to()) {
                if (size == times.length) {
                    times = Arrays.copyOf(times, size * 2);
                    steps = Arrays.copyOf(steps, size * 2);
                    values = Arrays.copyOf(values, size * 2);
                }
                times[size] = time;
                steps[size] = step;
                double value = row.getDouble(4);
                values[size] = Double.isNaN(value) ? 0 : value;
                size++;
            }
        }

        /** Whether the journey is kept: it has events, is not a giant, and passes the customer filters. */
        boolean finish() {
            if (size == 0 || rows > settings.maxEvents()) {
                return false;
            }
            if ((settings.source() != null && !fromSource) || (settings.propertyPath() != null && !withProperty)
                    || (settings.onChannel() != null && !onChannel)) {
                return false;
            }
            Optional<Persona> persona = settings.persona() != null || "persona".equals(settings.breakdown())
                    ? (identified ? assigner.assign(traits) : Optional.empty()) : Optional.empty();
            if (settings.persona() != null && !persona.map(p -> p.key().equals(settings.persona())).orElse(false)) {
                return false;
            }
            if (settings.traitKey() != null && !(identified && settings.traitValue().equals(traits.get(settings.traitKey())))) {
                return false;
            }
            if (settings.breakdown() != null) {
                group = settings.breakdown().equals("persona")
                        ? persona.map(p -> personas.indexOf(p)).orElse(-1)
                        : breakdownValue == null ? -1 : settings.groupNames().indexOf(breakdownValue);
            }
            return true;
        }

        @Override
        public int customer() {
            return customer;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long time(int i) {
            return times[i];
        }

        @Override
        public int step(int i) {
            return steps[i];
        }

        @Override
        public int ordinal(int i) {
            return i;
        }

        @Override
        public double value(int i) {
            return values[i];
        }

        @Override
        public int group() {
            return group;
        }
    }
}
