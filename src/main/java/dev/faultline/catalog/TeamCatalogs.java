package dev.faultline.catalog;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a team's own catalog comes from, on top of the bundled signatures, in the order the
 * layers apply (a later one overrides an earlier one by id):
 * <ol>
 *   <li>the nearest {@code .faultline/} directory in the working directory or one of its
 *       parents, the way {@code .editorconfig} or {@code .git} is found: the registry sits in the
 *       team's repository and applies wherever someone runs faultline inside it;</li>
 *   <li>{@code FAULTLINE_CATALOG}: directories separated like {@code PATH} (a scheduled job
 *       has no meaningful working directory, its environment says which registry it uses);</li>
 *   <li>each {@code --catalog} in the order given.</li>
 * </ol>
 * Command line beats environment beats files, as for most tools. A directory reached twice
 * loads once, at its later place.
 */
public final class TeamCatalogs {

    /** The directory searched for in the working directory and its parents. */
    public static final String DIRECTORY = ".faultline";
    /** The environment variable naming catalog directories. */
    public static final String ENVIRONMENT = "FAULTLINE_CATALOG";

    private TeamCatalogs() {
    }

    /**
     * The overlays to load, in order.
     *
     * @param workingDir where discovery starts (absolute)
     * @param environment the value of {@link #ENVIRONMENT}, or null
     * @param options the {@code --catalog} paths in the order given
     */
    public static List<CatalogLoader.Overlay> find(Path workingDir, String environment, List<Path> options) {
        List<CatalogLoader.Overlay> found = new ArrayList<>();
        discover(workingDir).ifPresent(dir -> found.add(new CatalogLoader.Overlay(dir, Catalog.Origin.DISCOVERED,
                workingDir.relativize(dir).toString())));
        if (environment != null) {
            for (String part : environment.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    found.add(new CatalogLoader.Overlay(Path.of(part.strip()), Catalog.Origin.ENVIRONMENT, part.strip()));
                }
            }
        }
        options.forEach(p -> found.add(new CatalogLoader.Overlay(p, Catalog.Origin.OPTION, p.toString())));
        List<CatalogLoader.Overlay> once = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Path here = identity(found.get(i).path());
            boolean later = found.subList(i + 1, found.size()).stream().anyMatch(o -> identity(o.path()).equals(here));
            if (!later) {
                once.add(found.get(i));
            }
        }
        return once;
    }

    /** The nearest {@code .faultline} directory at or above {@code workingDir}. */
    public static Optional<Path> discover(Path workingDir) {
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DIRECTORY);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path identity(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize(); // missing: the loader reports it
        }
    }
}
