package io.parcours.io.builtin;

import io.parcours.io.mapfile.MapDocument;
import io.parcours.io.mapfile.MapFiles;
import io.parcours.model.ParcoursException;
import io.parcours.model.Suggestions;
import java.util.List;

/**
 * The built-in map templates, from the classic stage models of journey mapping. Each is a map file
 * with generic teams, a placeholder persona and typical online and offline touchpoints, ready to
 * import and adapt.
 */
public final class Templates {
    /** A built-in template: the name to ask for it by, a title and what it is for. */
    public record Template(String name, String title, String description) {}

    private static final List<Template> ALL = List.of(
            new Template("purchase-phases", "Pre-purchase, purchase, post-purchase",
                    "The three classic phases around a purchase, with online and offline touchpoints."),
            new Template("aida", "Awareness, interest, consideration, intent, conversion, after-sales",
                    "The AIDA-style funnel from first attention to the sale and after."),
            new Template("ecommerce", "E-commerce: awareness, consideration, purchase, retention, advocacy",
                    "An online shop's journey, from discovery to recommendation."));

    private Templates() {}

    public static List<Template> list() {
        return ALL;
    }

    /** The template's map file, as text. */
    public static String text(String name) {
        Template template = ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ParcoursException.notFound("no template named '" + name + "'"
                        + Suggestions.hint(name, ALL.stream().map(Template::name).toList())));
        return Resources.text("templates/" + template.name() + ".yaml");
    }

    public static MapDocument load(String name) {
        return MapFiles.read("template " + name, text(name));
    }
}
