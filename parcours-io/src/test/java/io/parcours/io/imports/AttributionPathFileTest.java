package io.parcours.io.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parcours.analytics.Attribution;
import io.parcours.analytics.AttributionPaths;
import io.parcours.model.ParcoursException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ChannelAttribution path files: the package's own example data, and bad files. */
class AttributionPathFileTest {
    private static final Path DATA = Path.of("..", "..", "shared", "datasets", "channelattribution-pathdata", "Data.csv");

    @Test
    void heuristicTotalsOnTheChannelAttributionDataMatchASumByHand() throws IOException {
        AttributionPaths paths = AttributionPathFile.read(DATA);
        assertThat(paths.channels()).hasSize(12);
        // By hand: each row's conversions and value to its first channel, its last, and each touch.
        Map<String, double[]> first = new HashMap<>();
        Map<String, double[]> last = new HashMap<>();
        Map<String, double[]> linear = new HashMap<>();
        double conversions = 0;
        double value = 0;
        List<String> lines = Files.readAllLines(DATA);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(";");
            String[] channels = fields[0].split(" > ");
            double c = Double.parseDouble(fields[1]);
            double v = Double.parseDouble(fields[2]);
            conversions += c;
            value += v;
            add(first, channels[0], c, v);
            add(last, channels[channels.length - 1], c, v);
            for (String channel : channels) {
                add(linear, channel, c / channels.length, v / channels.length);
            }
        }
        // 10,000 rows, but some paths appear on several rows: they are added up.
        assertThat(lines).hasSize(10_001);
        assertThat(paths.size()).isEqualTo(lines.stream().skip(1).map(line -> line.split(";")[0]).distinct().count());
        check(Attribution.attribute(paths, Attribution.Model.FIRST, null), first, conversions, value);
        check(Attribution.attribute(paths, Attribution.Model.LAST, null), last, conversions, value);
        check(Attribution.attribute(paths, Attribution.Model.LINEAR, null), linear, conversions, value);
    }

    @Test
    void markovAndShapleyShareEveryConversionOfTheData() {
        AttributionPaths paths = AttributionPathFile.read(DATA);
        for (Attribution.Model model : List.of(Attribution.Model.MARKOV, Attribution.Model.SHAPLEY,
                Attribution.Model.POSITION)) {
            Attribution.Result result = Attribution.attribute(paths, model, null);
            assertThat(result.channels().stream().mapToDouble(Attribution.Credit::conversions).sum())
                    .as(model.id()).isCloseTo(result.conversions(), within(1e-6));
            assertThat(result.channels().stream().mapToDouble(Attribution.Credit::value).sum())
                    .as(model.id()).isCloseTo(result.value(), within(1e-6));
        }
        Attribution.Result markov = Attribution.attribute(paths, Attribution.Model.MARKOV, null);
        assertThat(markov.channels()).allSatisfy(credit -> assertThat(credit.removalEffect()).isBetween(0.0, 1.0));
    }

    private static void add(Map<String, double[]> into, String channel, double conversions, double value) {
        double[] totals = into.computeIfAbsent(channel, k -> new double[2]);
        totals[0] += conversions;
        totals[1] += value;
    }

    private static void check(Attribution.Result result, Map<String, double[]> expected, double conversions, double value) {
        assertThat(result.conversions()).isCloseTo(conversions, within(1e-6));
        assertThat(result.value()).isCloseTo(value, within(1e-6));
        for (Attribution.Credit credit : result.channels()) {
            double[] totals = expected.getOrDefault(credit.channel(), new double[2]);
            assertThat(credit.conversions()).as(result.model() + " " + credit.channel()).isCloseTo(totals[0], within(1e-6));
            assertThat(credit.value()).as(result.model() + " " + credit.channel()).isCloseTo(totals[1], within(1e-6));
        }
    }

    private static AttributionPaths read(String text) throws IOException {
        return AttributionPathFile.read(new BufferedReader(new StringReader(text)), "paths.csv");
    }

    @Test
    void badRowsAreAllReportedWithTheirLine() {
        assertThatThrownBy(() -> read("path;total_conversions;total_conversion_value;total_null\n"
                + "a > b;1;2;3\n"
                + "a >  > b;1;2;3\n"
                + "a;x;2;3\n"
                + "b;1;2\n"))
                .isInstanceOf(ParcoursException.class)
                .satisfies(error -> assertThat(((ParcoursException) error).problems()).hasSize(3))
                .hasMessageContaining("paths.csv:3:1").hasMessageContaining("empty channel");
        assertThatThrownBy(() -> read("journey;conversions\nx;1\n")).hasMessageContaining("path and total_conversions");
        assertThatThrownBy(() -> read("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> AttributionPathFile.read(Path.of("no-such-file.csv"))).hasMessageContaining("no path file");
    }

    @Test
    void quotedFieldsAsRWritesThemAreRead() throws IOException {
        AttributionPaths paths = read("\"path\",\"total_conversions\",\"total_null\"\n\"search > email\",\"2\",\"1\"\n");
        assertThat(paths.channels()).containsExactly("search", "email");
        assertThat(paths.list().get(0).nulls()).isEqualTo(1);
    }

    @Test
    void valueAndNullColumnsAreOptional() throws IOException {
        AttributionPaths paths = read("path,total_conversions\nsearch > email,3\nemail,1\n");
        assertThat(paths.channels()).containsExactly("search", "email");
        assertThat(Attribution.attribute(paths, Attribution.Model.LAST, null).channels().get(0).conversions()).isEqualTo(4);
    }
}
