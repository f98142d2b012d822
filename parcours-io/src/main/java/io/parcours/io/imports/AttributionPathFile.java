package io.parcours.io.imports;

import io.parcours.analytics.AttributionPaths;
import io.parcours.model.ParcoursException;
import io.parcours.model.Problem;
import io.parcours.model.SourceLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the aggregated path files of the ChannelAttribution package: a header naming the columns
 * {@code path} and {@code total_conversions}, optionally {@code total_conversion_value} and
 * {@code total_null}, separated by {@code ;} (or {@code ,}), then one row per path, its channels
 * joined by {@code >} as in the package (spaces around the channels are trimmed); fields may be in
 * double quotes, as R's {@code write.csv} writes them. Channels are numbered in
 * the order they first appear. Every bad row is reported, with its line, before anything is used.
 */
public final class AttributionPathFile {
    private static final int MAX_PROBLEMS = 20;

    private AttributionPathFile() {}

    /** The paths of a file. */
    public static AttributionPaths read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw ParcoursException.notFound("there is no path file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The paths of a text, named {@code source} in error messages. */
    public static AttributionPaths read(BufferedReader reader, String source) throws IOException {
        String header = reader.readLine();
        if (header == null || header.isBlank()) {
            throw ParcoursException.invalid("", source + " is empty: a path file starts with the header "
                    + "path;total_conversions;total_conversion_value;total_null");
        }
        header = header.startsWith("\uFEFF") ? header.substring(1) : header;
        char delimiter = header.indexOf(';') >= 0 ? ';' : ',';
        List<String> columns = new ArrayList<>();
        for (String column : header.split(String.valueOf(delimiter), -1)) {
            columns.add(unquote(column.trim()).toLowerCase(java.util.Locale.ROOT));
        }
        int pathColumn = columns.indexOf("path");
        int conversionColumn = columns.indexOf("total_conversions");
        int valueColumn = columns.indexOf("total_conversion_value");
        int nullColumn = columns.indexOf("total_null");
        if (pathColumn < 0 || conversionColumn < 0) {
            throw ParcoursException.invalid("", new SourceLocation(source, 1, 1) + ": the header needs the columns path "
                    + "and total_conversions (and optionally total_conversion_value and total_null), not '" + header + "'");
        }
        Map<String, Integer> channelNumbers = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String line;
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(String.valueOf(delimiter), -1);
            for (int f = 0; f < fields.length; f++) {
                fields[f] = unquote(fields[f].trim());
            }
            SourceLocation where = new SourceLocation(source, number, 1);
            if (fields.length != columns.size()) {
                problem(problems, where, "expected " + columns.size() + " fields separated by '" + delimiter + "', found "
                        + fields.length);
                continue;
            }
            String[] names = fields[pathColumn].split(">", -1);
            int[] path = new int[names.length];
            boolean bad = false;
            for (int i = 0; i < names.length; i++) {
                String name = names[i].trim();
                if (name.isEmpty()) {
                    problem(problems, where, "the path '" + fields[pathColumn] + "' has an empty channel");
                    bad = true;
                    break;
                }
                path[i] = channelNumbers.computeIfAbsent(name, k -> channelNumbers.size());
            }
            Double conversions = number(fields[conversionColumn], "total_conversions", where, problems);
            Double value = valueColumn < 0 ? Double.valueOf(0) : number(fields[valueColumn], "total_conversion_value",
                    where, problems);
            Double nulls = nullColumn < 0 ? Double.valueOf(0) : number(fields[nullColumn], "total_null", where, problems);
            if (!bad && conversions != null && value != null && nulls != null) {
                rows.add(new Row(path, conversions, value, nulls));
            }
        }
        if (!problems.isEmpty()) {
            throw ParcoursException.invalid(problems);
        }
        if (rows.isEmpty()) {
            throw ParcoursException.invalid("", source + " has a header but no path");
        }
        AttributionPaths paths = new AttributionPaths(List.copyOf(channelNumbers.keySet()));
        rows.forEach(row -> paths.add(row.path, row.conversions, row.value, row.nulls));
        return paths;
    }

    /** A field without the double quotes R's write.csv puts around it ("" inside stands for one quote). */
    private static String unquote(String field) {
        if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
            return field.substring(1, field.length() - 1).replace("\"\"", "\"");
        }
        return field;
    }

    private record Row(int[] path, double conversions, double value, double nulls) {}

    private static Double number(String text, String column, SourceLocation where, List<Problem> problems) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value) && value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(problems, where, column + " must be a number, 0 or more, not '" + text + "'");
        return null;
    }

    private static void problem(List<Problem> problems, SourceLocation where, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(Problem.of("", message).at(where));
        }
    }
}
