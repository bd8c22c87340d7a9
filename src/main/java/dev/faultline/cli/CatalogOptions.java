package dev.faultline.cli;

import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.TeamCatalogs;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which catalog a command uses: the bundled signatures, then the team's catalog found from the
 * working directory ({@code .faultline/}), then {@code FAULTLINE_CATALOG}, then each --catalog
 * (see {@link TeamCatalogs}).
 */
final class CatalogOptions {

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "A team catalog (a directory of signature files and/or known-issues.yaml, or one such file) on top "
                    + "of the bundled signatures, after a .faultline/ directory found from the working directory and "
                    + "FAULTLINE_CATALOG. Repeatable; later ones override earlier ones by id.")
    List<Path> dirs = new ArrayList<>();

    Catalog load() throws CatalogException {
        return CatalogLoader.loadWithOverlays(overlays());
    }

    List<CatalogLoader.Overlay> overlays() {
        return TeamCatalogs.find(Path.of("").toAbsolutePath(), System.getenv(TeamCatalogs.ENVIRONMENT), dirs);
    }

    /** The benign lines of the same catalogs: what catalog test requires no signature to match. */
    List<BenignLine> loadBenign() throws CatalogException {
        return CatalogLoader.loadBenign(overlays());
    }
}
