package io.parcours.server;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV download of a chart's or table's data (RFC 4180, UTF-8 with a byte order mark so that
 * spreadsheet programs read accents right). A cell that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe, so
 * that text customers typed cannot run in the team's spreadsheet; numbers are left as they are.
 */
final class Csv {
    private final StringBuilder text = new StringBuilder("\uFEFF");

    Csv(List<String> header) {
        row(header.toArray(String[]::new));
    }

    Csv row(String... cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            quoted.add(quote(cell == null ? "" : cell));
        }
        text.append(String.join(",", quoted)).append("\r\n");
        return this;
    }

    static String quote(String cell) {
        String safe = cell;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0 && !isNumber(safe)) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static boolean isNumber(String cell) {
        return cell.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    String text() {
        return text.toString();
    }

    void send(Context ctx, String fileName) {
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .result(text());
    }
}
