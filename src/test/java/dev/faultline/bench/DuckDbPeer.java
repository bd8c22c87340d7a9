package dev.faultline.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The benchmark's DuckDB peer: what a user might run instead of faultline with DuckDB at hand.
 * {@code read_json} over the export, {@code regexp_matches} (RE2, like faultline's RE2J) of the
 * message text against the catalog's prefilter literals, counted per revision. Like the jq peer it
 * only counts lines containing a literal: no regex confirmation, stitching or verdicts.
 * <p>
 * Needs the DuckDB JDBC driver on the class path ({@code mvn -Pduckdb dependency:build-classpath},
 * which bench/run does); it is only looked up by its JDBC URL, so this compiles without it.
 * <pre>
 * java -cp ... dev.faultline.bench.DuckDbPeer EXPORT.json LITERALS.txt [THREADS]
 * </pre>
 * LITERALS.txt holds one regex per line (ExportGenerator's {@code --grep-patterns}); they are joined
 * into one alternation. Prints one line per revision (name, matching entries) and a total.
 */
public final class DuckDbPeer {

    private DuckDbPeer() {
    }

    public static void main(String[] args) throws Exception {
        Path export = Path.of(args[0]);
        List<String> literals = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        String threads = args.length > 2 ? args[2] : String.valueOf(Runtime.getRuntime().availableProcessors());
        String alternation = String.join("|", literals.stream().filter(l -> !l.isEmpty()).toList());
        // the text faultline reads first: textPayload, else jsonPayload.message, else the audit status message
        String sql = """
                SELECT coalesce(resource.labels.revision_name, '') AS revision, count(*) AS entries
                FROM read_json(?, format = 'array', columns = {
                    resource: 'STRUCT(labels STRUCT(revision_name VARCHAR))',
                    textPayload: 'VARCHAR', jsonPayload: 'JSON', protoPayload: 'JSON'})
                WHERE regexp_matches(coalesce(textPayload, jsonPayload->>'message', protoPayload->'status'->>'message', ''), ?)
                GROUP BY ALL ORDER BY revision
                """;
        long total = 0;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            db.createStatement().execute("SET threads = " + Integer.parseInt(threads));
            try (PreparedStatement q = db.prepareStatement(sql)) {
                q.setString(1, export.toString());
                q.setString(2, alternation);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        System.out.println(rows.getString(1) + "\t" + rows.getLong(2));
                        total += rows.getLong(2);
                    }
                }
            }
        } catch (SQLException e) {
            System.err.println("DuckDbPeer: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("total\t" + total);
    }
}
