package io.parcours.server;

import io.parcours.analytics.Abandonment;
import io.parcours.analytics.AbandonmentView;
import io.parcours.analytics.AnalysisRequest;
import io.parcours.analytics.Breakdown;
import io.parcours.analytics.JourneyIndex;
import io.parcours.analytics.JourneyRunner;
import io.parcours.analytics.JourneySteps;
import io.parcours.analytics.JsonLookup;
import io.parcours.analytics.OrdinalValues;
import io.parcours.analytics.PersonaAssigner;
import io.parcours.analytics.PlannedAnalysis;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.io.segment.Traits;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.MapEdits;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Suggestions;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.ParcoursStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analyses of {@code docs/analytics.md} on a workspace's live journeys: the embedded engine,
 * with the same parameters and answers for the REST API and the command line. Parameters come as
 * names and text values; {@link AnalysisRequest} checks them and plans the analysis (as it does for
 * the Spark runner); here the steps (a map's touchpoints, or activities) and the customers kept by
 * the filters are worked out on the journey index, and the analysis runs on every core.
 *
 * <p>With a map, each event's touchpoint is found by the map's rules, which may look at properties
 * and context: those columns are read from the database once per map version and kept, then only
 * the events that arrived since are read. Thread-safe.
 */
public final class JourneyAnalyses {
    /** The analyses, by the name used in routes and commands. */
    public static final List<String> KINDS = AnalysisRequest.KINDS;

    private final ParcoursStore store;
    private final Journeys journeys;
    private final ConcurrentHashMap<String, MapColumns> columns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> used = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final JourneyRunner runner;
    private final FiguresCache figures;

    public JourneyAnalyses(ParcoursStore store, Journeys journeys) {
        this(store, journeys, JourneyRunner.allCores());
    }

    /** The analyses with a runner of one's choice (fewer cores, for measurements). */
    public JourneyAnalyses(ParcoursStore store, Journeys journeys, JourneyRunner runner) {
        this(store, journeys, runner, FiguresCache.ENTRIES, FiguresCache.MAX_AGE);
    }

    /** The analyses keeping at most {@code figuresEntries} sets of figures, each at most {@code figuresMaxAge} old. */
    JourneyAnalyses(ParcoursStore store, Journeys journeys, JourneyRunner runner, int figuresEntries,
            java.time.Duration figuresMaxAge) {
        this.store = store;
        this.journeys = journeys;
        this.runner = runner;
        this.figures = FiguresCache.of(() -> store.writes() + journeys.changes(), journeys::awaitLoaded, figuresEntries,
                figuresMaxAge);
    }

    /** Runs the analysis {@code kind} on workspace {@code workspace} with these parameters; the answer is JSON-ready. */
    public Object run(String kind, String workspace, Map<String, String> parameters) {
        return run(kind, workspace, parameters, FiguresCache.Freshness.EXACT);
    }

    /** The same, computed anew even when the figures cache holds it: for benchmarks. */
    public Object runUncached(String kind, String workspace, Map<String, String> parameters) {
        journeys.awaitLoaded();
        return compute(kind, workspace, Map.copyOf(parameters));
    }

    /** The same, computed once per state of the data; the dashboard's pages take {@code RECENT} figures (see {@link FiguresCache}). */
    Object run(String kind, String workspace, Map<String, String> parameters, FiguresCache.Freshness freshness) {
        return figures(kind, workspace, parameters, freshness).value();
    }

    /** The same, with the moment the data they describe was read (for the API's Age header). */
    FiguresCache.Figures<Object> figures(String kind, String workspace, Map<String, String> parameters,
            FiguresCache.Freshness freshness) {
        Map<String, String> copy = Map.copyOf(parameters);
        return figures.figures(FiguresCache.key("analysis " + kind, workspace, copy), freshness,
                () -> compute(kind, workspace, copy));
    }

    /** The figures cache of these analyses, shared with the KPI tables built on them. */
    FiguresCache figures() {
        return figures;
    }

    private Object compute(String kind, String workspace, Map<String, String> parameters) {
        AnalysisRequest request = AnalysisRequest.of(kind, parameters);
        Workspace ws = store.requireWorkspace(workspace);
        Optional<JourneyMap> map = request.mapKey()
                .map(key -> store.requireLatestMap(workspace, Keys.require("map", key)).map());
        JourneyIndex index = journeys.indexNow(workspace);
        Selection selection = select(workspace, ws, index, map, request);
        JourneySteps steps = request.offMapSteps() ? selection.withOffMap : selection.steps;
        Breakdown groups = request.customerBreakdown().map(by -> breakdown(workspace, ws, index, by)).orElse(null);
        PlannedAnalysis plan = request.plan(map, steps.stepNames(), groups, System.currentTimeMillis());
        Object result;
        try {
            result = runner.run(steps, plan);
        } catch (IllegalArgumentException e) {
            // The analyses refuse what they cannot answer with a message meant for the user.
            throw ParcoursException.invalid(kind, e.getMessage());
        }
        return result instanceof Abandonment.Result abandoned ? AbandonmentView.of(abandoned, index::customer) : result;
    }

    /**
     * The journeys of a workspace as the touchpoints of one of its maps, each conversion with its
     * revenue: what the analyses run on (for benchmarks and tools).
     */
    public JourneySteps touchpointSteps(String workspace, String mapKey) {
        journeys.awaitLoaded();
        return touchpointStepsNow(workspace, mapKey);
    }

    /** The same from the events taken in so far, without waiting for those being loaded: for figures. */
    JourneySteps touchpointStepsNow(String workspace, String mapKey) {
        JourneyMap map = store.requireLatestMap(workspace, mapKey).map();
        JourneyIndex index = journeys.indexNow(workspace);
        MapColumns mapColumns = columns(workspace, map, "revenue", index.eventCount());
        return JourneySteps.perEvent(index, mapColumns.steps(), mapColumns.names()).withValues(mapColumns.values())
                .firstSteps(map.touchpoints().size());
    }

    /**
     * The events counted for one touchpoint of a map: how many, from how many customers, their names
     * (most frequent first) and the customers who met it last (newest first). An event that matches
     * several touchpoints counts for the first of them in the map's order, as in every analysis.
     */
    public record MatchedEvents(long events, long customers, List<Map.Entry<String, Long>> names,
            List<String> latestCustomers) {}

    /** The same, computed once per state of the data (see {@link FiguresCache}). */
    MatchedEvents matched(String workspace, String mapKey, String touchpointKey, int limit,
            FiguresCache.Freshness freshness) {
        return figures.get(FiguresCache.key("matched", workspace, Map.of("map", mapKey, "touchpoint", touchpointKey,
                "limit", Integer.toString(limit))), freshness, () -> computeMatched(workspace, mapKey, touchpointKey, limit));
    }

    private MatchedEvents computeMatched(String workspace, String mapKey, String touchpointKey, int limit) {
        JourneyMap map = store.requireLatestMap(workspace, mapKey).map();
        int touchpoint = map.touchpoints().indexOf(MapEdits.touchpoint(map, touchpointKey));
        JourneyIndex index = journeys.indexNow(workspace);
        int[] steps = columns(workspace, map, "revenue", index.eventCount()).steps();
        long[] perActivity = new long[index.activityCount()];
        long events = 0;
        long customers = 0;
        // The customers who met it last: a small heap of (time, customer), the oldest on top.
        java.util.PriorityQueue<long[]> latest = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(
                (long[] entry) -> entry[0]));
        for (int customer = 0; customer < index.customerCount(); customer++) {
            long last = Long.MIN_VALUE;
            for (int e = index.start(customer); e < index.end(customer); e++) {
                int ordinal = index.ordinal(e);
                if (ordinal < steps.length && steps[ordinal] == touchpoint) {
                    perActivity[index.activity(e)]++;
                    events++;
                    last = Math.max(last, index.time(e));
                }
            }
            if (last != Long.MIN_VALUE) {
                customers++;
                if (latest.size() < limit) {
                    latest.add(new long[] {last, customer});
                } else if (limit > 0 && latest.peek()[0] < last) {
                    latest.poll();
                    latest.add(new long[] {last, customer});
                }
            }
        }
        List<Map.Entry<String, Long>> names = new ArrayList<>();
        for (int activity = 0; activity < perActivity.length; activity++) {
            if (perActivity[activity] > 0) {
                names.add(Map.entry(index.activityName(activity), perActivity[activity]));
            }
        }
        names.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<long[]> newest = new ArrayList<>(latest);
        newest.sort(java.util.Comparator.comparingLong((long[] entry) -> entry[0]).reversed());
        return new MatchedEvents(events, customers, List.copyOf(names.subList(0, Math.min(limit, names.size()))),
                newest.stream().map(entry -> index.customer((int) entry[1])).toList());
    }

    // ---- selection: steps, filters --------------------------------------------------------------

    /** The journeys an analysis looks at: its steps (touchpoints, or activities), and with the off-map activities after the touchpoints. */
    private record Selection(JourneySteps steps, JourneySteps withOffMap) {}

    private Selection select(String workspace, Workspace ws, JourneyIndex index, Optional<JourneyMap> map,
            AnalysisRequest request) {
        JourneySteps all;
        JourneySteps withOffMap = null;
        MapColumns mapColumns = null;
        if (map.isPresent()) {
            mapColumns = columns(workspace, map.get(), request.valueProperty(), index.eventCount());
            withOffMap = JourneySteps.perEvent(index, mapColumns.steps(), mapColumns.names()).withValues(mapColumns.values())
                    .withMaxEvents(request.maxJourneyEvents());
            all = withOffMap.firstSteps(map.get().touchpoints().size());
        } else {
            all = JourneySteps.activities(index).withMaxEvents(request.maxJourneyEvents());
        }
        if (request.from().isPresent() || request.to().isPresent()) {
            long start = request.from().orElse(Long.MIN_VALUE);
            long end = request.to().orElse(Long.MAX_VALUE);
            all = all.between(start, end);
            withOffMap = withOffMap == null ? null : withOffMap.between(start, end);
        }
        BitSet customers = customers(workspace, ws, index, map, mapColumns, request);
        if (customers != null) {
            all = all.onlyCustomers(customers);
            withOffMap = withOffMap == null ? null : withOffMap.onlyCustomers(customers);
        }
        return new Selection(all, withOffMap);
    }

    /** The customers kept by the persona, channel, source, trait and property filters; null when there are none. */
    private BitSet customers(String workspace, Workspace ws, JourneyIndex index, Optional<JourneyMap> map,
            MapColumns mapColumns, AnalysisRequest request) {
        if (!request.filtersCustomers()) {
            return null;
        }
        Optional<String> persona = request.persona();
        Optional<String> channel = request.channel();
        Optional<String> source = request.source();
        Optional<String[]> trait = request.trait();
        Optional<String[]> property = request.property();
        BitSet kept = new BitSet(index.customerCount());
        kept.set(0, index.customerCount());
        if (channel.isPresent()) {
            BitSet onChannel = new BitSet(map.get().touchpoints().size());
            for (int t = 0; t < map.get().touchpoints().size(); t++) {
                if (map.get().touchpoints().get(t).channel().id().equals(channel.get())) {
                    onChannel.set(t);
                }
            }
            if (onChannel.isEmpty()) {
                throw ParcoursException.invalid("channel", "no touchpoint of map '" + map.get().key() + "' is on channel '"
                        + channel.get() + "'");
            }
            kept.and(customersWith(index, ordinal -> ordinal < mapColumns.steps().length
                    && mapColumns.steps()[ordinal] >= 0 && onChannel.get(mapColumns.steps()[ordinal])));
        }
        if (persona.isPresent()) {
            Persona chosen = ws.personas().stream().filter(x -> x.key().equals(persona.get())).findFirst()
                    .orElseThrow(() -> ParcoursException.invalid("persona", "there is no persona '" + persona.get() + "'"
                            + Suggestions.hint(persona.get(), ws.personas().stream().map(Persona::key).toList())));
            kept.and(byTraits(workspace, index, traits -> PersonaAssigner.of(ws.personas()).assign(traits)
                    .filter(assigned -> assigned.key().equals(chosen.key())).isPresent()));
        }
        if (trait.isPresent()) {
            String key = trait.get()[0].startsWith("traits.") ? trait.get()[0] : "traits." + trait.get()[0];
            kept.and(byTraits(workspace, index, traits -> trait.get()[1].equals(traits.get(key))));
        }
        if (source.isPresent() || property.isPresent()) {
            if (source.isPresent() && store.sources(workspace).stream().noneMatch(s -> s.key().equals(source.get()))) {
                throw ParcoursException.invalid("source", "there is no source '" + source.get() + "' in workspace '"
                        + workspace + "'");
            }
            List<String> path = property.map(pair -> io.parcours.model.MatchRule.steps(pair[0].startsWith("properties.")
                    ? pair[0].substring("properties.".length()) : pair[0])).orElse(List.of());
            Set<String> names = new java.util.HashSet<>();
            store.forEachStoredEvent(workspace, stored -> {
                boolean sourceMatches = source.isEmpty() || source.get().equals(stored.source());
                boolean propertyMatches = property.isEmpty() || JsonLookup.find(stored.event().properties(), path)
                        .filter(property.get()[1]::equals).isPresent();
                if (sourceMatches && propertyMatches) {
                    names.add(journeys.customerOfNow(workspace, stored.event().customerId()));
                }
            });
            kept.and(customersNamed(index, names));
        }
        return kept;
    }

    /** A breakdown by a text per customer (named by their id); customers without one are in no group. */
    private static Breakdown groupsByName(JourneyIndex index, Map<String, String> valueOfCustomer) {
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(valueOfCustomer.values()));
        Map<String, Integer> numberOf = new HashMap<>();
        for (int g = 0; g < names.size(); g++) {
            numberOf.put(names.get(g), g);
        }
        int[] groupOf = new int[index.customerCount()];
        for (int c = 0; c < groupOf.length; c++) {
            String value = valueOfCustomer.get(index.customer(c));
            groupOf[c] = value == null ? -1 : numberOf.get(value);
        }
        return Breakdown.byCustomer(groupOf, names);
    }

    private static BitSet customersWith(JourneyIndex index, java.util.function.IntPredicate ordinalMatches) {
        BitSet found = new BitSet(index.customerCount());
        for (int c = 0; c < index.customerCount(); c++) {
            for (int e = index.start(c); e < index.end(c); e++) {
                if (ordinalMatches.test(index.ordinal(e))) {
                    found.set(c);
                    break;
                }
            }
        }
        return found;
    }

    private static BitSet customersNamed(JourneyIndex index, Set<String> names) {
        BitSet found = new BitSet(index.customerCount());
        for (int c = 0; c < index.customerCount(); c++) {
            if (names.contains(index.customer(c))) {
                found.set(c);
            }
        }
        return found;
    }

    /** Customers whose traits (every identify merged in time order, flattened as traits.a.b) satisfy {@code test}. */
    private BitSet byTraits(String workspace, JourneyIndex index, java.util.function.Predicate<Map<String, String>> test) {
        Set<String> names = new java.util.HashSet<>();
        forEachCustomerTraits(workspace, (customer, traits) -> {
            if (test.test(traits)) {
                names.add(customer);
            }
        });
        return customersNamed(index, names);
    }

    /** Each customer with an identify and their traits: every identify merged in time order, flattened as traits.a.b. */
    private void forEachCustomerTraits(String workspace, java.util.function.BiConsumer<String, Map<String, String>> action) {
        Map<String, TreeMap<Long, List<String>>> identifies = new HashMap<>();
        store.forEachStoredEvent(workspace, stored -> {
            if (stored.event().type() == EventType.IDENTIFY) {
                identifies.computeIfAbsent(journeys.customerOfNow(workspace, stored.event().customerId()), k -> new TreeMap<>())
                        .computeIfAbsent(stored.event().timestamp(), k -> new ArrayList<>()).add(stored.event().traits());
            }
        });
        identifies.forEach((customer, byTime) -> {
            Map<String, String> traits = new TreeMap<>();
            byTime.values().forEach(list -> list.forEach(text -> Traits.merge(text, traits)));
            action.accept(customer, traits);
        });
    }

    // ---- the map's columns ---------------------------------------------------------------------

    /**
     * A map's view of every event, by ordinal: its touchpoint (the most specific it matches: one
     * over its parent, else the first in map order), or an off-map activity numbered after the
     * touchpoints, or -1 for identify, alias and group messages; and each event's value.
     */
    private record MapColumns(JourneyMap map, int[] steps, List<String> names, OrdinalValues values, int events, long lastSeq) {}

    /** The most map columns kept; beyond, the least recently used go (each holds 4 bytes per event). */
    private static final int COLUMNS_KEPT = 8;

    private MapColumns columns(String workspace, JourneyMap map, String valueProperty, int indexEvents) {
        String key = workspace + "\u0000" + map.key() + "\u0000" + valueProperty;
        // One lock per map and value property: a long first match holds up only analyses of the same.
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            MapColumns known = columns.get(key);
            if (known != null && known.map().equals(map) && known.events() >= indexEvents) {
                used.put(key, System.nanoTime());
                return known;
            }
            MapColumns next = extend(workspace, map, valueProperty, known != null && known.map().equals(map) ? known : null);
            columns.put(key, next);
            used.put(key, System.nanoTime());
            while (columns.size() > COLUMNS_KEPT) {
                used.entrySet().stream().filter(e -> !e.getKey().equals(key)).min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> {
                            columns.remove(oldest.getKey());
                            used.remove(oldest.getKey());
                        });
            }
            return next;
        }
    }

    private MapColumns extend(String workspace, JourneyMap map, String valueProperty, MapColumns previous) {
        TouchpointMatcher matcher = TouchpointMatcher.of(map);
        List<Touchpoint> touchpoints = map.touchpoints();
        List<String> names = new ArrayList<>(previous != null ? previous.names()
                : touchpoints.stream().map(Touchpoint::key).toList());
        Map<String, Integer> offMap = new HashMap<>();
        for (int s = touchpoints.size(); s < names.size(); s++) {
            offMap.put(names.get(s), s);
        }
        // Analyses running now read the previous columns, up to their count of events: the next
        // ones write beyond it, in the same array while it has room (a copy once it has none), and
        // copy the values, a hash table that moves its entries as it grows.
        int[][] steps = {previous != null ? previous.steps() : new int[1024]};
        int[] count = {previous != null ? previous.events() : 0};
        long[] lastSeq = {previous != null ? previous.lastSeq() : Long.MIN_VALUE};
        OrdinalValues values = previous != null ? previous.values().copy() : new OrdinalValues();
        List<String> valuePath = io.parcours.model.MatchRule.steps(valueProperty);
        List<TouchpointMatcher.FieldPath> fields = matcher.fieldPaths();
        List<List<String>> paths = new ArrayList<>();
        for (TouchpointMatcher.FieldPath field : fields) {
            List<String> path = new ArrayList<>();
            path.add(field.root());
            path.addAll(field.path());
            paths.add(path);
        }
        store.forEachStoredEventFields(workspace, lastSeq[0], paths, valuePath, false, row -> {
            int step = stepOf(row, fields, matcher, names, offMap);
            if (count[0] == steps[0].length) {
                steps[0] = Arrays.copyOf(steps[0], count[0] * 2);
            }
            int ordinal = count[0]++;
            steps[0][ordinal] = step;
            lastSeq[0] = row.seq();
            if (Double.isFinite(row.number())) {
                values.put(ordinal, row.number());
            }
        });
        return new MapColumns(map, steps[0], List.copyOf(names), values, count[0], lastSeq[0]);
    }

    private static int stepOf(ParcoursStore.EventFields row, List<TouchpointMatcher.FieldPath> fields,
            TouchpointMatcher matcher, List<String> names, Map<String, Integer> offMap) {
        EventType type = EventType.fromId(row.type()).orElseThrow();
        if (type == EventType.IDENTIFY || type == EventType.ALIAS || type == EventType.GROUP) {
            return -1;
        }
        int matched = matcher.mostSpecificNumber(type, row.name(), matcherFieldsOf(row, fields));
        if (matched < 0) {
            String activity = row.name().isEmpty() ? type.id() : row.name();
            return offMap.computeIfAbsent(activity, unmatched -> {
                names.add(unmatched);
                return names.size() - 1;
            });
        }
        return matched;
    }

    /** The fields of an event read by {@link ParcoursStore#forEachEventFields}, as the matcher looks them up. */
    static TouchpointMatcher.Fields fieldsOf(ParcoursStore.EventFields row, List<TouchpointMatcher.FieldPath> fields) {
        if (row.fullFields()) {
            // A field holds a number or a boolean: read it as written, from the whole text.
            return (root, path) -> JsonLookup.find(switch (root) {
                case "properties" -> row.properties();
                case "context" -> row.context();
                default -> row.traits();
            }, path);
        }
        return (root, path) -> {
            int at = fields.indexOf(new TouchpointMatcher.FieldPath(root, path));
            return at < 0 ? Optional.empty() : Optional.ofNullable(row.values()[at]);
        };
    }

    /**
     * The same for a row read with exactly one matcher's {@link TouchpointMatcher#fieldPaths()}, in
     * their order: the matcher's conditions find their field by number.
     */
    private static TouchpointMatcher.Fields matcherFieldsOf(ParcoursStore.EventFields row,
            List<TouchpointMatcher.FieldPath> fields) {
        TouchpointMatcher.Fields byPath = fieldsOf(row, fields);
        if (row.fullFields()) {
            return byPath;
        }
        return new TouchpointMatcher.Fields() {
            @Override
            public Optional<String> find(String root, List<String> path) {
                return byPath.find(root, path);
            }

            @Override
            public Optional<String> find(int field, String root, List<String> path) {
                return Optional.ofNullable(row.values()[field]);
            }
        };
    }

    // ---- breakdowns by customer ------------------------------------------------------------------

    /** The groups of a funnel's breakdown by persona, by a trait or by the property on each customer's first event with it. */
    private Breakdown breakdown(String workspace, Workspace ws, JourneyIndex index, String by) {
        if (by.startsWith("property.")) {
            List<String> path = io.parcours.model.MatchRule.steps(by.substring("property.".length()));
            Map<String, long[]> firstTime = new HashMap<>();
            Map<String, String> firstValue = new HashMap<>();
            store.forEachStoredEvent(workspace, stored -> JsonLookup.find(stored.event().properties(), path).ifPresent(value -> {
                String customer = journeys.customerOfNow(workspace, stored.event().customerId());
                long[] time = firstTime.computeIfAbsent(customer, k -> new long[] {Long.MAX_VALUE});
                if (stored.event().timestamp() < time[0]) {
                    time[0] = stored.event().timestamp();
                    firstValue.put(customer, value);
                }
            }));
            return groupsByName(index, firstValue);
        }
        if (by.startsWith("trait.")) {
            String key = "traits." + by.substring("trait.".length());
            Map<String, String> valueOf = new HashMap<>();
            forEachCustomerTraits(workspace, (customer, traits) -> {
                if (traits.containsKey(key)) {
                    valueOf.put(customer, traits.get(key));
                }
            });
            return groupsByName(index, valueOf);
        }
        List<String> personas = ws.personas().stream().map(Persona::key).toList();
        int[] groupOf = new int[index.customerCount()];
        Arrays.fill(groupOf, -1);
        PersonaAssigner assigner = PersonaAssigner.of(ws.personas());
        Map<String, Integer> numberOf = new HashMap<>();
        for (int c = 0; c < index.customerCount(); c++) {
            numberOf.put(index.customer(c), c);
        }
        forEachCustomerTraits(workspace, (customer, traits) -> {
            Integer number = numberOf.get(customer);
            if (number != null) {
                groupOf[number] = assigner.assign(traits).map(persona -> personas.indexOf(persona.key())).orElse(-1);
            }
        });
        return Breakdown.byCustomer(groupOf, personas);
    }
}
