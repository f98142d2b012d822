package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Channel;
import io.parcours.model.Event;
import io.parcours.model.EventType;
import io.parcours.model.JourneyMap;
import io.parcours.model.MapState;
import io.parcours.model.MatchRule;
import io.parcours.model.Stage;
import io.parcours.model.Touchpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Events are matched to touchpoints by name, type and conditions on their fields. */
class TouchpointMatcherTest {
    static final JourneyMap MAP = new JourneyMap("shop", "Shop", "p", MapState.CURRENT, "", Optional.empty(), Optional.empty(),
            List.of(Stage.of("buy", "Buy")), List.of(
                    Touchpoint.of("product-page", "Product page", "buy", Channel.WEB).withMatch(List.of(
                            new MatchRule(List.of("Product Viewed", "Product Clicked"), Optional.empty(),
                                    Map.of("context.page.url", "*/products/*")))),
                    Touchpoint.of("newsletter", "Newsletter", "buy", Channel.EMAIL).withMatch(List.of(
                            new MatchRule(List.of(), Optional.of(EventType.PAGE), Map.of("context.campaign.source", "newsletter")))),
                    Touchpoint.of("checkout", "Checkout", "buy", Channel.WEB).withMatch(List.of(MatchRule.event("Checkout Started"))),
                    Touchpoint.of("vip", "VIP", "buy", Channel.WEB).withMatch(List.of(
                            new MatchRule(List.of("Checkout Started"), Optional.empty(), Map.of("traits.plan", "gold"))))));

    static Event event(EventType type, String name, String properties, String context, String traits) {
        return new Event("m", type, name, Optional.of("u"), Optional.empty(), 0, 0, properties, traits, context,
                type == EventType.ALIAS ? Optional.of("a") : Optional.empty(), Optional.empty());
    }

    private final TouchpointMatcher matcher = TouchpointMatcher.of(MAP);

    @Test
    void namesAndPatternsMatch() {
        assertThat(matcher.match(event(EventType.TRACK, "Product Viewed", "{}",
                "{\"page\": {\"title\": \"Robe \\\"wax\\\"\", \"url\": \"https://akwaba.example/products/robe\"}}", "{}")))
                .containsExactly("product-page");
        assertThat(matcher.match(event(EventType.TRACK, "Product Viewed", "{}",
                "{\"page\": {\"url\": \"https://akwaba.example/cart\"}}", "{}"))).isEmpty();
        assertThat(matcher.match(event(EventType.TRACK, "Product Viewed", "{}", "{}", "{}"))).isEmpty();
    }

    @Test
    void typeAndExactConditionsMatch() {
        String fromNewsletter = "{\"campaign\": {\"source\": \"newsletter\", \"medium\": \"email\"}}";
        assertThat(matcher.match(event(EventType.PAGE, "Home", "{}", fromNewsletter, "{}"))).containsExactly("newsletter");
        assertThat(matcher.match(event(EventType.TRACK, "Home", "{}", fromNewsletter, "{}"))).isEmpty();
        assertThat(matcher.match(event(EventType.PAGE, "Home", "{}", "{\"campaign\": {\"source\": \"newsletters\"}}", "{}")))
                .isEmpty();
    }

    @Test
    void anEventMayMatchSeveralTouchpointsInMapOrder() {
        assertThat(matcher.match(event(EventType.TRACK, "Checkout Started", "{}", "{}", "{\"plan\": \"gold\", \"n\": [1, {\"x\": 2}]}")))
                .containsExactly("checkout", "vip");
        assertThat(matcher.match(event(EventType.TRACK, "Checkout Started", "{}", "{}", "{\"plan\": \"silver\"}")))
                .containsExactly("checkout");
    }

    @Test
    void lookupsHandleNestingEscapesAndOddValues() {
        String json = "{\"a\": {\"skip\": [1, \"]}\", {\"b\": 2}], \"b\": {\"c\": \"x\\u00e9\\n\"}}, \"n\": 12.5, \"t\": true, \"z\": null}";
        assertThat(JsonLookup.find(json, List.of("a", "b", "c"))).contains("xé\n");
        assertThat(JsonLookup.find(json, List.of("n"))).contains("12.5");
        assertThat(JsonLookup.find(json, List.of("t"))).contains("true");
        assertThat(JsonLookup.find(json, List.of("z"))).isEmpty();
        assertThat(JsonLookup.find(json, List.of("a"))).isEmpty();
        assertThat(JsonLookup.find(json, List.of("missing", "x"))).isEmpty();
        assertThat(JsonLookup.find("{broken", List.of("a"))).isEmpty();
        assertThat(JsonLookup.find("[]", List.of("a"))).isEmpty();
    }

    /** A web site (any page of it) with its checkout as a part, and a newsletter that names no event. */
    static final JourneyMap NESTED = new JourneyMap("site", "Site", "p", MapState.CURRENT, "", Optional.empty(),
            Optional.empty(), List.of(Stage.of("buy", "Buy")), List.of(
                    new Touchpoint("web", "Web site", "buy", Channel.WEB, Optional.empty(), Optional.empty(), "", List.of(),
                            List.of(new MatchRule(List.of(), Optional.of(EventType.PAGE), Map.of()),
                                    MatchRule.event("Checkout Started"))),
                    new Touchpoint("promo", "Promotion", "buy", Channel.WEB, Optional.empty(), Optional.empty(), "", List.of(),
                            List.of(new MatchRule(List.of("Checkout Started"), Optional.empty(),
                                    Map.of("properties.coupon", "SPRING*")))),
                    new Touchpoint("checkout", "Checkout", "buy", Channel.WEB, Optional.empty(), Optional.of("web"), "",
                            List.of(), List.of(MatchRule.event("Checkout Started"))),
                    new Touchpoint("newsletter", "Newsletter", "buy", Channel.EMAIL, Optional.empty(), Optional.empty(), "",
                            List.of(), List.of(new MatchRule(List.of(), Optional.empty(),
                                    Map.of("context.campaign.medium", "email"))))));

    @Test
    void anEventCountsForThePartOverTheWholeElseTheFirstMatched() {
        TouchpointMatcher nested = TouchpointMatcher.of(NESTED);
        Event checkout = event(EventType.TRACK, "Checkout Started", "{\"coupon\": \"SPRING24\"}", "{}", "{}");
        assertThat(nested.match(checkout)).containsExactly("web", "promo", "checkout");
        assertThat(mostSpecific(nested, checkout)).contains("checkout");
        assertThat(nested.mostSpecificNumber(checkout.type(), checkout.name(), fields(checkout))).isEqualTo(2);

        // The page matches the site and, by a rule naming no event, the newsletter: no part of
        // anything, so the first in the map's order.
        Event page = event(EventType.PAGE, "Home", "{}", "{\"campaign\": {\"medium\": \"email\"}}", "{}");
        assertThat(nested.match(page)).containsExactly("web", "newsletter");
        assertThat(mostSpecific(nested, page)).contains("web");

        Event email = event(EventType.TRACK, "Email Opened", "{}", "{\"campaign\": {\"medium\": \"email\"}}", "{}");
        assertThat(mostSpecific(nested, email)).contains("newsletter");
        assertThat(nested.mostSpecificNumber(email.type(), email.name(), fields(email))).isEqualTo(3);

        Event other = event(EventType.TRACK, "Wishlist Added", "{}", "{}", "{}");
        assertThat(mostSpecific(nested, other)).isEmpty();
        assertThat(nested.mostSpecificNumber(other.type(), other.name(), fields(other))).isEqualTo(-1);
    }

    @Test
    void conditionsAskForTheirFieldByItsNumberAmongTheFieldPaths() {
        TouchpointMatcher nested = TouchpointMatcher.of(NESTED);
        assertThat(nested.fieldPaths()).containsExactly(new TouchpointMatcher.FieldPath("properties", List.of("coupon")),
                new TouchpointMatcher.FieldPath("context", List.of("campaign", "medium")));
        // Values read ahead, one per field path in that order, as the analyses read them from the database.
        String[] values = {"SPRING25", null};
        TouchpointMatcher.Fields byNumber = new TouchpointMatcher.Fields() {
            @Override
            public Optional<String> find(String root, List<String> path) {
                throw new AssertionError("asked by path for " + root + path);
            }

            @Override
            public Optional<String> find(int field, String root, List<String> path) {
                assertThat(nested.fieldPaths().get(field)).isEqualTo(new TouchpointMatcher.FieldPath(root, path));
                return Optional.ofNullable(values[field]);
            }
        };
        assertThat(nested.match(EventType.TRACK, "Checkout Started", byNumber)).containsExactly("web", "promo", "checkout");
        values[0] = "AUTUMN";
        assertThat(nested.match(EventType.TRACK, "Checkout Started", byNumber)).containsExactly("web", "checkout");
        values[1] = "email";
        assertThat(nested.mostSpecific(EventType.TRACK, "Email Opened", byNumber)).contains("newsletter");
    }

    private static Optional<String> mostSpecific(TouchpointMatcher matcher, Event event) {
        return matcher.mostSpecific(event.type(), event.name(), fields(event));
    }

    private static TouchpointMatcher.Fields fields(Event event) {
        return (root, path) -> JsonLookup.find(switch (root) {
            case "properties" -> event.properties();
            case "context" -> event.context();
            default -> event.traits();
        }, path);
    }
}
