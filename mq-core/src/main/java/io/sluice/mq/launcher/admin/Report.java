package io.sluice.mq.launcher.admin;

import io.sluice.mq.protocol.json.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one admin command prints, built once and rendered as mqadmin-style text or as one JSON
 * object: text lines appear only in text, JSON values only in JSON, tables and fields in both.
 * Not thread-safe.
 */
final class Report {

    private final StringBuilder text = new StringBuilder();
    private final Map<String, Object> json = new LinkedHashMap<>();

    /** A line of text (text output only). */
    Report line(String line) {
        text.append(line).append('\n');
        return this;
    }

    /** A table: its text, and its rows under {@code key}. */
    Report table(String key, Table table) {
        text.append(table.text());
        json.put(key, table.json());
        return this;
    }

    /** {@code label: value} in text, {@code key: value} in JSON. */
    Report field(String label, String key, Object value) {
        text.append(label).append(": ").append(value).append('\n');
        json.put(key, value);
        return this;
    }

    /** A value in JSON only. */
    Report json(String key, Object value) {
        json.put(key, value);
        return this;
    }

    /** The output: JSON (one line) or the text. */
    String render(boolean asJson) {
        return asJson ? JsonWriter.write(json) + "\n" : text.toString();
    }
}
