package io.parcours.io.builtin;

/**
 * The JSON Schema of the map file format (draft 2020-12), for editors' completion and checking. A
 * test keeps it in step with the reader: same fields, and every valid file passes it.
 */
public final class MapSchema {
    /** The file name under which the schema is published (by the server and the CLI). */
    public static final String FILE_NAME = "parcours-map.schema.json";

    private MapSchema() {}

    public static String text() {
        return Resources.text(FILE_NAME);
    }
}
