package dev.faultline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Google Cloud project a gcloud user expects when they name none: {@code GOOGLE_CLOUD_PROJECT} (what the
 * client libraries and Cloud Shell use), {@code CLOUDSDK_CORE_PROJECT} (gcloud's own override), then the
 * {@code project} of gcloud's active configuration ({@code gcloud config set project P}).
 *
 * @param project the project id
 * @param origin  where it came from, for the line that tells the user which project is read
 */
record DefaultProject(String project, String origin) {

    static Optional<DefaultProject> find() {
        return find(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Optional<DefaultProject> find(Map<String, String> env, Path home) {
        for (String variable : List.of("GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(new DefaultProject(value.strip(), "$" + variable));
            }
        }
        Path dir = gcloudDir(env, home);
        String active = env.get("CLOUDSDK_ACTIVE_CONFIG_NAME");
        if (active == null || active.isBlank()) {
            active = read(dir.resolve("active_config")).map(String::strip).filter(s -> !s.isEmpty()).orElse("default");
        }
        String name = active.strip();
        return read(dir.resolve("configurations").resolve("config_" + name))
                .flatMap(DefaultProject::coreProject)
                .map(p -> new DefaultProject(p, "gcloud configuration " + name));
    }

    /** gcloud's configuration directory: $CLOUDSDK_CONFIG, %APPDATA%\gcloud on Windows, else ~/.config/gcloud. */
    private static Path gcloudDir(Map<String, String> env, Path home) {
        String configured = env.get("CLOUDSDK_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String appData = env.get("APPDATA");
        if (appData != null && System.getProperty("os.name", "").startsWith("Windows")) {
            return Path.of(appData, "gcloud");
        }
        return home.resolve(".config").resolve("gcloud");
    }

    /** {@code project} in the {@code [core]} section of gcloud's INI-style configuration file. */
    static Optional<String> coreProject(String ini) {
        String section = "";
        for (String raw : ini.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (section.equals("core") && !line.startsWith("#") && !line.startsWith(";")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().equals("project")) {
                    String value = line.substring(eq + 1).strip();
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
