package io.parcours.io.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parcours.analytics.IdentityGraph;
import io.parcours.analytics.PersonaAssigner;
import io.parcours.analytics.TouchpointMatcher;
import io.parcours.io.builtin.DemoWorkspaces;
import io.parcours.io.imports.CsvMapping;
import io.parcours.io.imports.EventFileReader;
import io.parcours.io.imports.EventFiles;
import io.parcours.io.imports.ImportItem;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Touchpoint;
import io.parcours.model.TraitRule;
import io.parcours.model.Workspace;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator as its users check it: the lines are read back by the import reader, and
 * Parcours's own matchers (touchpoints, personas, identity stitching) are asked what each line is,
 * then compared with what the simulator meant.
 */
class JourneySimulatorTest {
    /**
     * A workspace where every touchpoint but one (a word-of-mouth one, which leaves no trace) has
     * rules of each form: event names, types, {@code where} patterns with and without {@code *} on
     * properties, context and traits; and two personas with trait rules, the second of which could
     * take the first one's customers if the simulator were careless ({@code traits.plan: "*"}).
     */
    static final String SHOP = """
            parcours: 1
            workspace:
              key: shop
              name: Test shop
            personas:
              - key: gold
                name: Gold member
                match:
                  - traits.plan: gold
              - key: explorer
                name: Explorer
                match:
                  - traits.plan: "*"
                    traits.address.city: "Lyon*"
                  - traits.segment: explorer
            maps:
              - key: gold-journey
                name: Gold journey
                persona: gold
                state: current
                conversion: order
                stages:
                  - key: discover
                    name: Discover
                    touchpoints:
                      - key: newsletter
                        name: Newsletter
                        channel: email
                        match:
                          - event: Email Opened
                            where:
                              properties.campaign: "spring-*"
                      - key: ad
                        name: Search ad
                        channel: ads
                        match:
                          - type: page
                            where:
                              context.campaign.source: google
                  - key: consider
                    name: Consider
                    touchpoints:
                      - key: product
                        name: Product page
                        channel: web
                        match:
                          - event: [Product Viewed, Product Clicked]
                            where:
                              context.page.url: "*/products/*"
                      - key: app-product
                        name: Product in the app
                        channel: app
                        match:
                          - type: screen
                            event: Product
                      - key: shop
                        name: Shop visit
                        channel: store
                        match:
                          - Store Visited
                      - key: advice
                        name: Advice from a seller
                        channel: store
                        parent: shop
                        match:
                          - Seller Advice Given
                  - key: buy
                    name: Buy
                    touchpoints:
                      - key: cart
                        name: Cart
                        channel: web
                        match:
                          - Product Added
                      - key: order
                        name: Order
                        channel: web
                        match:
                          - Order Completed
                  - key: after
                    name: After
                    touchpoints:
                      - key: delivery
                        name: Delivery
                        channel: delivery
                        match:
                          - Order Delivered
                      - key: review
                        name: Review
                        channel: reviews
                        match:
                          - event: Review Written
                            where:
                              traits.reviewer: "yes"
                      - key: tells-friends
                        name: Tells friends
                        channel: word-of-mouth
              - key: explorer-journey
                name: Explorer journey
                persona: explorer
                state: current
                conversion: till
                stages:
                  - key: discover
                    name: Discover
                    touchpoints:
                      - key: instagram
                        name: Instagram
                        channel: social
                        match:
                          - type: page
                            where:
                              context.campaign.source: instagram
                      - key: blog
                        name: Blog
                        channel: web
                        match:
                          - type: page
                            where:
                              context.page.url: "*/blog/*"
                  - key: visit
                    name: Visit
                    touchpoints:
                      - key: shop
                        name: Shop visit
                        channel: store
                        match:
                          - Store Visited
                      - key: hotline
                        name: Hotline
                        channel: phone
                        match:
                          - event: Call Answered
                            where:
                              properties.queue: sales
                  - key: buy
                    name: Buy
                    touchpoints:
                      - key: till
                        name: Till
                        channel: store
                        match:
                          - Till Receipt Printed
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    /** What one run wrote, read back by the import reader, with the simulator's own account of each line. */
    private record Run(byte[] bytes, List<Event> events, List<SimulatedLine> truth, SimulationSummary summary) {}

    private Run run(Workspace workspace, SimulationOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<SimulatedLine> truth = new ArrayList<>();
        SimulationSummary summary = JourneySimulator.of(workspace, options).write(out, truth::add);
        Path file = folder.resolve("run-" + System.nanoTime() + ".jsonl");
        Files.write(file, out.toByteArray());
        List<Event> events = new ArrayList<>();
        try (EventFileReader reader = EventFiles.open(file, EventFiles.Format.JSONL, CsvMapping.detect(), 0L)) {
            while (reader.hasNext()) {
                ImportItem item = reader.next();
                assertThat(item).as("every line is accepted").isInstanceOf(ImportItem.Accepted.class);
                events.add(((ImportItem.Accepted) item).event());
            }
        }
        assertThat(events).hasSameSizeAs(truth);
        return new Run(out.toByteArray(), events, truth, summary);
    }

    private static Workspace akwaba() {
        return DemoWorkspaces.load().get(0);
    }

    private static Workspace shop() {
        return MapFiles.read("shop.yaml", SHOP).toWorkspace();
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws Exception {
        byte[] first = run(akwaba(), SimulationOptions.of(500, 42)).bytes();
        byte[] again = run(akwaba(), SimulationOptions.of(500, 42)).bytes();
        byte[] other = run(akwaba(), SimulationOptions.of(500, 43)).bytes();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        // Customers are generated independently: a smaller run is the start of a larger one.
        byte[] fewer = run(akwaba(), SimulationOptions.of(200, 42)).bytes();
        assertThat(Arrays.copyOf(first, fewer.length)).isEqualTo(fewer);
        assertThat(first[fewer.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void everyCustomerIsOneStitchedCustomerWithUniqueMessageIds() throws Exception {
        int customers = 3000;
        Run run = run(akwaba(), SimulationOptions.of(customers, 7));
        IdentityGraph graph = new IdentityGraph();
        Set<String> messageIds = new HashSet<>();
        Set<String> users = new HashSet<>();
        long userOnly = 0;
        for (Event event : run.events()) {
            assertThat(messageIds.add(event.messageId())).as("message id %s is unique", event.messageId()).isTrue();
            if (event.userId().isPresent() && event.anonymousId().isPresent()) {
                graph.link(event.anonymousId().get(), event.userId().get());
            } else if (event.userId().isPresent()) {
                graph.add(event.userId().get(), true);
                userOnly++;
            } else {
                graph.add(event.anonymousId().get(), false);
            }
            event.userId().ifPresent(users::add);
        }
        Set<String> stitched = new HashSet<>();
        for (Event event : run.events()) {
            stitched.add(graph.customerOf(event.customerId()));
        }
        assertThat(stitched).hasSize(customers);
        assertThat(run.summary().customers()).isEqualTo(customers);
        // Some identify (and are then known by their user id, alone at the till), some never do.
        assertThat((long) users.size()).isEqualTo(run.summary().identified()).isBetween(customers / 4L, customers - 1L);
        assertThat(userOnly).isPositive();
        assertThat(run.summary().events()).isEqualTo(run.events().size());
    }

    @Test
    void customersSendAboutTheAverageOfEventsAskedFor() throws Exception {
        Run usual = run(akwaba(), SimulationOptions.of(3000, 1));
        assertThat(usual.summary().eventsPerCustomer()).isCloseTo(10, within(1.0));
        Run busy = run(shop(), SimulationOptions.of(3000, 1).withEventsPerCustomer(25));
        assertThat(busy.summary().eventsPerCustomer()).isCloseTo(25, within(2.5));
        Map<Long, Integer> perCustomer = new HashMap<>();
        busy.truth().forEach(line -> perCustomer.merge(line.customer(), 1, Integer::sum));
        assertThat(perCustomer.values().stream().distinct().count()).as("customers differ in length").isGreaterThan(10);
    }

    @Test
    void everyTouchpointMessageMatchesItsTouchpointAndNoiseMatchesNone() throws Exception {
        for (Workspace workspace : List.of(shop(), akwaba())) {
            Run run = run(workspace, SimulationOptions.of(2000, 3));
            Map<String, TouchpointMatcher> matchers = new HashMap<>();
            workspace.maps().forEach(map -> matchers.put(map.key(), TouchpointMatcher.of(map)));
            long noise = 0;
            long checked = 0;
            for (int i = 0; i < run.events().size(); i++) {
                SimulatedLine line = run.truth().get(i);
                Event event = run.events().get(i);
                switch (line.kind()) {
                    case TOUCHPOINT, CONVERSION -> {
                        Touchpoint touchpoint = workspace.map(line.map()).orElseThrow().touchpoint(line.touchpoint().orElseThrow())
                                .orElseThrow();
                        if (!touchpoint.match().isEmpty()) {
                            assertThat(matchers.get(line.map()).match(event)).as("line %d: %s", i + 1, event)
                                    .contains(touchpoint.key());
                            checked++;
                        }
                    }
                    case NOISE -> {
                        noise++;
                        for (TouchpointMatcher matcher : matchers.values()) {
                            assertThat(matcher.match(event)).as("noise line %d: %s", i + 1, event).isEmpty();
                        }
                    }
                    case IDENTIFY -> assertThat(event.type()).isEqualTo(EventType.IDENTIFY);
                }
            }
            assertThat(checked).isGreaterThan(run.events().size() / 3);
            double noiseShare = (double) noise / run.events().size();
            assertThat(noiseShare).as("noise share in %s", workspace.key()).isBetween(0.01, 0.06);
            assertThat(noise).isEqualTo(run.summary().noise());
        }
    }

    @Test
    void identifiedCustomersAreAssignedBackToTheirPersona() throws Exception {
        Workspace workspace = shop();
        Run run = run(workspace, SimulationOptions.of(2000, 5));
        PersonaAssigner assigner = PersonaAssigner.of(workspace.personas());
        Map<String, Integer> assigned = new TreeMap<>();
        for (int i = 0; i < run.events().size(); i++) {
            if (run.truth().get(i).kind() != SimulatedLine.Kind.IDENTIFY) {
                continue;
            }
            Event identify = run.events().get(i);
            assertThat(identify.userId()).isPresent();
            assertThat(identify.anonymousId()).as("the identify stitches the anonymous id").isPresent();
            Map<String, String> traits = flatten(identify.traits());
            assertThat(traits).containsKey("traits.email");
            String persona = assigner.assign(traits).map(Persona::key).orElse("none");
            assertThat(persona).as("traits %s", traits).isEqualTo(run.truth().get(i).persona());
            assigned.merge(persona, 1, Integer::sum);
        }
        assertThat(assigned).containsOnlyKeys("gold", "explorer");
    }

    @Test
    void theDemosPersonaRulesAssignItsSimulatedCustomers() throws Exception {
        // The demo's personas have trait rules (traits.segment for Amina, traits.buys_gifts for Marc).
        Workspace workspace = akwaba();
        Run run = run(workspace, SimulationOptions.of(1000, 5));
        PersonaAssigner assigner = PersonaAssigner.of(workspace.personas());
        Map<String, Integer> assigned = new TreeMap<>();
        for (int i = 0; i < run.events().size(); i++) {
            SimulatedLine line = run.truth().get(i);
            if (line.kind() == SimulatedLine.Kind.IDENTIFY) {
                String persona = assigner.assign(flatten(run.events().get(i).traits())).map(Persona::key).orElse("none");
                assertThat(persona).isEqualTo(line.persona());
                assigned.merge(persona, 1, Integer::sum);
            }
        }
        assertThat(assigned).containsOnlyKeys("amina", "marc");
    }

    @Test
    void conversionRatesLieStrictlyBetweenZeroAndOneAndDifferByPersona() throws Exception {
        Workspace workspace = shop();
        Run run = run(workspace, SimulationOptions.of(3000, 11).withCurrency("XOF"));
        Map<String, Set<Long>> customers = new HashMap<>();
        Map<String, Set<Long>> buyers = new HashMap<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < run.events().size(); i++) {
            SimulatedLine line = run.truth().get(i);
            customers.computeIfAbsent(line.persona(), k -> new HashSet<>()).add(line.customer());
            if (line.kind() == SimulatedLine.Kind.CONVERSION) {
                buyers.computeIfAbsent(line.persona(), k -> new HashSet<>()).add(line.customer());
                JsonNode properties = JSON.readTree(run.events().get(i).properties());
                assertThat(properties.get("revenue").isNumber()).isTrue();
                assertThat(properties.get("revenue").asDouble()).isGreaterThanOrEqualTo(1.0);
                assertThat(properties.get("currency").asText()).isEqualTo("XOF");
                values.add(properties.get("revenue").asDouble());
            }
        }
        Map<String, Double> rates = new TreeMap<>();
        customers.forEach((persona, all) -> rates.put(persona,
                (double) buyers.getOrDefault(persona, Set.of()).size() / all.size()));
        assertThat(rates).containsOnlyKeys("gold", "explorer");
        rates.values().forEach(rate -> assertThat(rate).isStrictlyBetween(0.0, 1.0));
        assertThat(Math.abs(rates.get("gold") - rates.get("explorer"))).as("rates %s", rates).isGreaterThan(0.005);
        long converted = buyers.values().stream().mapToLong(Set::size).sum();
        assertThat(converted).isEqualTo(run.summary().converted());
        // Values are skewed: a few large orders pull the mean above the median.
        values.sort(Double::compare);
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isGreaterThan(values.get(values.size() / 2));
        assertThat(Math.round(values.stream().mapToDouble(Double::doubleValue).sum() * 100))
                .isCloseTo(run.summary().revenueCents(), within(5L));
    }

    @Test
    void fewerCustomersReachEachLaterStage() throws Exception {
        Workspace workspace = shop();
        Run run = run(workspace, SimulationOptions.of(3000, 13));
        for (JourneyMap map : workspace.maps()) {
            TouchpointMatcher matcher = TouchpointMatcher.of(map);
            Map<String, Set<Long>> reached = new LinkedHashMap<>();
            map.stages().forEach(stage -> reached.put(stage.key(), new HashSet<>()));
            for (int i = 0; i < run.events().size(); i++) {
                SimulatedLine line = run.truth().get(i);
                if (!line.map().equals(map.key())) {
                    continue;
                }
                for (String touchpoint : matcher.match(run.events().get(i))) {
                    reached.get(map.touchpoint(touchpoint).orElseThrow().stage()).add(line.customer());
                }
            }
            List<Integer> funnel = reached.values().stream().map(Set::size).toList();
            for (int s = 1; s < funnel.size(); s++) {
                assertThat(funnel.get(s)).as("funnel of %s: %s", map.key(), funnel).isLessThan(funnel.get(s - 1));
            }
            assertThat(funnel.get(funnel.size() - 1)).isPositive();
        }
    }

    @Test
    void eventsComeInSessionsWithinThePeriodInTimeOrder() throws Exception {
        Instant from = Instant.parse("2025-03-01T00:00:00Z");
        Instant to = Instant.parse("2025-04-01T00:00:00Z");
        Run run = run(akwaba(), SimulationOptions.of(2000, 17).withPeriod(from, to));
        Map<Long, List<Long>> times = new HashMap<>();
        for (int i = 0; i < run.events().size(); i++) {
            long time = run.events().get(i).timestamp();
            assertThat(time).isBetween(from.toEpochMilli(), to.toEpochMilli() - 1);
            times.computeIfAbsent(run.truth().get(i).customer(), k -> new ArrayList<>()).add(time);
        }
        long withinSession = 0;
        long betweenSessions = 0;
        long inBetween = 0;
        long severalSessions = 0;
        for (List<Long> journey : times.values()) {
            boolean newSession = false;
            for (int i = 1; i < journey.size(); i++) {
                long gap = journey.get(i) - journey.get(i - 1);
                assertThat(gap).as("events in time order").isNotNegative();
                if (gap <= 20 * 60_000) {
                    withinSession++;
                } else if (gap >= 3_600_000) {
                    betweenSessions++;
                    newSession = true;
                } else {
                    inBetween++;
                }
            }
            severalSessions += newSession ? 1 : 0;
        }
        assertThat(withinSession).isPositive();
        assertThat(betweenSessions).isPositive();
        assertThat(inBetween).as("gaps of 20 minutes to an hour").isLessThan((withinSession + betweenSessions) / 100);
        assertThat(severalSessions).isBetween(times.size() / 5L, times.size() - 1L);
    }

    @Test
    void optionsOutOfRangeAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SimulationOptions.of(0, 1)).isInstanceOf(ParcoursException.class)
                .hasMessageContaining("from 1 to 100,000,000, not 0");
        assertThatThrownBy(() -> SimulationOptions.of(100_000_001L, 1)).isInstanceOf(ParcoursException.class);
        assertThatThrownBy(() -> SimulationOptions.of(10, 1).withEventsPerCustomer(0.5))
                .isInstanceOf(ParcoursException.class).hasMessageContaining("events per customer");
        Instant day = Instant.parse("2025-01-01T00:00:00Z");
        assertThatThrownBy(() -> SimulationOptions.of(10, 1).withPeriod(day, day)).isInstanceOf(ParcoursException.class)
                .hasMessageContaining("at least an hour");
        assertThatThrownBy(() -> SimulationOptions.of(10, 1).withCurrency("euro")).isInstanceOf(ParcoursException.class)
                .hasMessageContaining("ISO 4217");
        Workspace empty = Workspace.empty("empty", "Empty");
        assertThatThrownBy(() -> JourneySimulator.of(empty, SimulationOptions.of(10, 1)))
                .isInstanceOf(ParcoursException.class).hasMessageContaining("has no journey map");
    }

    @Test
    void patternsMatchAsTheMatchersReadThemAndFillingsAlwaysMatch() {
        SplittableRandom random = new SplittableRandom(99);
        String alphabet = "ab*/-";
        for (int i = 0; i < 20_000; i++) {
            String pattern = randomText(random, alphabet, 6);
            String value = randomText(random, "ab/-", 8);
            // The slow, obviously-correct twin: the regular expression the touchpoint matcher compiles.
            StringBuilder regex = new StringBuilder();
            for (String part : pattern.split("\\*", -1)) {
                if (regex.length() > 0) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            boolean expected = pattern.contains("*")
                    ? Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches()
                    : pattern.equals(value);
            assertThat(Globs.matches(pattern, value)).as("'%s' against '%s'", pattern, value).isEqualTo(expected);
            for (int variant = 0; variant < 3; variant++) {
                String filled = Globs.fill(pattern, "https://www.shop.example", variant);
                assertThat(Globs.matches(pattern, filled)).as("'%s' filled as '%s'", pattern, filled).isTrue();
            }
        }
        assertThat(Globs.fill("*/products/*", "https://www.shop.example", 0)).isEqualTo("https://www.shop.example/products/item-12");
    }

    private static String randomText(SplittableRandom random, String alphabet, int maxLength) {
        int length = (int) (random.nextDouble() * (maxLength + 1));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt((int) (random.nextDouble() * alphabet.length())));
        }
        return text.toString();
    }

    /** The traits of a message as the persona assigner takes them: {@code traits.address.city -> Lyon}. */
    private static Map<String, String> flatten(String traits) throws Exception {
        Map<String, String> flat = new HashMap<>();
        flatten("traits", JSON.readTree(traits), flat);
        return flat;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(path + "." + field.getKey(), field.getValue(), flat);
            }
        } else if (node.isValueNode()) {
            flat.put(path, node.asText());
        }
    }
}
