package io.parcours.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.parcours.analytics.Abandonment;
import io.parcours.analytics.AbandonmentView;
import io.parcours.analytics.AnalysisRequest;
import io.parcours.analytics.Breakdown;
import io.parcours.analytics.MapSteps;
import io.parcours.analytics.PlannedAnalysis;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The analyses of {@code docs/analytics.md} on Apache Spark, over event files in the schema of
 * {@code docs/event-schema.md}: the request is checked and planned by the same
 * {@link AnalysisRequest} as the embedded engine, events are turned into narrow step rows
 * ({@link EventSteps}), grouped by customer and sorted by time and arrival, each partition adds its
 * journeys to one partial result of the planned analysis ({@link CustomerJourneys}), and the
 * driver merges them and finishes the answer: the same classes, and the same answers.
 *
 * <p>Giant journeys (a bot, a shared device: more than {@code maxJourneyEvents} events) are found
 * by a count per customer first and left out before the shuffle, so that no task waits on one of
 * them; the embedded engine leaves out the same journeys.
 */
public final class SparkAnalyses {
    private final SparkSession spark;
    private final int partitions;

    /** The analyses on {@code spark}, grouping journeys into {@code partitions} partitions. */
    public SparkAnalyses(SparkSession spark, int partitions) {
        if (partitions < 1) {
            throw ParcoursException.invalid("partitions", "partitions must be at least 1, not " + partitions);
        }
        this.spark = spark;
        this.partitions = partitions;
    }

    /** A journey left out for its size, and how many events it has. */
    public record GiantJourney(String customer, long events) {}

    /**
     * What a run gives: the answer (the same JSON as {@code parcours analyze --json}), the events
     * and journeys it was computed on, and the giant journeys left out.
     */
    public record Outcome(Object result, long events, long journeys, List<GiantJourney> leftOut) {}

    /** Reads the event files at {@code paths} (Parquet; folders, files or patterns). */
    public Dataset<Row> events(String... paths) {
        try {
            return spark.read().parquet(paths);
        } catch (Exception e) {
            // Spark's AnalysisException (no such path, not Parquet) is unchecked, thrown from Scala.
            if (e instanceof org.apache.spark.sql.AnalysisException analysis) {
                throw ParcoursException.notFound("cannot read the event files " + String.join(", ", paths) + ": "
                        + analysis.getSimpleMessage() + " (give Parquet files written by parcours export events --format parquet)");
            }
            throw e;
        }
    }

    /** Runs {@code request} over {@code events} with the map and personas of {@code source}. */
    public Outcome run(Dataset<Row> events, AnalysisRequest request, MapSource source) {
        Optional<JourneyMap> map = source.map();
        if (request.mapKey().isPresent() && !request.mapKey().equals(map.map(JourneyMap::key))) {
            throw new IllegalArgumentException("the map of the request is not the map read");
        }
        Dataset<Row> input = input(events, source);
        List<String> stepNames = stepNames(input, request, map);
        int touchpoints = map.map(m -> m.touchpoints().size()).orElse(0);

        List<GiantJourney> giants = giants(input, request.maxJourneyEvents());
        boolean numbered = request.kind().equals("abandonment");
        JourneySettings base = settings(request, source, stepNames, touchpoints, List.of(), numbered);
        Dataset<Row> steps = input.mapPartitions(new EventSteps(base), Encoders.row(EventSteps.SCHEMA));

        Breakdown groups = null;
        List<String> groupNames = List.of();
        Optional<String> by = request.customerBreakdown();
        if (by.isPresent()) {
            groupNames = groupNames(steps, by.get(), source.personas());
            groups = Breakdown.byJourneyGroup(groupNames);
        }
        JourneySettings settings = settings(request, source, stepNames, touchpoints, groupNames, numbered);
        PlannedAnalysis plan = request.plan(map, stepNames, groups, System.currentTimeMillis());

        Dataset<Row> kept = input;
        if (!giants.isEmpty()) {
            // Before any JSON is read: the giants' events cost nothing beyond their count.
            Dataset<Row> left = spark.createDataFrame(giants.stream().map(g -> RowFactory.create(g.customer())).toList(),
                    new StructType().add("customer_id", DataTypes.StringType));
            kept = input.join(broadcast(left), input.col("customer_id").equalTo(left.col("customer_id")), "left_anti");
        }
        steps = kept.mapPartitions(new EventSteps(settings), Encoders.row(EventSteps.SCHEMA));
        Dataset<Row> numbers = null;
        if (numbered) {
            numbers = customerNumbers(input);
            steps = steps.join(numbers, "customer_id");
        }
        JavaRDD<Row> grouped = steps.repartition(partitions, col("customer_id"))
                .sortWithinPartitions("customer_id", "event_time", "seq").javaRDD();
        List<CustomerJourneys.Partition> partials = grouped.mapPartitions(new CustomerJourneys(settings, plan)).collect();
        Object[] merged = plan.start();
        long eventCount = 0;
        long journeyCount = 0;
        for (CustomerJourneys.Partition partition : partials) {
            merged = plan.merge(merged, partition.partial());
            eventCount += partition.events();
            journeyCount += partition.journeys();
        }
        Object result;
        try {
            result = plan.finish(merged);
        } catch (IllegalArgumentException e) {
            throw ParcoursException.invalid(request.kind(), e.getMessage());
        }
        if (result instanceof Abandonment.Result abandoned) {
            result = AbandonmentView.of(abandoned, names(numbers, abandoned.customers())::get);
        }
        return new Outcome(result, eventCount, journeyCount, giants);
    }

    /** The columns the stages read, for the workspace of the source when the files hold several. */
    private Dataset<Row> input(Dataset<Row> events, MapSource source) {
        List<String> columns = Arrays.asList(events.columns());
        List<String> missing = new ArrayList<>();
        for (String required : List.of("customer_id", "seq", "event_time", "type", "name")) {
            if (!columns.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw ParcoursException.invalid("events", "the event files lack the column(s) " + String.join(", ", missing)
                    + ": write them with parcours export events --format parquet, or see docs/event-schema.md");
        }
        Dataset<Row> selected = events;
        if (source.workspace().isPresent() && columns.contains("workspace")) {
            selected = selected.filter(col("workspace").equalTo(source.workspace().get()));
        }
        List<Column> input = new ArrayList<>();
        for (String name : EventSteps.INPUT) {
            Column column = columns.contains(name) ? col(name) : lit(null).cast(DataTypes.StringType).as(name);
            input.add(switch (name) {
                case "seq", "event_time" -> column.cast(DataTypes.LongType).as(name);
                default -> column.cast(DataTypes.StringType).as(name);
            });
        }
        return selected.select(input.toArray(Column[]::new)).filter(col("customer_id").isNotNull()
                .and(col("seq").isNotNull()).and(col("event_time").isNotNull()).and(col("type").isNotNull()));
    }

    /**
     * The steps: the map's touchpoints, then for conformance every activity off the map (those
     * never seen off the map count nothing and are not reported); without a map, every activity.
     * Activities are sorted by name: answers name steps, never number them.
     */
    private static List<String> stepNames(Dataset<Row> input, AnalysisRequest request, Optional<JourneyMap> map) {
        List<String> names = new ArrayList<>(map.map(MapSteps::touchpointNames).orElse(List.of()));
        if (map.isEmpty() || request.offMapSteps()) {
            Column activity = when(col("name").isNull().or(col("name").equalTo("")), col("type")).otherwise(col("name"));
            Dataset<Row> rows = input;
            if (map.isPresent()) {
                rows = rows.filter(col("type").isin("identify", "alias", "group").unary_$bang());
            }
            new TreeSet<>(rows.select(activity.as("activity")).distinct().as(Encoders.STRING()).collectAsList())
                    .forEach(names::add);
        }
        return List.copyOf(names);
    }

    /** The customers with more than {@code max} events: a count per customer, combined before the shuffle. */
    private static List<GiantJourney> giants(Dataset<Row> input, int max) {
        return input.groupBy("customer_id").count().filter(col("count").gt(max)).collectAsList().stream()
                .map(row -> new GiantJourney(row.getString(0), row.getLong(1)))
                .sorted(java.util.Comparator.comparingLong(GiantJourney::events).reversed()
                        .thenComparing(GiantJourney::customer))
                .toList();
    }

    /**
     * Each customer's number, in the order of their first event's arrival: the numbering of the
     * journey index, which decides which abandoned customers are listed first.
     */
    private Dataset<Row> customerNumbers(Dataset<Row> input) {
        JavaRDD<Row> ranked = input.groupBy("customer_id").agg(min("seq").as("first_seq")).javaRDD()
                .sortBy(row -> row.getLong(1), true, partitions).zipWithIndex()
                .map(pair -> RowFactory.create(pair._1().getString(0), (int) (long) pair._2()));
        return spark.createDataFrame(ranked, new StructType().add("customer_id", DataTypes.StringType)
                .add("customer_number", DataTypes.IntegerType));
    }

    private static Map<Integer, String> names(Dataset<Row> numbers, int[] customers) {
        Map<Integer, String> names = new HashMap<>();
        if (customers.length > 0) {
            Object[] wanted = Arrays.stream(customers).boxed().toArray();
            numbers.filter(col("customer_number").isin(wanted)).collectAsList()
                    .forEach(row -> names.put(row.getInt(1), row.getString(0)));
        }
        return names;
    }

    /**
     * The groups of a breakdown by persona (the workspace's personas), by a trait (each customer's
     * latest value) or by a property (its value on the customer's first event with it), sorted.
     */
    private static List<String> groupNames(Dataset<Row> steps, String by, List<Persona> personas) {
        if (by.equals("persona")) {
            return personas.stream().map(Persona::key).toList();
        }
        Column order = struct(col("event_time"), col("seq"));
        Column value = by.startsWith("trait.") ? max_by(col("breakdown_value"), order) : min_by(col("breakdown_value"), order);
        return List.copyOf(new TreeSet<>(steps.filter(col("breakdown_value").isNotNull()).groupBy("customer_id")
                .agg(value.as("group")).select("group").distinct().as(Encoders.STRING()).collectAsList()));
    }

    private static JourneySettings settings(AnalysisRequest request, MapSource source, List<String> stepNames,
            int touchpoints, List<String> groupNames, boolean numbered) {
        boolean[] onChannel = null;
        if (request.channel().isPresent()) {
            JourneyMap map = source.map().orElseThrow();
            onChannel = new boolean[touchpoints];
            for (int t = 0; t < touchpoints; t++) {
                onChannel[t] = map.touchpoints().get(t).channel().id().equals(request.channel().get());
            }
            boolean any = false;
            for (boolean on : onChannel) {
                any |= on;
            }
            if (!any) {
                throw ParcoursException.invalid("channel", "no touchpoint of map '" + map.key() + "' is on channel '"
                        + request.channel().get() + "'");
            }
        }
        if (request.persona().isPresent()
                && source.personas().stream().noneMatch(p -> p.key().equals(request.persona().get()))) {
            throw ParcoursException.invalid("persona", "there is no persona '" + request.persona().get() + "'"
                    + Suggestions.hint(request.persona().get(), source.personas().stream().map(Persona::key).toList()));
        }
        String[] trait = request.trait().orElse(null);
        String[] property = request.property().orElse(null);
        return new JourneySettings(source.text(), source.map().map(JourneyMap::key).orElse(null), stepNames, touchpoints,
                request.usesValues() ? io.parcours.model.MatchRule.steps(request.valueProperty()) : null,
                request.from().orElse(Long.MIN_VALUE), request.to().orElse(Long.MAX_VALUE), request.source().orElse(null),
                property == null ? null : io.parcours.model.MatchRule.steps(property[0].startsWith("properties.")
                        ? property[0].substring("properties.".length()) : property[0]),
                property == null ? null : property[1], onChannel, request.persona().orElse(null),
                trait == null ? null : trait[0].startsWith("traits.") ? trait[0] : "traits." + trait[0],
                trait == null ? null : trait[1], request.customerBreakdown().orElse(null), groupNames,
                request.maxJourneyEvents(), numbered);
    }
}
