package io.parcours.io.simulate;

import io.parcours.model.Channel;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Touchpoint;
import io.parcours.model.TraitRule;
import io.parcours.model.Workspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything about a simulation that is fixed by the workspace and the seed, worked out once
 * before the first customer: each persona's habits (how online they are, how likely to buy, how
 * much they spend, how persistent), each map's stage drop-off and base conversion, each
 * touchpoint's popularity (Zipf-like within its stage) and its pull on conversion and on value,
 * and the messages that stand for each touchpoint, encoded as bytes, each checked against the
 * touchpoint's matching rules. Immutable once made, so customers can be generated from it in any
 * order, on any thread.
 *
 * <p>Only {@link SplittableRandom#nextLong()} and {@link SplittableRandom#nextDouble()} and
 * {@link StrictMath} are used, whose results the Java specification fixes, so a seed gives the same
 * plan (and the same output) on every JVM.
 */
final class SimulationPlan {
    /** Channels that leave no event behind unless the map says which event they send. */
    static final Set<Channel> UNTRACKED = EnumSet.of(Channel.WORD_OF_MOUTH, Channel.PRINT, Channel.OUTDOOR, Channel.RADIO,
            Channel.TV, Channel.MAIL);
    static final String LIBRARY = "parcours-simulate";
    private static final double ZIPF_EXPONENT = 1.1;
    private static final int FILLS = 3;
    private static final int MAX_TEMPLATES = 16;

    final PersonaPlan[] personas;
    final double[] personaCumulative;
    final MessageTemplate[] noise;
    final long customerKey;
    final long pilotKey;
    final long userKey;
    final long anonymousKey;
    final byte[] messageIdPrefix;
    final long from;
    final long to;

    /** One persona's habits, the maps they walk and the ways they identify themselves. */
    static final class PersonaPlan {
        final String key;
        final IdentifyTemplate[] identities;
        final RoutePlan[] routes;
        final double[] routeCumulative;
        /** From 0 (store and phone) to 1 (web and app): how much more often online touchpoints are met. */
        final double onlineAffinity;
        /** Added to the log-odds of converting. */
        final double conversionBias;
        /** Multiplies each stage's chance to go on. */
        final double persistence;
        /** The chance to identify (sign up, log in) when not buying; buyers always do. */
        final double identifyRate;
        /** The median value of a conversion. */
        final double revenueMedian;
        /** Multiplies the number of touchpoints met per stage. */
        final double activity;

        PersonaPlan(String key, IdentifyTemplate[] identities, RoutePlan[] routes, double[] routeCumulative,
                double onlineAffinity, double conversionBias, double persistence, double identifyRate, double revenueMedian,
                double activity) {
            this.key = key;
            this.identities = identities;
            this.routes = routes;
            this.routeCumulative = routeCumulative;
            this.onlineAffinity = onlineAffinity;
            this.conversionBias = conversionBias;
            this.persistence = persistence;
            this.identifyRate = identifyRate;
            this.revenueMedian = revenueMedian;
            this.activity = activity;
        }
    }

    /** One persona on one map: the touchpoints of each stage with the persona's own weights. */
    static final class RoutePlan {
        final MapPlan map;
        private final int[][] candidates;
        private final double[][] cumulative;
        private final double[] breadth;

        RoutePlan(MapPlan map, double onlineAffinity) {
            this.map = map;
            candidates = new int[map.stageCount][];
            cumulative = new double[map.stageCount][];
            breadth = new double[map.stageCount];
            for (int stage = 0; stage < map.stageCount; stage++) {
                List<Integer> chosen = new ArrayList<>();
                for (int t = 0; t < map.touchpoints.length; t++) {
                    if (map.stageOf[t] == stage && t != map.conversionTouchpoint) {
                        chosen.add(t);
                    }
                }
                candidates[stage] = chosen.stream().mapToInt(Integer::intValue).toArray();
                breadth[stage] = Math.sqrt(chosen.size());
                cumulative[stage] = new double[chosen.size()];
                double total = 0;
                for (int i = 0; i < chosen.size(); i++) {
                    TouchpointPlan touchpoint = map.touchpoints[chosen.get(i)];
                    total += touchpoint.popularity * (touchpoint.online ? onlineAffinity : 1 - onlineAffinity);
                    cumulative[stage][i] = total;
                }
            }
        }

        /** The square root of the number of touchpoints to meet in the stage. */
        double breadth(int stage) {
            return breadth[stage];
        }

        /** A touchpoint of the stage, by weight; -1 when the stage has none to meet. */
        int pick(int stage, SplittableRandom random) {
            double[] weights = cumulative[stage];
            if (weights.length == 0) {
                return -1;
            }
            double u = random.nextDouble() * weights[weights.length - 1];
            for (int i = 0; i < weights.length - 1; i++) {
                if (u < weights[i]) {
                    return candidates[stage][i];
                }
            }
            return candidates[stage][weights.length - 1];
        }
    }

    /** One journey map: its stages' drop-off, its conversion, its touchpoints. */
    static final class MapPlan {
        final String key;
        final TouchpointPlan[] touchpoints;
        final int[] stageOf;
        final int stageCount;
        /** Per stage, the chance to go on to another stage after it. */
        final double[] continueProbability;
        final int conversionTouchpoint;
        final int conversionStage;
        /** The log-odds of converting before any touchpoint's pull and the persona's bias. */
        final double baseLogit;

        MapPlan(JourneyMap map, SplittableRandom random, String site, String currency) {
            key = map.key();
            stageCount = map.stages().size();
            List<Touchpoint> list = map.touchpoints();
            touchpoints = new TouchpointPlan[list.size()];
            stageOf = new int[list.size()];
            Map<String, Integer> stageIndex = new LinkedHashMap<>();
            for (int s = 0; s < stageCount; s++) {
                stageIndex.put(map.stages().get(s).key(), s);
            }
            int conversion = -1;
            for (int t = 0; t < list.size(); t++) {
                stageOf[t] = stageIndex.get(list.get(t).stage());
                if (map.conversion().isPresent() && map.conversion().get().equals(list.get(t).key())) {
                    conversion = t;
                }
            }
            conversionTouchpoint = conversion;
            conversionStage = conversion < 0 ? -1 : stageOf[conversion];
            continueProbability = new double[stageCount];
            for (int s = 0; s < stageCount; s++) {
                continueProbability[s] = 0.55 + 0.3 * random.nextDouble();
            }
            baseLogit = -1.1 + 0.8 * random.nextDouble();
            double[] popularity = new double[list.size()];
            for (int s = 0; s < stageCount; s++) {
                List<Integer> ofStage = new ArrayList<>();
                for (int t = 0; t < list.size(); t++) {
                    if (stageOf[t] == s) {
                        ofStage.add(t);
                    }
                }
                int[] ranks = shuffledRanks(ofStage.size(), random);
                for (int i = 0; i < ofStage.size(); i++) {
                    popularity[ofStage.get(i)] = 1 / StrictMath.pow(ranks[i], ZIPF_EXPONENT);
                }
            }
            Map<String, Integer> touchpointIndex = new LinkedHashMap<>();
            for (int t = 0; t < list.size(); t++) {
                touchpointIndex.put(list.get(t).key(), t);
            }
            for (int t = 0; t < list.size(); t++) {
                Touchpoint touchpoint = list.get(t);
                int parent = touchpoint.parent().map(touchpointIndex::get).orElse(-1);
                if (parent == conversion) {
                    parent = -1; // the conversion is decided on its own, never met on the way
                }
                double effect = 0.5 * gaussian(random);
                double valueEffect = 0.12 * gaussian(random);
                touchpoints[t] = new TouchpointPlan(touchpoint.key(), touchpoint.online(), popularity[t], effect, valueEffect,
                        templates(touchpoint, t == conversion, site, currency), parent);
            }
        }
    }

    /** One touchpoint: how popular it is, how it pulls conversion and value, and the messages it sends. */
    static final class TouchpointPlan {
        final String key;
        final boolean online;
        final double popularity;
        /** Added to the log-odds of converting once the touchpoint is met: some help, some hurt. */
        final double effect;
        /** Added to the logarithm of the conversion's value once the touchpoint is met. */
        final double valueEffect;
        /** Empty for a touchpoint that leaves no trace (word of mouth, a poster) and has no rule. */
        final MessageTemplate[] templates;
        /** The touchpoint this one is part of (the shop visit of a seller's advice), met first; -1 for none. */
        final int parent;

        TouchpointPlan(String key, boolean online, double popularity, double effect, double valueEffect,
                MessageTemplate[] templates, int parent) {
            this.key = key;
            this.parent = parent;
            this.online = online;
            this.popularity = popularity;
            this.effect = effect;
            this.valueEffect = valueEffect;
            this.templates = templates;
        }
    }

    private SimulationPlan(Workspace workspace, SimulationOptions options) {
        if (workspace.maps().isEmpty()) {
            throw ParcoursException.invalid("maps", "workspace '" + workspace.key() + "' has no journey map, and the "
                    + "simulator walks maps: add a map with stages and touchpoints to the file");
        }
        long seed = options.seed();
        customerKey = mix(seed ^ 0x5EED_0001L);
        pilotKey = mix(seed ^ 0x5EED_0002L);
        userKey = mix(seed ^ 0x5EED_0003L);
        anonymousKey = mix(seed ^ 0x5EED_0004L);
        from = options.from().toEpochMilli();
        to = options.to().toEpochMilli();
        StringBuilder prefix = new StringBuilder("sim-");
        for (int shift = 60; shift >= 0; shift -= 4) {
            prefix.append(Character.forDigit((int) (seed >>> shift) & 0xF, 16));
        }
        messageIdPrefix = prefix.append('-').toString().getBytes(StandardCharsets.US_ASCII);

        SplittableRandom random = new SplittableRandom(mix(seed ^ 0x5EED_0000L));
        String site = "https://www." + workspace.key() + ".example";
        Map<String, MapPlan> maps = new LinkedHashMap<>();
        List<MatchRule> rules = new ArrayList<>();
        for (JourneyMap map : workspace.maps()) {
            maps.put(map.key(), new MapPlan(map, random, site, options.currency()));
            map.touchpoints().forEach(touchpoint -> rules.addAll(touchpoint.match()));
        }
        noise = noiseTemplates(site, rules);

        List<Persona> all = workspace.personas();
        personas = new PersonaPlan[all.size()];
        personaCumulative = new double[all.size()];
        double total = 0;
        for (int p = 0; p < all.size(); p++) {
            Persona persona = all.get(p);
            List<JourneyMap> walked = walkedMaps(workspace, persona);
            double onlineAffinity = 0.15 + 0.75 * random.nextDouble();
            double conversionBias = -0.9 + 1.5 * random.nextDouble();
            double persistence = 0.85 + 0.27 * random.nextDouble();
            double identifyRate = 0.45 + 0.4 * random.nextDouble();
            double revenueMedian = 35 + 145 * random.nextDouble();
            double activity = 0.7 + 0.7 * random.nextDouble();
            RoutePlan[] routes = new RoutePlan[walked.size()];
            double[] routeCumulative = new double[walked.size()];
            double routeTotal = 0;
            for (int r = 0; r < walked.size(); r++) {
                routes[r] = new RoutePlan(maps.get(walked.get(r).key()), onlineAffinity);
                routeTotal += 1 + random.nextDouble();
                routeCumulative[r] = routeTotal;
            }
            IdentifyTemplate[] identities = identities(all, p, site);
            personas[p] = new PersonaPlan(persona.key(), identities, routes, routeCumulative, onlineAffinity,
                    conversionBias, persistence, identifyRate, revenueMedian, activity);
            total += 1 + 2 * random.nextDouble();
            personaCumulative[p] = total;
        }
    }

    static SimulationPlan of(Workspace workspace, SimulationOptions options) {
        return new SimulationPlan(workspace, options);
    }

    /** A persona by weight. */
    PersonaPlan pickPersona(SplittableRandom random) {
        return personas[pick(personaCumulative, random)];
    }

    /** An index of a cumulative weight table, by weight. */
    static int pick(double[] cumulative, SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /**
     * The maps a persona's customers walk: the persona's current-state maps (a future state is a
     * design, not what customers do yet), else any of theirs, else every current-state map.
     */
    private static List<JourneyMap> walkedMaps(Workspace workspace, Persona persona) {
        List<JourneyMap> theirs = workspace.maps().stream().filter(map -> map.persona().equals(persona.key())).toList();
        List<JourneyMap> current = theirs.stream().filter(map -> map.state() == MapState.CURRENT).toList();
        if (!current.isEmpty()) {
            return current;
        }
        if (!theirs.isEmpty()) {
            return theirs;
        }
        List<JourneyMap> anyCurrent = workspace.maps().stream().filter(map -> map.state() == MapState.CURRENT).toList();
        return anyCurrent.isEmpty() ? workspace.maps() : anyCurrent;
    }

    /**
     * The messages of a touchpoint: for each rule it can satisfy, one per event name and a few
     * fillings of its patterns. A touchpoint without a usable rule sends a {@code track} named after
     * it, unless its channel leaves no trace (then it is met, with its pull on conversion, unseen);
     * a conversion always sends one.
     */
    private static MessageTemplate[] templates(Touchpoint touchpoint, boolean conversion, String site, String currency) {
        List<MessageTemplate> templates = new ArrayList<>();
        for (MatchRule rule : touchpoint.match()) {
            for (MessageTemplate template : ruleTemplates(rule, touchpoint, conversion, site, currency)) {
                if (templates.size() < MAX_TEMPLATES) {
                    templates.add(template);
                }
            }
        }
        if (templates.isEmpty() && (conversion || !UNTRACKED.contains(touchpoint.channel()))) {
            MessageTemplate.Builder builder = MessageTemplate.builder(EventType.TRACK, touchpoint.name());
            defaults(builder, touchpoint.channel(), touchpoint.key(), site);
            templates.add(builder.build(conversion, currency));
        }
        return templates.toArray(MessageTemplate[]::new);
    }

    private static List<MessageTemplate> ruleTemplates(MatchRule rule, Touchpoint touchpoint, boolean conversion, String site,
            String currency) {
        EventType type = rule.type().orElse(EventType.TRACK);
        boolean named = type == EventType.TRACK || type == EventType.PAGE || type == EventType.SCREEN;
        if (type == EventType.ALIAS || (!named && !rule.events().isEmpty())) {
            // An alias needs ids of its own, and identify or group messages carry no name to match.
            return List.of();
        }
        List<String> names = !named ? List.of("") : rule.events().isEmpty() ? List.of(touchpoint.name()) : rule.events();
        int fills = rule.where().values().stream().anyMatch(pattern -> pattern.contains("*")) ? FILLS : 1;
        List<MessageTemplate> templates = new ArrayList<>();
        for (int n = 0; n < Math.min(names.size(), 4); n++) {
            for (int fill = 0; fill < fills; fill++) {
                MessageTemplate.Builder builder = MessageTemplate.builder(type, names.get(n));
                if (type == EventType.GROUP) {
                    builder.groupId("group-1");
                }
                for (Map.Entry<String, String> condition : rule.where().entrySet()) {
                    if (!builder.put(condition.getKey(), Globs.fill(condition.getValue(), site, n + fill))) {
                        return List.of(); // the rule contradicts itself: no message satisfies it
                    }
                }
                defaults(builder, touchpoint.channel(), touchpoint.key(), site);
                MessageTemplate template = builder.build(conversion, currency);
                if (template.matchedBy(rule)) {
                    templates.add(template);
                }
            }
        }
        return templates;
    }

    /** What a real tracking library would add: the channel, the library, and the page of a web touchpoint. */
    private static void defaults(MessageTemplate.Builder builder, Channel channel, String page, String site) {
        builder.put("context.channel", channel.id());
        builder.put("context.library.name", LIBRARY);
        builder.put("context.library.version", "1");
        if (channel == Channel.WEB) {
            builder.put("context.page.url", site + "/" + page);
        }
    }

    /** Everyday messages that belong to no touchpoint; any that some rule of the workspace matches is left out. */
    private static MessageTemplate[] noiseTemplates(String site, List<MatchRule> rules) {
        List<MessageTemplate.Builder> candidates = new ArrayList<>();
        candidates.add(noise(EventType.TRACK, "Scroll Depth Reached", Channel.WEB, "journal", site)
                .withField("properties.percent", "75"));
        candidates.add(noise(EventType.TRACK, "Cookie Consent Given", Channel.WEB, "home", site));
        candidates.add(noise(EventType.PAGE, "Legal Notice", Channel.WEB, "legal", site));
        candidates.add(noise(EventType.TRACK, "Video Played", Channel.WEB, "journal", site)
                .withField("properties.video", "brand-film"));
        candidates.add(noise(EventType.SCREEN, "Settings", Channel.APP, "settings", site));
        candidates.add(noise(EventType.TRACK, "Search Performed", Channel.WEB, "search", site)
                .withField("properties.query", "linen shirt"));
        List<MessageTemplate> kept = new ArrayList<>();
        for (MessageTemplate.Builder candidate : candidates) {
            MessageTemplate template = candidate.build(false, "EUR");
            if (rules.stream().noneMatch(template::matchedBy)) {
                kept.add(template);
            }
        }
        return kept.toArray(MessageTemplate[]::new);
    }

    private static MessageTemplate.Builder noise(EventType type, String name, Channel channel, String page, String site) {
        MessageTemplate.Builder builder = MessageTemplate.builder(type, name);
        defaults(builder, channel, page, site);
        return builder;
    }

    /**
     * The ways a persona's customers identify: for each of the persona's rules, the traits filled
     * in a few ways, keeping those that assign the customer to this persona and not to one before
     * it (the assigner takes the first persona whose rule holds). The e-mail and the persona's key
     * are added where no rule makes them assign the customer elsewhere. A persona without rules, or
     * whose rules are all shadowed, gets traits that fit no rule.
     */
    private static IdentifyTemplate[] identities(List<Persona> personas, int index, String site) {
        Persona persona = personas.get(index);
        int expected = persona.match().isEmpty() ? -1 : index;
        List<Map<String, String>> fillings = new ArrayList<>();
        if (persona.match().isEmpty()) {
            fillings.add(Map.of());
        }
        for (TraitRule rule : persona.match()) {
            for (int fill = 0; fill < FILLS; fill++) {
                int variant = fill;
                Map<String, String> filling = new LinkedHashMap<>();
                rule.where().forEach((path, pattern) -> filling.put(path, Globs.fill(pattern, site, variant)));
                if (!fillings.contains(filling)) {
                    fillings.add(filling);
                }
            }
        }
        List<IdentifyTemplate> kept = new ArrayList<>();
        for (Map<String, String> filling : fillings) {
            for (boolean extras : new boolean[] {true, false}) {
                Optional<IdentifyTemplate> template = identify(filling, persona, extras);
                if (template.isPresent() && assigned(personas, template.get().traits) == expected) {
                    kept.add(template.get());
                    break;
                }
            }
        }
        if (kept.isEmpty()) {
            kept.add(identify(Map.of(), persona, false).orElseThrow());
        }
        return kept.toArray(IdentifyTemplate[]::new);
    }

    /**
     * The identify of traits filled in, with the e-mail and the persona's key when {@code extras};
     * empty when the traits contradict each other ({@code traits.a} and {@code traits.a.b}).
     */
    private static Optional<IdentifyTemplate> identify(Map<String, String> filling, Persona persona, boolean extras) {
        JsonTree tree = new JsonTree();
        Map<String, String> traits = new LinkedHashMap<>();
        for (Map.Entry<String, String> trait : filling.entrySet()) {
            if (!tree.put(MatchRule.steps(trait.getKey()), trait.getValue())) {
                return Optional.empty();
            }
            traits.put(trait.getKey(), trait.getValue());
        }
        boolean email = false;
        if (extras) {
            if (tree.put(List.of("traits", "simulated_persona"), persona.key())) {
                traits.put("traits.simulated_persona", persona.key());
            }
            email = traits.keySet().stream().noneMatch(path -> path.equals("traits.email") || path.startsWith("traits.email."));
            if (email) {
                traits.put("traits.email", "user-0000000000000000" + IdentifyTemplate.EMAIL_DOMAIN);
            }
        }
        tree.put(List.of("context", "channel"), Channel.WEB.id());
        tree.put(List.of("context", "library", "name"), LIBRARY);
        tree.put(List.of("context", "library", "version"), "1");
        return Optional.of(new IdentifyTemplate(traits, tree, email));
    }

    /** The index of the persona that traits assign a customer to, as the persona assigner reads them; -1 for none. */
    static int assigned(List<Persona> personas, Map<String, String> traits) {
        for (int p = 0; p < personas.size(); p++) {
            for (TraitRule rule : personas.get(p).match()) {
                boolean holds = true;
                for (Map.Entry<String, String> condition : rule.where().entrySet()) {
                    String value = traits.get(condition.getKey());
                    holds &= value != null && Globs.matches(condition.getValue(), value);
                }
                if (holds) {
                    return p;
                }
            }
        }
        return -1;
    }

    private static int[] shuffledRanks(int count, SplittableRandom random) {
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            ranks[i] = i + 1;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = (int) (random.nextDouble() * (i + 1));
            int swap = ranks[i];
            ranks[i] = ranks[j];
            ranks[j] = swap;
        }
        return ranks;
    }

    /** A standard normal number (Box-Muller), from two uniform draws. */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /** Murmur3's 64-bit finaliser: a bijection that scatters neighbouring numbers, so ids and seeds made from it never collide. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
