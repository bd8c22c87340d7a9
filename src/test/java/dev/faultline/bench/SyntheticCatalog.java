package dev.faultline.bench;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a catalog directory that, passed with {@code --catalog}, grows the loaded catalog to
 * {@code times} its size with synthetic signatures, for the benchmark's large-catalog run.
 * <p>
 * Each synthetic signature is a valid one (its own examples, a literal the loader accepts) built
 * from phrases of ordinary log words, so its literals rarely occur in the export. One in
 * {@link #NOISY_EVERY} starts with a phrase the generator's benign lines do contain (a
 * "retrying request" warning, gunicorn's worker boot line), so the prefilter lets those lines
 * through and RE2J has to reject them: a real catalog has such near misses too.
 * <pre>
 * java -cp ... dev.faultline.bench.SyntheticCatalog OUT_DIR TIMES [--catalog DIR]...
 * </pre>
 */
public final class SyntheticCatalog {

    static final int NOISY_EVERY = 10;

    private static final String[] WORDS = {
            "ledger", "replica", "shard", "quorum", "snapshot", "tenant", "bucket", "gateway", "cursor", "segment",
            "manifest", "webhook", "scheduler", "mailbox", "tokenizer", "vault", "keyring", "partition", "compactor",
            "watermark", "checkpoint", "backlog", "lease", "mutex", "resolver", "invoice", "renderer", "thumbnail",
            "exporter", "collector", "sidecar", "listener", "handshake", "cipher", "journal", "archive", "indexer",
            "crawler", "notifier", "balancer", "registry", "pipeline", "spooler", "dispatcher", "allocator"};
    private static final String[] VERBS = {
            "rejected", "stalled", "diverged", "overflowed", "expired", "corrupted", "detached", "throttled",
            "deadlocked", "evicted", "quarantined", "orphaned", "rewound", "saturated", "fenced"};
    /** Phrases the generator's benign lines contain: candidates for the prefilter, never matches. */
    private static final String[] NOISY = {"retrying request to upstream", "Booting worker with pid", "cache refreshed"};

    private SyntheticCatalog() {
    }

    public static void main(String[] args) throws IOException, CatalogException {
        if (args.length < 2) {
            System.err.println("usage: SyntheticCatalog OUT_DIR TIMES [--catalog DIR]...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int times = Integer.parseInt(args[1]);
        List<Path> dirs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (!args[i].equals("--catalog")) {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            dirs.add(Path.of(args[++i]));
        }
        Catalog base = CatalogLoader.loadBundledWith(dirs);
        int count = base.active().size() * (times - 1);
        write(dir, count, 7);
        System.out.printf("%s: %d synthetic signatures (catalog of %d -> %d)%n", dir, count, base.active().size(),
                base.active().size() + count);
    }

    /** Writes {@code catalog.yaml}, {@code synthetic.yaml} with {@code count} signatures and an empty issue registry. */
    static void write(Path dir, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("catalog.yaml"), """
                version: "synthetic"
                name: synthetic
                files: [synthetic.yaml]
                known_issues: synthetic-issues.yaml
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("synthetic-issues.yaml"), "issues: []\n", StandardCharsets.UTF_8);
        Random r = new Random(seed);
        try (Writer w = Files.newBufferedWriter(dir.resolve("synthetic.yaml"), StandardCharsets.UTF_8)) {
            w.write("family: synthetic\nsignatures:\n");
            for (int i = 0; i < count; i++) {
                String a = WORDS[r.nextInt(WORDS.length)];
                String b = WORDS[r.nextInt(WORDS.length)];
                String verb = VERBS[r.nextInt(VERBS.length)];
                String head = i % NOISY_EVERY == NOISY_EVERY - 1 ? NOISY[r.nextInt(NOISY.length)] : a + " " + b + " " + verb;
                // the head is the regex's only long literal, so it is what the prefilter looks for
                String regex = head + "[^#\\n]*#(?P<code>\\d+)\\s(?P<node>[a-z0-9-]+)\\s" + i + "\\b";
                String example = head + " #" + r.nextInt(1000) + " node-" + r.nextInt(50) + " " + i;
                w.write(String.format("""
                          - id: synthetic.sig-%05d
                            version: 1
                            status: test
                            title: Synthetic signature %d
                            layer: app
                            severity: error
                            role: cause
                            match:
                              any:
                                - regex: %s
                            extract: [code, node]
                            examples:
                              match: [%s]
                              no_match: [%s]
                            remediation: 'Synthetic: code ${code} on ${node}.'
                        """, i, i, yaml(regex), yaml(example), yaml(head + " resolved")));
            }
        }
    }

    private static String yaml(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
