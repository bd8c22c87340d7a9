package dev.faultline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** faultline's own version, stamped into the jar by the build (reports cite it). */
public final class Version {

    private static final Properties BUILD = load();
    private static final String VERSION = BUILD.getProperty("version", "dev");

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    /**
     * The build this jar came from: the commit (marked "+changes" when built from a modified checkout) and its
     * date, or "unknown commit" when built outside git.
     */
    public static String build() {
        String commit = BUILD.getProperty("commit", "");
        if (commit.isEmpty() || commit.startsWith("${")) {
            return "unknown commit";
        }
        return "commit " + commit + ("true".equals(BUILD.getProperty("dirty")) ? "+changes" : "") + ", "
                + BUILD.getProperty("commitDate", "");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("faultline.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build information: "dev"
        }
        return p;
    }
}
