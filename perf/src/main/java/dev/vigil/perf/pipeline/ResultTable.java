package dev.vigil.perf.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table of figures, printed aligned for the terminal and as Markdown for the results file. */
final class ResultTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    ResultTable(String... header) {
        this.header = List.of(header);
    }

    ResultTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "A row of "
                            + cells.length
                            + " cells in a table of "
                            + header.size()
                            + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell instanceof Double d ? number(d) : String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** A figure with as many decimals as it deserves: 1234, 123.4, 12.34, 1.234; "-" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double magnitude = Math.abs(value);
        String format =
                magnitude >= 1000
                        ? "%.0f"
                        : magnitude >= 100 ? "%.1f" : magnitude >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    String text() {
        int[] widths = new int[header.size()];
        for (List<String> row : all()) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all()) {
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                out.append(c == 0 ? pad(cell, widths[c]) : padLeft(cell, widths[c]));
                out.append(c + 1 < row.size() ? "  " : "\n");
            }
            if (row == header) {
                for (int c = 0; c < widths.length; c++) {
                    out.append("-".repeat(widths[c])).append(c + 1 < widths.length ? "  " : "\n");
                }
            }
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
