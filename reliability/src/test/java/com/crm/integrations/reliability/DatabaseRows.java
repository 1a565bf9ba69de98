package com.crm.integrations.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services' rows as PostgreSQL's text form of each row ({@code t::text}: bytea as {@code \x} hex, json as written):
 * one tenant's (every table with a {@code tenant_id} column, found from {@code information_schema}), or every row of
 * every table of every schema but PostgreSQL's own.
 */
final class DatabaseRows {

    private DatabaseRows() {
    }

    /** {@code tenant}'s rows as JSON objects ({@code to_jsonb}), by {@code schema.table}, each table's rows sorted. */
    static Map<String, List<String>> ofTenant(WholeSystem system, String tenant) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection db = system.database()) {
            for (String table : tables(db, "c.column_name = 'tenant_id'")) {
                try (PreparedStatement query = db.prepareStatement("SELECT to_jsonb(t)::text FROM " + table + " t WHERE t.tenant_id::text = ?")) {
                    query.setString(1, tenant);
                    rows.put(table, lines(query.executeQuery()));
                }
            }
        }
        return rows;
    }

    /**
     * Columns that scheduled work changes on its own timetable, whoever calls what: token-service's API-key checks
     * schedule a new key's first check ({@code next_check_at}) and record it ({@code last_checked_at}) within a minute or
     * so of its creation. Left out of {@link #differences}.
     */
    static final java.util.Set<String> SCHEDULED_COLUMNS = java.util.Set.of("next_check_at", "last_checked_at");

    /**
     * What differs between two reads of a table's rows (JSON objects, {@link #ofTenant}): each row that changed, by its
     * {@code id} (else its position), with the columns whose values differ, before → after ({@link #SCHEDULED_COLUMNS} apart).
     */
    static List<String> differences(List<String> before, List<String> after) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, com.fasterxml.jackson.databind.JsonNode> was = byId(json, before);
        Map<String, com.fasterxml.jackson.databind.JsonNode> is = byId(json, after);
        List<String> differences = new ArrayList<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(was.keySet());
        ids.addAll(is.keySet());
        for (String id : ids) {
            com.fasterxml.jackson.databind.JsonNode a = was.get(id);
            com.fasterxml.jackson.databind.JsonNode b = is.get(id);
            if (a == null || b == null) {
                differences.add(id + (a == null ? " appeared" : " disappeared"));
                continue;
            }
            List<String> columns = new ArrayList<>();
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!SCHEDULED_COLUMNS.contains(name) && !a.path(name).equals(b.path(name))) {
                    columns.add(name + ": " + Probe.cut(a.path(name).toString(), 40) + " -> " + Probe.cut(b.path(name).toString(), 40));
                }
            }
            if (!columns.isEmpty()) {
                differences.add(id + " " + columns);
            }
        }
        return differences;
    }

    private static Map<String, com.fasterxml.jackson.databind.JsonNode> byId(com.fasterxml.jackson.databind.ObjectMapper json,
            List<String> rows) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> byId = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            try {
                com.fasterxml.jackson.databind.JsonNode row = json.readTree(rows.get(i));
                byId.put(row.hasNonNull("id") ? row.get("id").asText() : "row " + i, row);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return byId;
    }

    /** Every row of every table of every schema, by {@code schema.table}. */
    static Map<String, List<String>> all(WholeSystem system) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection db = system.database(); Statement statement = db.createStatement()) {
            for (String table : tables(db, "true")) {
                rows.put(table, lines(statement.executeQuery("SELECT t::text FROM " + table + " t")));
            }
        }
        return rows;
    }

    /** The tables (quoted {@code schema.table}) of the services' schemas with a column that meets {@code columnCondition}. */
    private static List<String> tables(Connection db, String columnCondition) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT DISTINCT t.table_schema, t.table_name FROM information_schema.tables t "
                        + "JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name "
                        + "WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema') "
                        + "AND t.table_schema NOT LIKE 'pg_toast%' AND " + columnCondition + " ORDER BY 1, 2")) {
            while (result.next()) {
                tables.add("\"" + result.getString(1) + "\".\"" + result.getString(2) + "\"");
            }
        }
        return tables;
    }

    private static List<String> lines(ResultSet result) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (result) {
            while (result.next()) {
                lines.add(result.getString(1));
            }
        }
        lines.sort(null);
        return lines;
    }
}
