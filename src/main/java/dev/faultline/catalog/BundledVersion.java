package dev.faultline.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled catalog's version, from the top-level {@code version:} line of its {@code catalog.yaml}, for
 * {@code --version}. No YAML parser on purpose: loading Jackson's YAML and databind classes (what
 * {@link CatalogLoader} does on first use) doubled the CPU time of {@code --version}. A test holds it equal
 * to {@link CatalogLoader#loadBundled()}'s version; it looks where {@code loadBundled} looks.
 */
public final class BundledVersion {

    private static final Pattern TOP_LEVEL_VERSION = Pattern.compile("(?m)^version:\\s*[\"']?([^\"'\\s#]+)");

    private BundledVersion() {
    }

    public static Optional<String> get() {
        String home = System.getProperty(CatalogLoader.HOME_PROPERTY);
        Path dir = home == null || home.isBlank() ? null : Path.of(home, CatalogLoader.BUNDLED_ROOT, "catalog.yaml");
        try (InputStream in = dir != null && Files.isRegularFile(dir) ? Files.newInputStream(dir)
                : BundledVersion.class.getClassLoader().getResourceAsStream(CatalogLoader.BUNDLED_ROOT + "/catalog.yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            Matcher m = TOP_LEVEL_VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
