package dev.faultline.mine;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A first draft of a signature for an unclassified template: a regex with a named group where each
 * masked value was, the template's own events as {@code examples.match}, and the nearest other
 * templates of the same input (then the nearest examples of the catalog) that the regex does not
 * match as {@code examples.no_match}. It is a draft: {@code status: experimental}, and a person
 * reviews the regex, the title, the layer and the remediation before it joins a catalog.
 *
 * @param regex    RE2, its fixed text taken verbatim from the template, values as named groups
 * @param extract  the groups worth reporting (quoted names, durations, addresses, paths; not counters or ids)
 * @param match    verbatim lines of the template's events (redacted), each matched by {@code regex}
 * @param noMatch  nearby lines the regex must not match
 * @param notes    what the drafter could not do from the events alone (a second example was varied, ...)
 */
public record SignatureDraft(String id, String title, String regex, List<String> extract, List<String> match,
                             List<String> noMatch, List<String> references, String remediation, List<String> notes) {

    /** The least examples of each kind that {@code catalog lint} accepts. */
    public static final int MIN_EXAMPLES = 2;
    private static final int MAX_EXAMPLES = 3;

    public SignatureDraft {
        extract = List.copyOf(extract);
        match = List.copyOf(match);
        noMatch = List.copyOf(noMatch);
        references = List.copyOf(references);
        notes = List.copyOf(notes);
    }

    /** Why a template cannot become a signature as it is. */
    public static final class DraftException extends Exception {
        public DraftException(String message) {
            super(message);
        }
    }

    /**
     * Drafts a signature for {@code template}.
     *
     * @param others       the other templates of the same input, for near misses
     * @param catalogLines examples of the catalog's signatures, for near misses when the input has too few
     * @param id           the signature id to use, or null for one made from the template
     */
    public static SignatureDraft of(Template template, List<Template> others, List<String> catalogLines,
                                    String id, String source) throws DraftException {
        List<String> notes = new ArrayList<>();
        Set<String> lines = new LinkedHashSet<>();
        for (Example e : template.examples()) {
            lines.add(e.line());
        }
        for (Example e : template.examples()) {
            if (lines.size() < MIN_EXAMPLES && !e.text().equals(e.line())) {
                lines.add(e.text()); // the whole stitched event is verbatim too
            }
        }
        Regex built = regex(template.text(), new ArrayList<>(lines));
        List<String> match = new ArrayList<>(lines.stream().filter(built.pattern()::matches).limit(MAX_EXAMPLES).toList());
        if (match.isEmpty()) {
            throw new DraftException("template " + template.id() + ": the regex drafted from it matches none of its own events");
        }
        if (match.size() < MIN_EXAMPLES) {
            String varied = vary(match.get(0), built.pattern());
            if (varied == null) {
                throw new DraftException("template " + template.id() + " has one event only and no value to vary for a second example;"
                        + " give more lines (--lines) or wait for it to recur");
            }
            match.add(varied);
            notes.add("only one event was seen: the second match example is the first with its values changed; replace it with a real line");
        }
        List<String> noMatch = nearMisses(template, others, catalogLines, built.pattern());
        if (noMatch.size() < MIN_EXAMPLES) {
            throw new DraftException("template " + template.id() + ": found " + noMatch.size()
                    + " nearby lines the regex does not match; a signature needs " + MIN_EXAMPLES);
        }
        String first = template.firstSeen() == null ? "" : template.firstSeen().toString();
        String last = template.lastSeen() == null ? "" : template.lastSeen().toString();
        List<String> references = List.of("observed in " + source + " (drafted by faultline catalog draft from template " + template.id() + "): "
                + template.count() + " event" + (template.count() == 1 ? "" : "s") + " on "
                + (template.revisions().isEmpty() ? "no revision" : String.join(", ", template.revisions())) + ", " + first
                + (last.equals(first) ? "" : " .. " + last));
        String remediation = "Drafted from " + template.count() + " unclassified event" + (template.count() == 1 ? "" : "s")
                + (template.frame() == null ? "" : " raised at " + template.frame())
                + ": say what this means and what to check or change when it appears.";
        return new SignatureDraft(id != null ? id : suggestId(template), title(template), built.regex(), built.extract(), match,
                noMatch, references, remediation, notes);
    }

    /** The regex and the groups it extracts. */
    record Regex(String regex, Pattern pattern, List<String> extract) {
    }

    /**
     * The template's tokens as RE2: fixed text escaped, each placeholder a named group, tokens joined
     * by one space, or by {@code \s+} when the lines are spaced otherwise.
     */
    static Regex regex(String template, List<String> lines) throws DraftException {
        List<String> tokens = List.of(template.split(" "));
        for (String separator : List.of(" ", "\\s+")) {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            List<String> extract = new ArrayList<>();
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < tokens.size(); i++) {
                if (i > 0) {
                    re.append(separator);
                }
                token(tokens.get(i), re, kinds, extract);
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(re.toString());
            } catch (PatternSyntaxException e) {
                throw new DraftException("the regex drafted from \"" + template + "\" does not compile: " + e.getDescription());
            }
            if (lines.isEmpty() || lines.stream().allMatch(l -> pattern.matcher(l).find())) {
                return new Regex(re.toString(), findPattern(re.toString()), extract);
            }
        }
        throw new DraftException("no regex drafted from \"" + template + "\" matches its own events");
    }

    /** Unanchored, as the matcher uses every catalog regex. */
    private static Pattern findPattern(String regex) {
        return Pattern.compile("(?s).*?(?:" + regex + ").*");
    }

    private static void token(String token, StringBuilder re, Map<String, Integer> kinds, List<String> extract) {
        int i = 0;
        while (i < token.length()) {
            String placeholder = placeholderAt(token, i);
            if (placeholder == null) {
                re.append(escape(token.charAt(i)));
                i++;
                continue;
            }
            String kind = kind(placeholder);
            int n = kinds.merge(kind, 1, Integer::sum);
            String name = n == 1 ? kind : kind + n;
            re.append("(?P<").append(name).append('>').append(valuePattern(placeholder)).append(')');
            if (reported(placeholder)) {
                extract.add(name);
            }
            i += placeholder.length();
        }
    }

    private static String placeholderAt(String token, int at) {
        if (token.charAt(at) != '<') {
            return null;
        }
        for (String p : Masker.PLACEHOLDERS) {
            if (token.startsWith(p, at)) {
                return p;
            }
        }
        return null;
    }

    private static String kind(String placeholder) {
        return switch (placeholder) {
            case Masker.ANY -> "value";
            case Masker.DURATION -> "duration";
            default -> placeholder.substring(1, placeholder.length() - 1).toLowerCase(Locale.ROOT);
        };
    }

    /** What a masked value looks like, loosely: the fixed text around it decides where it ends. */
    private static String valuePattern(String placeholder) {
        return switch (placeholder) {
            case Masker.NUM -> "[-+]?\\d[\\w.]*";
            case Masker.HEX -> "[0-9a-fA-F]+";
            case Masker.ID -> "[\\w+/=.-]+";
            case Masker.UUID -> "[0-9a-fA-F-]{36}";
            case Masker.IP -> "[0-9a-fA-F:.]+";
            case Masker.PATH -> "[^\\s\"']+?";
            case Masker.URL -> "\\S+?";
            case Masker.DURATION -> "\\d[\\d.]*[a-zµ]+";
            case Masker.QUOTED -> "[^\"'`]*";
            case Masker.DATE -> "[A-Za-z]+";
            case Masker.UNIT -> "[A-Za-zµ%]+";
            default -> "\\S+?";
        };
    }

    /** Values worth a field: they name a thing (a table, a host, a path) or measure one; counters and ids are not. */
    private static boolean reported(String placeholder) {
        return placeholder.equals(Masker.QUOTED) || placeholder.equals(Masker.DURATION) || placeholder.equals(Masker.IP)
                || placeholder.equals(Masker.PATH) || placeholder.equals(Masker.URL);
    }

    private static String escape(char c) {
        return "\\.+*?()[]{}|^$".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    /** A second line for a template seen once: the first with each captured number, hex or quoted value changed. */
    private static String vary(String line, Pattern pattern) {
        com.google.re2j.Matcher m = Pattern.compile(pattern.pattern().substring("(?s).*?(?:".length(),
                pattern.pattern().length() - ").*".length())).matcher(line);
        if (!m.find()) {
            return null;
        }
        StringBuilder out = new StringBuilder(line);
        boolean changed = false;
        for (int g = m.groupCount(); g >= 1; g--) {
            String v = m.group(g);
            if (v == null || m.start(g) < 0) {
                continue;
            }
            String w = v.chars().anyMatch(Character::isDigit) ? v.replace('1', '7').replace('0', '1').replace('2', '8')
                    : v.isEmpty() ? v : v + "_b";
            if (!w.equals(v)) {
                out.replace(m.start(g), m.end(g), w);
                changed = true;
            }
        }
        String varied = out.toString();
        return changed && pattern.matcher(varied).matches() && !varied.equals(line) ? varied : null;
    }

    /** The nearest other templates' lines the regex does not match, then the catalog's nearest examples. */
    private static List<String> nearMisses(Template template, List<Template> others, List<String> catalogLines, Pattern pattern) {
        JaroWinklerSimilarity similarity = new JaroWinklerSimilarity();
        String text = template.text();
        List<String> out = new ArrayList<>();
        List<Template> near = others.stream().filter(t -> !t.id().equals(template.id()))
                .sorted(Comparator.comparingDouble((Template t) -> -similarity.apply(text, t.text())).thenComparing(Template::id))
                .toList();
        for (Template t : near) {
            for (Example e : t.examples()) {
                String line = e.line();
                if (!pattern.matcher(line).matches() && !out.contains(line)) {
                    out.add(line);
                    break;
                }
            }
            if (out.size() >= MAX_EXAMPLES) {
                return out;
            }
        }
        List<String> catalog = catalogLines.stream().filter(l -> !l.contains("\n"))
                .sorted(Comparator.comparingDouble((String l) -> -similarity.apply(text, l)).thenComparing(l -> l))
                .toList();
        for (String line : catalog) {
            if (out.size() >= MIN_EXAMPLES) {
                break;
            }
            if (!pattern.matcher(line).matches() && !out.contains(line)) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * The draft as a family file a catalog directory can list: a header comment (where it comes from,
     * what to review, the notes), then {@code family: drafts} and the one signature, written the way
     * the bundled catalog is (single-quoted scalars, so a regex reads as it is; a multi-line example as a block).
     */
    public String toYaml() {
        StringBuilder y = new StringBuilder();
        y.append("# A draft signature written by `faultline catalog draft`. Review it before it joins a catalog:\n")
                .append("# the id, the title, the layer, severity and role (guessed: app, error, cause), the regex (its fixed\n")
                .append("# text is the template's, each masked value a named group) and the remediation (a placeholder).\n")
                .append("# Keep status: experimental until it has matched real incidents.\n");
        notes.forEach(n -> y.append("# NOTE: ").append(n).append('\n'));
        y.append("family: drafts\nsignatures:\n");
        y.append("  - id: ").append(id).append('\n');
        y.append("    version: 1\n    status: experimental\n");
        y.append("    title: ").append(quote(title)).append('\n');
        y.append("    layer: app\n    severity: error\n    role: cause\n");
        y.append("    match:\n      any:\n        - regex: ").append(quote(regex)).append('\n');
        if (!extract.isEmpty()) {
            y.append("    extract: [").append(String.join(", ", extract)).append("]\n");
        }
        y.append("    examples:\n      match:\n");
        match.forEach(m -> item(y, "        ", m));
        y.append("      no_match:\n");
        noMatch.forEach(m -> item(y, "        ", m));
        y.append("    references:\n");
        references.forEach(r -> item(y, "      ", r));
        y.append("    remediation: ").append(quote(remediation)).append('\n');
        return y.toString();
    }

    /** A list item: single-quoted, or a literal block when the text spans lines. */
    private static void item(StringBuilder y, String indent, String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            y.append(indent).append("- ").append(quote(text)).append('\n');
            return;
        }
        // "|-" keeps the lines and drops the final newline; an explicit indentation indicator lets a
        // first line that starts with blanks stay as it is
        y.append(indent).append("- |2-\n");
        for (String line : text.replace("\r", "").split("\n", -1)) {
            y.append(indent).append("    ").append(line).append('\n');
        }
    }

    /** A single-quoted YAML scalar: only the quote itself needs escaping (doubled); control characters become spaces. */
    static String quote(String text) {
        StringBuilder q = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                q.append("''");
            } else if (Character.isISOControl(c)) {
                q.append(' ');
            } else {
                q.append(c);
            }
        }
        return q.append('\'').toString();
    }

    /** {@code draft.json-decode-error} from "json.decoder.JSONDecodeError: ...", else from the first words. */
    static String suggestId(Template template) {
        String text = template.text();
        String head = text.contains(": ") ? text.substring(0, text.indexOf(": ")) : "";
        String words;
        if (!head.isEmpty() && head.indexOf(' ') < 0) {
            String name = head.substring(head.lastIndexOf('.') + 1);
            words = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
        } else {
            words = String.join(" ", List.of(text.split(" ")).stream()
                    .filter(t -> !Masker.isVariable(t))
                    .map(t -> t.replaceAll("[^A-Za-z0-9]", ""))
                    .filter(t -> t.length() > 1)
                    .limit(5).toList());
        }
        String slug = words.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return "draft." + (slug.isEmpty() ? "template-" + template.id() : slug);
    }

    /** The template up to its first value: "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes". */
    private static String title(Template template) {
        List<String> words = new ArrayList<>();
        for (String t : template.text().split(" ")) {
            if (Masker.isVariable(t)) {
                break;
            }
            words.add(t);
        }
        String text = String.join(" ", words).replaceAll("[\\s:;,=(\\[-]+$", "");
        if (text.length() < 12) {
            text = template.text();
        }
        return (text.length() > 100 ? text.substring(0, 99) + "…" : text) + " (drafted)";
    }
}
