package dev.faultline.source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two SQL engines the catalog query is written for. Both match regexes with RE2, the dialect
 * of every catalog regex (RE2J is its Java port), so a regex means the same in each:
 * BigQuery's REGEXP_CONTAINS / REGEXP_EXTRACT (GoogleSQL string functions,
 * cloud.google.com/bigquery/docs/reference/standard-sql/string_functions) and DuckDB's
 * regexp_matches / regexp_extract (duckdb.org/docs/sql/functions/regular_expressions). What
 * differs is spelling: quoting, JSON access, structs, lists, timestamps.
 */
public enum SqlDialect {

    /** GoogleSQL, as BigQuery and Log Analytics run it. */
    BIGQUERY {
        @Override
        public String string(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\'' -> sb.append("\\'");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            sb.append(String.format("\\x%02x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('\'').toString();
        }

        @Override
        public String regex(SqlRegex re) {
            return "r'" + re.text() + "'"; // SqlRegex holds no quote, no control char and no trailing lone backslash
        }

        @Override
        public String regexContains(String text, SqlRegex re) {
            return "REGEXP_CONTAINS(" + text + ", " + regex(re) + ")";
        }

        @Override
        public String regexExtract(String text, SqlRegex re) {
            return "REGEXP_EXTRACT(" + text + ", " + regex(re) + ")";
        }

        @Override
        public String regexReplace(String text, SqlRegex re, String with) {
            return "REGEXP_REPLACE(" + text + ", " + regex(re) + ", " + string(with) + ")";
        }

        @Override
        public String table(String name) {
            return "`" + name + "`";
        }

        @Override
        public String timestamp(Instant t) {
            return "TIMESTAMP '" + MICROS.format(t) + "+00'";
        }

        @Override
        public String micros(String ts) {
            return "UNIX_MICROS(" + ts + ")";
        }

        @Override
        public String minus(String ts, Duration d) {
            return "TIMESTAMP_SUB(" + ts + ", INTERVAL " + d.toMillis() + " MILLISECOND)";
        }

        @Override
        public String plus(String ts, Duration d) {
            return "TIMESTAMP_ADD(" + ts + ", INTERVAL " + d.toMillis() + " MILLISECOND)";
        }

        @Override
        public String jsonString(String json, String key) {
            return "JSON_VALUE(" + json + ", " + string("$." + key) + ")";
        }

        @Override
        public String jsonStringOnly(String json, String key) {
            String path = string("$." + key);
            return "IF(JSON_TYPE(JSON_QUERY(" + json + ", " + path + ")) = 'string', JSON_VALUE(" + json + ", " + path + "), NULL)";
        }

        @Override
        public String jsonText(String json) {
            return "IF(" + json + " IS NULL, NULL, TO_JSON_STRING(" + json + "))"; // TO_JSON_STRING(NULL) is 'null'
        }

        @Override
        public String firstLine(String text) {
            return "REGEXP_EXTRACT(" + text + ", r'^[^\\n]*')";
        }

        @Override
        public String struct(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> e.getValue() + " AS " + e.getKey())
                    .collect(Collectors.joining(", ", "STRUCT(", ")"));
        }

        @Override
        public String array(List<String> items, String emptyType) {
            return items.isEmpty() ? "ARRAY<" + emptyType + ">[]" : "[" + String.join(", ", items) + "]";
        }

        @Override
        public String nameValueType() {
            return "STRUCT<name STRING, value STRING>";
        }

        @Override
        public String distinctList(String expr) {
            return "ARRAY_AGG(DISTINCT " + expr + " IGNORE NULLS)";
        }

        @Override
        public String firstN(String expr, String orderBy, int n) {
            return "ARRAY_AGG(" + expr + " ORDER BY " + orderBy + " LIMIT " + n + ")";
        }

        @Override
        public String list(String expr) {
            return "ARRAY_AGG(" + expr + ")";
        }

        @Override
        public String unnest(String array, String alias) {
            return "UNNEST(" + array + ") AS " + alias;
        }

        @Override
        public String json(String... keyValues) {
            return "TO_JSON_STRING(JSON_OBJECT(" + String.join(", ", keyValues) + "))";
        }

        @Override
        public String stringType() {
            return "STRING";
        }

        @Override
        public String intType() {
            return "INT64";
        }

        @Override
        public String cte(String name) {
            return name + " AS";
        }

        @Override
        public String newline() {
            return "'\\n'";
        }
    },

    /** DuckDB: the same query checked locally, and a peer for exports on one machine. */
    DUCKDB {
        @Override
        public String string(String s) {
            return "'" + s.replace("'", "''") + "'";
        }

        @Override
        public String regex(SqlRegex re) {
            return "'" + re.text() + "'";
        }

        @Override
        public String regexContains(String text, SqlRegex re) {
            return "regexp_matches(" + text + ", " + regex(re) + ")";
        }

        @Override
        public String regexExtract(String text, SqlRegex re) {
            // regexp_extract gives '' for no match and for a group that took no part; '' counts as absent
            return "NULLIF(regexp_extract(" + text + ", " + regex(re) + ", 1), '')";
        }

        @Override
        public String regexReplace(String text, SqlRegex re, String with) {
            return "regexp_replace(" + text + ", " + regex(re) + ", " + string(with) + ", 'g')";
        }

        @Override
        public String table(String name) {
            if (name.startsWith("read_json(")) {
                return name;
            }
            return java.util.Arrays.stream(name.split("\\.")).map(p -> "\"" + p.replace("\"", "\"\"") + "\"")
                    .collect(Collectors.joining("."));
        }

        @Override
        public String timestamp(Instant t) {
            return "TIMESTAMP '" + MICROS.format(t) + "'";
        }

        @Override
        public String micros(String ts) {
            return "epoch_us(" + ts + ")";
        }

        @Override
        public String minus(String ts, Duration d) {
            return "(" + ts + " - INTERVAL " + d.toMillis() + " MILLISECOND)";
        }

        @Override
        public String plus(String ts, Duration d) {
            return "(" + ts + " + INTERVAL " + d.toMillis() + " MILLISECOND)";
        }

        @Override
        public String jsonString(String json, String key) {
            return "json_extract_string(" + json + ", " + string("$." + key) + ")";
        }

        @Override
        public String jsonStringOnly(String json, String key) {
            String path = string("$." + key);
            return "CASE WHEN json_type(" + json + ", " + path + ") = 'VARCHAR' THEN json_extract_string(" + json + ", " + path + ") END";
        }

        @Override
        public String jsonText(String json) {
            return "CAST(" + json + " AS VARCHAR)";
        }

        @Override
        public String firstLine(String text) {
            return "regexp_extract(" + text + ", '^[^\\n]*')";
        }

        @Override
        public String struct(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> "'" + e.getKey() + "': " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }

        @Override
        public String array(List<String> items, String emptyType) {
            return items.isEmpty() ? "CAST([] AS " + emptyType + "[])" : "[" + String.join(", ", items) + "]";
        }

        @Override
        public String nameValueType() {
            return "STRUCT(name VARCHAR, value VARCHAR)";
        }

        @Override
        public String distinctList(String expr) {
            return "list(DISTINCT " + expr + ") FILTER (WHERE " + expr + " IS NOT NULL)";
        }

        @Override
        public String firstN(String expr, String orderBy, int n) {
            return "list(" + expr + " ORDER BY " + orderBy + ")[1:" + n + "]";
        }

        @Override
        public String list(String expr) {
            return "list(" + expr + ")";
        }

        @Override
        public String unnest(String array, String alias) {
            return "UNNEST(" + array + ") AS _" + alias + "(" + alias + ")";
        }

        @Override
        public String json(String... keyValues) {
            return "CAST(json_object(" + String.join(", ", keyValues) + ") AS VARCHAR)";
        }

        @Override
        public String stringType() {
            return "VARCHAR";
        }

        @Override
        public String intType() {
            return "BIGINT";
        }

        @Override
        public String cte(String name) {
            return name + " AS MATERIALIZED"; // computed once, not once per reference
        }

        @Override
        public String newline() {
            return "chr(10)";
        }
    };

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** A string literal holding {@code s} exactly. */
    public abstract String string(String s);

    /** A regex literal. */
    public abstract String regex(SqlRegex re);

    /** Whether the regex finds a match anywhere in {@code text} (RE2, unanchored). */
    public abstract String regexContains(String text, SqlRegex re);

    /** The text of the regex's one capturing group in its first match, or NULL. */
    public abstract String regexExtract(String text, SqlRegex re);

    /** {@code text} with every match of the regex replaced. */
    public abstract String regexReplace(String text, SqlRegex re, String with);

    /** A table reference, quoted for the engine. */
    public abstract String table(String name);

    /** A TIMESTAMP literal (UTC, microseconds: both engines keep no finer time). */
    public abstract String timestamp(Instant t);

    /** Microseconds since the epoch of a TIMESTAMP. */
    public abstract String micros(String ts);

    public abstract String minus(String ts, Duration d);

    public abstract String plus(String ts, Duration d);

    /** A JSON value's scalar at {@code key} as a string (numbers and booleans in their JSON spelling), or NULL. */
    public abstract String jsonString(String json, String key);

    /** A JSON value's string at {@code key}, or NULL when it is missing or not a string. */
    public abstract String jsonStringOnly(String json, String key);

    /** A JSON value as compact JSON text; NULL stays NULL. */
    public abstract String jsonText(String json);

    /** The text up to its first '\n' (all of it when it has none; '' when it starts with one). */
    public abstract String firstLine(String text);

    /** A struct of named fields, in order. */
    public abstract String struct(Map<String, String> fields);

    /** An array literal; {@code emptyType} types it when there are no items. */
    public abstract String array(List<String> items, String emptyType);

    /** The type of a (name, value) struct of strings. */
    public abstract String nameValueType();

    /** Aggregate: the distinct non-null values. */
    public abstract String distinctList(String expr);

    /** Aggregate: the first {@code n} values by {@code orderBy}. */
    public abstract String firstN(String expr, String orderBy, int n);

    /** Aggregate: every value. */
    public abstract String list(String expr);

    /** A FROM item that unnests {@code array} into rows named {@code alias}. */
    public abstract String unnest(String array, String alias);

    /** A JSON object as text, from alternating key literals and values. */
    public abstract String json(String... keyValues);

    public abstract String stringType();

    public abstract String intType();

    /** The head of a WITH item named {@code name}, up to its '('. */
    public abstract String cte(String name);

    /** A one-character string holding '\n'. */
    public abstract String newline();
}
