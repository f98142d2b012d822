package io.parcours.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** A data folder with workspace "akwaba", persona "amina" and a map "shop" of one stage "buy", imported by the CLI. */
final class ShopFolder {
    private ShopFolder() {}

    /** Imports the map with these touchpoints (YAML list items, indented for the stage) and returns the data folder. */
    static Path with(Path folder, String touchpoints) throws Exception {
        Path data = folder.resolve("data");
        Path file = folder.resolve("shop.yaml");
        Files.writeString(file, """
                parcours: 1
                workspace: {key: akwaba, name: Akwaba}
                personas: [{key: amina, name: Amina}]
                maps:
                  - key: shop
                    name: Shop
                    persona: amina
                    stages:
                      - key: buy
                        name: Buy
                        touchpoints:
                """ + touchpoints);
        CliRun imported = CliRun.of("map", "import", file.toString(), "--data", data.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        return data;
    }
}
