package dev.faultline.history;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Run in a separate JVM by {@link StateSafetyTest}: a report run that halts the process (no
 * shutdown hooks, no rollback, like a kill -9) after writing its run and before committing.
 */
final class CrashingRun {

    static final int HALT_CODE = 137;

    public static void main(String[] args) throws Exception {
        StateStore store = StateStore.open(Path.of(args[0]), false, java.time.Duration.ofSeconds(5));
        StateSafetyTest.catalog = dev.faultline.catalog.CatalogLoader.loadBundled();
        StateSafetyTest.runReport(store, null, Instant.parse(args[1]), () -> {
            System.out.println("wrote run #" + store.runs().size() + ", halting before commit");
            System.out.flush();
            Runtime.getRuntime().halt(HALT_CODE);
        });
    }

    private CrashingRun() {
    }
}
