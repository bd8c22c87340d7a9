package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented way to run faultline starts the JVM with the launcher's settings for short runs
 * (docs/performance.md): the launcher, the java command the docs give (and bench/startup measures),
 * and the Dockerfile's ENTRYPOINT, whose archive the image build makes.
 */
class StartupSettingsTest {

    private static final List<String> SHORT_RUN = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=");

    @Test
    void launcherDocsBenchAndDockerfileUseTheSameStartUpSettings() throws IOException {
        String launcher = Files.readString(Cli.HOME.resolve("faultline"));
        assertThat(launcher).contains("-XX:+UseSerialGC", "jit=(-XX:TieredStopAtLevel=1)", "-XX:SharedArchiveFile=\"$jsa\"");

        String docs = Files.readString(Cli.HOME.resolve("docs/performance.md"));
        String javaWay = docs.lines().filter(l -> l.strip().startsWith("java -XX")).findFirst().orElseThrow().strip();
        assertThat(javaWay).contains(SHORT_RUN).contains("-jar target/faultline.jar");

        String startup = Files.readString(Cli.HOME.resolve("bench/startup"));
        String benchWay = startup.lines().filter(l -> l.startsWith("java_way=(")).findFirst().orElseThrow()
                .replace("java_way=(", "").replace("\"$jsa\"", "target/faultline.jsa").replace("\"$jar\")", "target/faultline.jar");
        assertThat(javaWay).startsWith(benchWay);

        String dockerfile = Files.readString(Cli.HOME.resolve("Dockerfile"));
        String entrypoint = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entrypoint).contains(SHORT_RUN).contains("/opt/faultline/faultline.jsa");
        assertThat(dockerfile).contains("-XX:ArchiveClassesAtExit=/opt/faultline/faultline.jsa");
    }
}
