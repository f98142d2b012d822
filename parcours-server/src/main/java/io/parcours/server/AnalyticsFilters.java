package io.parcours.server;

import io.javalin.http.Context;
import io.parcours.model.JourneyMap;
import io.parcours.model.Keys;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import io.parcours.store.ParcoursStore;
import io.parcours.store.Source;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filters every analytics page shares (map, dates, persona, channel, source), as the request
 * gave them, with what the filter form offers for each. The values go to the analyses unchanged, so
 * they are checked exactly as the API checks them; the map defaults to the workspace's first.
 * Public only because the compiled templates read it.
 *
 * @param map the map's key, or "" when the workspace has none
 * @param from the first day (or instant), or ""
 * @param to the last day (or instant), or ""
 */
public record AnalyticsFilters(String workspace, String map, String from, String to, String persona, String channel,
        String source, List<Choice> maps, List<Choice> personas, List<Choice> channels, List<Choice> sources) {

    /** The names of the filters, in the order of the form and of links. */
    static final List<String> NAMES = List.of("map", "from", "to", "persona", "channel", "source");

    /** One option of a select: its value and its label. */
    public record Choice(String value, String label) {}

    /** The filters of this request in {@code workspace}, whose map {@code map} they look at (the form offers its channels). */
    static AnalyticsFilters of(Context ctx, Workspace workspace, Optional<JourneyMap> map, List<Source> workspaceSources,
            Texts texts) {
        List<Choice> maps = workspace.maps().stream().map(m -> new Choice(m.key(), m.name())).toList();
        List<Choice> personas = workspace.personas().stream().map(p -> new Choice(p.key(), p.name())).toList();
        List<Choice> channels = map.map(m -> m.touchpoints().stream().map(Touchpoint::channel).distinct()
                .map(c -> new Choice(c.id(), texts.t("channel." + c.id()))).toList()).orElse(List.of());
        List<Choice> sources = workspaceSources.stream().map(s -> new Choice(s.key(), s.name())).toList();
        return new AnalyticsFilters(workspace.key(), map.map(JourneyMap::key).orElse(""), value(ctx, "from"),
                value(ctx, "to"), value(ctx, "persona"), value(ctx, "channel"), value(ctx, "source"), maps, personas,
                channels, sources);
    }

    /** The map a request asks for, else the workspace's first; the map must exist (404 otherwise). */
    static Optional<JourneyMap> map(Context ctx, Workspace workspace, ParcoursStore store) {
        String key = value(ctx, "map");
        if (key.isEmpty()) {
            return workspace.maps().stream().findFirst();
        }
        return Optional.of(store.requireLatestMap(workspace.key(), Keys.require("map", key)).map());
    }

    private static String value(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.trim();
    }

    /** The filters that are set, by name: the parameters of the analyses. */
    Map<String, String> parameters() {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> values = List.of(map, from, to, persona, channel, source);
        for (int i = 0; i < NAMES.size(); i++) {
            if (!values.get(i).isEmpty()) {
                set.put(NAMES.get(i), values.get(i));
            }
        }
        return set;
    }

    public boolean hasMap() {
        return !map.isEmpty();
    }

    /** The query string that keeps these filters ("" when none is set), starting with "?". */
    public String query() {
        return query(Map.of());
    }

    /** The query string of these filters and {@code more} (options of one analysis). */
    public String query(Map<String, String> more) {
        Map<String, String> all = parameters();
        all.putAll(more);
        StringBuilder query = new StringBuilder();
        all.forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.append(query.length() == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(value));
            }
        });
        return query.toString();
    }

    /** The address of an analytics page (funnel, paths...) of this workspace with these filters. */
    public String link(String page) {
        return base() + "/" + page + query();
    }

    /** The analytics overview of this workspace. */
    public String base() {
        return "/workspaces/" + workspace + "/analytics";
    }

    /** The timeline of one customer, with the map of these filters. */
    public String customerLink(String customer) {
        return base() + "/customers/" + encode(customer).replace("+", "%20") + (hasMap() ? "?map=" + encode(map) : "");
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
