package io.sluice.mq.launcher.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows under mqadmin's column headers ({@code #Topic}, {@code #Broker Name}, ...), rendered as
 * aligned text or as a JSON array of objects keyed by each column's JSON name. Not thread-safe.
 */
final class Table {

    /** A column: its text header and its JSON key. */
    record Column(String header, String key) {}

    private final List<Column> columns;
    private final List<Object[]> rows = new ArrayList<>();

    Table(Column... columns) {
        this.columns = List.of(columns);
    }

    /** A column whose header is {@code header} and whose JSON key is {@code key}. */
    static Column col(String header, String key) {
        return new Column(header, key);
    }

    /** Adds a row; one value per column. */
    Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalStateException(values.length + " values for " + columns.size() + " columns");
        }
        rows.add(values.clone());
        return this;
    }

    int size() {
        return rows.size();
    }

    /** Headers and rows, each column as wide as its widest cell, two spaces apart. */
    String text() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).header().length();
        }
        for (Object[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
            }
        }
        StringBuilder text = new StringBuilder();
        List<Object> headers = new ArrayList<>();
        columns.forEach(column -> headers.add(column.header()));
        line(text, headers.toArray(), widths);
        for (Object[] row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, Object[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = String.valueOf(cells[i]);
            line.append(cell);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** One JSON object per row. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Object[] row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i).key(), row[i]);
            }
            json.add(object);
        }
        return json;
    }
}
