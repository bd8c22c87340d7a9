package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.match.Matcher;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's benign corpus ({@code signatures/benign.yaml}) stays what {@code catalog test} relies on:
 * every line of the healthy samples and every benign line the benchmark generator writes has its shape
 * there (digits, hex ids and the generator's module, path and service names aside), so a signature that
 * would fire on them fails {@code catalog test}. The generator's own lines are also matched directly.
 */
class BenignCorpusTest {

    private static final Path HOME = Path.of(System.getProperty(CatalogLoader.HOME_PROPERTY, "."));
    private static final Pattern REVISION_SUFFIX = Pattern.compile("\\d{5}-[a-z0-9]{3}");
    private static final Pattern HEX = Pattern.compile("\\b[0-9a-f]{8,}\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    @Test
    void everyLineOfTheHealthySamplesIsInTheCorpus() throws Exception {
        Set<String> corpus = shapes(CatalogLoader.loadBundledBenign(List.of()));
        for (String sample : List.of("samples/healthy-rollout.json", "samples/noisy-but-healthy.json")) {
            JsonNode entries = new ObjectMapper().readTree(HOME.resolve(sample).toFile());
            for (JsonNode e : entries) {
                String text = firstText(e);
                if (text != null) {
                    assertThat(corpus).as("%s: %s", sample, text).contains(shape(logName(e), text));
                }
            }
        }
    }

    @Test
    void everyBenignLineOfTheGeneratorIsInTheCorpusAndFiresNothing() throws Exception {
        List<BenignLine> corpusLines = CatalogLoader.loadBundledBenign(List.of());
        Set<String> corpus = shapes(corpusLines);
        ExportGenerator mixed = new ExportGenerator(CatalogLoader.loadBundled(), 7, ExportGenerator.Shape.MIXED);
        ExportGenerator tracebacks = new ExportGenerator(CatalogLoader.loadBundled(), 7, ExportGenerator.Shape.TRACEBACKS);
        Matcher matcher = new Matcher(CatalogLoader.loadBundled().diagnostic());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            // both generator shapes: their benign lines differ only in the tracebacks
            ExportGenerator generator = i % 2 == 0 ? mixed : tracebacks;
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"run.googleapis.com/stderr", generator.benignLine()});
            lines.add(new String[] {"run.googleapis.com/varlog/system", generator.systemLine()});
            lines.add(new String[] {"run.googleapis.com/stdout", generator.structuredMessage(i % 5 == 0)});
            List<String> traceback = generator.tracebackFrames();
            traceback.add(generator.benignTracebackEnd());
            traceback.forEach(line -> lines.add(new String[] {"run.googleapis.com/stderr", line}));
            // stitched, as the triage path sees it (its frame count varies, so only the matcher checks it)
            lines.add(new String[] {"run.googleapis.com/stderr", String.join("\n", traceback)});
            for (String[] line : lines) {
                if (line[1].indexOf('\n') < 0 && !corpus.contains(shape(line[0], line[1]))) {
                    problems.add("not in benign.yaml: " + line[1]);
                }
                List<String> fired = matcher.match(dev.faultline.match.ExampleRunner.event(line[1], line[0])).stream()
                        .map(h -> h.signature().id()).toList();
                if (!fired.isEmpty()) {
                    problems.add(fired + " fired on: " + line[1]);
                }
            }
        }
        assertThat(problems.stream().distinct().limit(10).toList()).isEmpty();
        // and the corpus itself is what catalog test checks: it holds the generator's lines
        assertThat(corpusLines).extracting(BenignLine::source).anyMatch(s -> s.contains("ExportGenerator.java"));
    }

    /** Shape of a line: the log it is on, its text with the generator's names, hex ids and numbers masked. */
    private static String shape(String log, String text) {
        String s = text;
        for (String name : names()) {
            s = s.replace(name, "<name>");
        }
        s = REVISION_SUFFIX.matcher(s).replaceAll("<rev>");
        s = HEX.matcher(s).replaceAll("<hex>");
        return log + " " + DIGITS.matcher(s).replaceAll("0");
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String m : ExportGenerator.MODULES) {
            names.add(m);
            names.add(m.replace('.', '/'));
        }
        names.addAll(List.of(ExportGenerator.SERVICES));
        // the paths last: "/api/v1/items/{id}" before its prefix would leave a tail
        List<String> paths = new ArrayList<>(List.of(ExportGenerator.PATHS));
        paths.sort((a, b) -> b.length() - a.length());
        names.addAll(paths);
        return names;
    }

    private static Set<String> shapes(List<BenignLine> lines) {
        return lines.stream().map(l -> shape(l.logName(), l.text())).collect(Collectors.toSet());
    }

    private static String firstText(JsonNode e) {
        for (String path : List.of("/textPayload", "/jsonPayload/message", "/protoPayload/status/message")) {
            JsonNode n = e.at(path);
            if (n.isTextual()) {
                return n.asText();
            }
        }
        return null;
    }

    private static String logName(JsonNode e) {
        String name = e.get("logName").asText();
        return URLDecoder.decode(name.substring(name.indexOf("/logs/") + "/logs/".length()), StandardCharsets.UTF_8);
    }
}
