package io.parcours.spark;

import io.parcours.analytics.JsonLookup;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.segment.Traits;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage, before events are grouped by customer: each event row of the Parquet files
 * becomes a narrow row with its step (the touchpoint of the map it matches, the most specific one
 * as in the embedded engine; an off-map activity; or the activity itself), its value, and the few
 * things the customer filters and the breakdown look at. The JSON columns stay here: only these
 * narrow rows cross the network.
 */
final class EventSteps implements MapPartitionsFunction<Row, Row> {
    /** A step for events that count for filters but are no step of the analysis. */
    static final int NO_STEP = -1;

    /** The columns read from the event files, in this order. */
    static final List<String> INPUT = List.of("customer_id", "seq", "event_time", "type", "name", "properties", "context",
            "traits", "source_key");

    /** The narrow rows. */
    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("customer_id", DataTypes.StringType, false),
        DataTypes.createStructField("seq", DataTypes.LongType, false),
        DataTypes.createStructField("event_time", DataTypes.LongType, false),
        DataTypes.createStructField("step", DataTypes.IntegerType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, false),
        DataTypes.createStructField("source_match", DataTypes.BooleanType, false),
        DataTypes.createStructField("property_match", DataTypes.BooleanType, false),
        DataTypes.createStructField("breakdown_value", DataTypes.StringType, true),
        DataTypes.createStructField("traits", DataTypes.StringType, true)});

    private final JourneySettings settings;

    EventSteps(JourneySettings settings) {
        this.settings = settings;
    }

    /** The activity of an event: its name, or its type when it has none (as in the journey index). */
    static String activity(String type, String name) {
        return name == null || name.isEmpty() ? type : name;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TouchpointMatcher matcher = null;
        Map<String, Integer> numberOf = new HashMap<>();
        if (settings.mapKey() != null) {
            MapDocument document = MapSource.read(settings.mapText());
            JourneyMap map = document.maps().stream().filter(m -> m.key().equals(settings.mapKey())).findFirst().orElseThrow();
            matcher = TouchpointMatcher.of(map);
            for (int t = 0; t < map.touchpoints().size(); t++) {
                numberOf.put(map.touchpoints().get(t).key(), t);
            }
        }
        Map<String, Integer> stepOfActivity = new HashMap<>();
        for (int s = settings.touchpoints(); s < settings.stepNames().size(); s++) {
            stepOfActivity.putIfAbsent(settings.stepNames().get(s), s);
        }
        TouchpointMatcher chosen = matcher;
        List<String> breakdownProperty = settings.breakdownProperty();
        String breakdownTrait = settings.breakdownTrait();
        boolean needsTraits = settings.needsTraits();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                String type = row.getString(3);
                String name = row.isNullAt(4) ? "" : row.getString(4);
                String properties = row.isNullAt(5) ? "{}" : row.getString(5);
                String traits = row.isNullAt(7) ? null : row.getString(7);
                Optional<EventType> eventType = EventType.fromId(type);
                int step = step(chosen, numberOf, stepOfActivity, eventType, type, name, properties,
                        row.isNullAt(6) ? "{}" : row.getString(6), traits);
                double value = settings.valuePath() == null ? Double.NaN
                        : number(JsonLookup.find(properties, settings.valuePath()));
                boolean sourceMatch = settings.source() != null && settings.source().equals(row.getString(8));
                boolean propertyMatch = settings.propertyPath() != null && JsonLookup.find(properties, settings.propertyPath())
                        .filter(settings.propertyValue()::equals).isPresent();
                boolean identify = eventType.orElse(null) == EventType.IDENTIFY;
                String breakdownValue = null;
                if (breakdownProperty != null) {
                    breakdownValue = JsonLookup.find(properties, breakdownProperty).orElse(null);
                } else if (breakdownTrait != null && identify) {
                    Map<String, String> flat = new TreeMap<>();
                    Traits.merge(traits, flat);
                    breakdownValue = flat.get(breakdownTrait);
                }
                return RowFactory.create(row.getString(0), row.getLong(1), row.getLong(2), step, value, sourceMatch,
                        propertyMatch, breakdownValue, needsTraits && identify ? traits : null);
            }
        };
    }

    private int step(TouchpointMatcher matcher, Map<String, Integer> numberOf, Map<String, Integer> stepOfActivity,
            Optional<EventType> eventType, String type, String name, String properties, String context, String traits) {
        if (matcher == null || eventType.isEmpty()) {
            // Activities; or a type Parcours does not send, which no touchpoint rule can match.
            return stepOfActivity.getOrDefault(activity(type, name), NO_STEP);
        }
        EventType known = eventType.get();
        if (known == EventType.IDENTIFY || known == EventType.ALIAS || known == EventType.GROUP) {
            return NO_STEP;
        }
        Optional<String> matched = matcher.mostSpecific(known, name, (root, path) -> JsonLookup.find(switch (root) {
            case "properties" -> properties;
            case "context" -> context;
            default -> traits == null ? "{}" : traits;
        }, path));
        if (matched.isPresent()) {
            return numberOf.get(matched.get());
        }
        return stepOfActivity.getOrDefault(activity(type, name), NO_STEP);
    }

    /**
     * A property's text as a number, as the database reads it ({@code TRY_CAST(... AS DOUBLE)}):
     * NaN when there is none, when it is no number, or when it is not finite.
     */
    static double number(Optional<String> text) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
