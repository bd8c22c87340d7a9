package dev.faultline.mine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scores the template mining on Loghub-2k (third-party data, read from {@code ../shared/loghub-2k}
 * next to the checkout and never copied): per system, the grouping accuracy of
 * {@link Templates} with its one default configuration over the {@code Content} column, and the
 * mining speed against a plain whitespace split of the same lines in the same run.
 *
 * <p>Grouping accuracy (Zhu et al., ICSE-SEIP 2019): a line is right when the lines grouped with it
 * are exactly the lines that share its ground-truth {@code EventId}; GA is the share of right lines.
 *
 * <pre>java -cp target/test-classes:target/classes:... dev.faultline.mine.LoghubBench [DIR] [--rounds N]</pre>
 * ({@code bench/loghub} runs it.)
 */
public final class LoghubBench {

    /** The eleven systems of the data set, in its README's order. */
    public static final List<String> SYSTEMS = List.of("Android", "Apache", "BGL", "HDFS", "HPC", "Hadoop", "Linux",
            "OpenStack", "Spark", "Windows", "Zookeeper");

    /** One system's lines and their ground-truth event ids. */
    public record Dataset(String system, List<String> contents, List<String> eventIds) {
    }

    /** How one system scored. */
    public record Score(String system, int lines, double groupingAccuracy, int templates, int truth) {
    }

    private LoghubBench() {
    }

    /** {@code ../shared/loghub-2k} relative to the checkout (the {@code faultline.home} property, else the working directory). */
    public static Optional<Path> dataDir() {
        Path home = Path.of(System.getProperty("faultline.home", "."));
        Path dir = home.toAbsolutePath().normalize().resolveSibling("shared").resolve("loghub-2k");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    public static Dataset load(Path dir, String system) throws IOException {
        Path csv = dir.resolve(system).resolve(system + "_2k.log_structured.csv");
        List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int content = header.indexOf("Content");
        int event = header.indexOf("EventId");
        if (content < 0 || event < 0) {
            throw new IOException(csv + ": no Content or EventId column");
        }
        List<String> contents = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() > Math.max(content, event)) {
                contents.add(row.get(content));
                events.add(row.get(event));
            }
        }
        return new Dataset(system, contents, events);
    }

    /** The final group of every line, as an index into {@link Templates#groups()}. */
    public static int[] group(List<String> lines) {
        Templates templates = new Templates(Templates.Config.DEFAULT);
        List<Templates.Variant> of = new ArrayList<>(lines.size());
        for (String line : lines) {
            of.add(templates.add(Masker.tokens(line), null));
        }
        List<Templates.Group> groups = templates.groups();
        Map<Templates.Variant, Integer> index = new IdentityHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (Templates.Variant v : groups.get(g).variants()) {
                index.put(v, g);
            }
        }
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of.get(i) == null ? -1 - i : index.get(of.get(i));
        }
        return out;
    }

    public static Score score(Dataset data) {
        int[] groups = group(data.contents());
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < groups.length; i++) {
            members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> truthSize = new HashMap<>();
        data.eventIds().forEach(e -> truthSize.merge(e, 1, Integer::sum));
        int right = 0;
        for (List<Integer> lines : members.values()) {
            Set<String> ids = new HashSet<>();
            lines.forEach(i -> ids.add(data.eventIds().get(i)));
            if (ids.size() == 1 && truthSize.get(ids.iterator().next()) == lines.size()) {
                right += lines.size();
            }
        }
        return new Score(data.system(), groups.length, (double) right / groups.length, members.size(), truthSize.size());
    }

    public static void main(String[] args) throws IOException {
        Path dir = null;
        int rounds = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                dir = Path.of(args[i]);
            }
        }
        if (dir == null) {
            Optional<Path> found = dataDir();
            if (found.isEmpty()) {
                System.out.println("loghub-2k not found at ../shared/loghub-2k: nothing to measure");
                return;
            }
            dir = found.get();
        }
        List<Dataset> all = new ArrayList<>();
        for (String system : SYSTEMS) {
            all.add(load(dir, system));
        }
        System.out.println("Loghub-2k grouping accuracy, one configuration (Templates.Config.DEFAULT, CHOICE_LIMIT "
                + Templates.CHOICE_LIMIT + ")");
        System.out.printf("%-10s %6s %7s %10s %6s%n", "system", "lines", "GA", "templates", "truth");
        double sum = 0;
        for (Dataset d : all) {
            Score s = score(d);
            sum += s.groupingAccuracy();
            System.out.printf("%-10s %6d %7.3f %10d %6d%n", s.system(), s.lines(), s.groupingAccuracy(), s.templates(), s.truth());
        }
        System.out.printf("%-10s %6s %7.4f%n", "mean", "", sum / all.size());

        // Speed: every system's lines mined in one pass per round, against a whitespace split of the
        // same lines in the same round (the baseline), best of the rounds, wall and this thread's CPU.
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long lines = all.stream().mapToLong(d -> d.contents().size()).sum();
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long w0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            for (Dataset d : all) {
                for (String line : d.contents()) {
                    sink += line.split("\\s+").length;
                }
            }
            long w1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            for (Dataset d : all) {
                sink += group(d.contents()).length;
            }
            long w2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            best[0] = Math.min(best[0], w1 - w0);
            best[1] = Math.min(best[1], c1 - c0);
            best[2] = Math.min(best[2], w2 - w1);
            best[3] = Math.min(best[3], c2 - c1);
        }
        System.out.printf("speed, best of %d rounds over %d lines (checksum %d):%n", rounds, lines, sink);
        System.out.printf("  split   %,10.0f lines/s wall  %,10.0f lines/s CPU%n", lines / (best[0] / 1e9), lines / (best[1] / 1e9));
        System.out.printf("  mining  %,10.0f lines/s wall  %,10.0f lines/s CPU%n", lines / (best[2] / 1e9), lines / (best[3] / 1e9));
        System.out.printf("  mining/split time: %.1fx wall, %.1fx CPU%n", (double) best[2] / best[0], (double) best[3] / best[1]);
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String s) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
