package dev.faultline.cli;

import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import picocli.CommandLine.Option;

import dev.faultline.catalog.CatalogException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which catalog a command uses: the bundled one, extended or overridden by --catalog dirs. */
final class CatalogOptions {

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "A catalog directory (catalog.yaml, signature files, known-issues.yaml) that extends or "
                    + "overrides the bundled catalog by id. Repeatable; later ones win.")
    List<Path> dirs = new ArrayList<>();

    Catalog load() throws CatalogException {
        return CatalogLoader.loadBundledWith(dirs);
    }

    /** The benign lines of the same catalogs: what catalog test requires no signature to match. */
    List<BenignLine> loadBenign() throws CatalogException {
        return CatalogLoader.loadBundledBenign(dirs);
    }
}
