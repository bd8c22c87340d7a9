package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.faultline.assemble.Event;
import dev.faultline.entry.ExecutionOutcome;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.SignatureHits;
import dev.faultline.match.Hit;
import dev.faultline.mine.Mined;
import dev.faultline.mine.MinedRevision;
import dev.faultline.mine.ProbableCause;
import dev.faultline.mine.RevisionTemplate;
import dev.faultline.mine.Template;
import dev.faultline.source.InputProblem;
import org.apache.commons.text.StringSubstitutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from what the logs put into a report: passwords in connection strings, tokens
 * with a known shape (GitHub, Slack, Stripe, SendGrid, npm, cloud keys...), Authorization and
 * Cookie headers, private key blocks, JWTs, and values of keys whose names say they are secret.
 * The rest of each value stays, so the evidence still reads. The rules are data
 * ({@code redaction-rules.yaml} beside this class, many ported from gitleaks).
 * <p>
 * <b>Redaction happens once, at the model boundary</b>, not in the renderers: {@link dev.faultline.Triage}
 * passes the grouped revisions through {@link #revisions} before judging them (evidence events,
 * extracted values, deploy configuration), the miner's templates through {@link #mined}, and every
 * input problem through {@link #problem}. The
 * judge then derives trends and reasons from values that are already masked, and every renderer
 * (text, JSON, Markdown, HTML, and whatever section is added later) gets the same masked data and
 * the same count. Matching still runs on the original text. A new kind of log-derived value that
 * enters the result must pass here too.
 * <p>
 * Not thread-safe (it counts).
 */
public final class Redactor {

    public static final String MASK = "***";

    /** Settings that hold names, never values: environment variable names and Secret Manager references. */
    private static final Set<String> NAMES_ONLY = Set.of("envNames", "secrets");

    /** Values that only say a secret is set or hidden, or that there is none: masking them would hide a fact and hide nothing. */
    private static final Set<String> PLACEHOLDERS = Set.of("set", "unset", "redacted", "<redacted>", "[redacted]", "[filtered]",
            "filtered", "hidden", "null", "none", "nil", "undefined", "true", "false", "empty");

    /**
     * One rule of the rule file.
     *
     * @param keywords lower-case words of which the text must contain one before the regex is tried; empty: always tried
     */
    record Rule(String id, Pattern pattern, List<String> keywords) {
    }

    /** An example of the rule file: a line to redact, and what must come out of it. */
    record Example(String rule, String input, String expected) {
    }

    private static final class Rules {
        static final List<Rule> ALL = new ArrayList<>();
        static final List<Example> EXAMPLES = new ArrayList<>();

        static {
            load();
        }
    }

    private final boolean enabled;
    private long redactions;

    public Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** How many values were masked so far. */
    public long redactions() {
        return redactions;
    }

    /** {@code text} with every secret the rules find replaced by {@link #MASK}; counted. */
    public String redact(String text) {
        return redact(text, true);
    }

    // ------------------------------------------------------------------ the model boundary

    /**
     * The revisions with their evidence events, extracted values and deploy configuration redacted:
     * what the judge and then every renderer see. Values that became equal once masked are merged.
     */
    public List<RevisionHits> revisions(List<RevisionHits> revisions) {
        if (!enabled) {
            return revisions;
        }
        List<RevisionHits> out = new ArrayList<>(revisions.size());
        for (RevisionHits r : revisions) {
            List<SignatureHits> hits = new ArrayList<>(r.hits().size());
            for (SignatureHits h : r.hits()) {
                Map<String, List<String>> values = new LinkedHashMap<>();
                h.fieldValues().forEach((field, list) -> {
                    Set<String> masked = new LinkedHashSet<>();
                    list.forEach(v -> masked.add(redact(v, true)));
                    values.put(field, List.copyOf(masked));
                });
                hits.add(h.withDetails(values, h.evidence().stream().map(e -> event(e, true)).toList()));
            }
            // a job's outcome message quotes the task's own failure (it also joins its audit entry's evidence text)
            ExecutionOutcome outcome = r.outcome() == null || r.outcome().message() == null ? r.outcome()
                    : r.outcome().withMessage(redact(r.outcome().message(), true));
            out.add(r.withHitsAndConfig(hits, config(r.config()), outcome));
        }
        return out;
    }

    /**
     * The mined templates with their text and every example redacted (a template keeps what its
     * masking did not generalise, a token included). Ids stay: they name the unredacted template,
     * so the same message keeps its id whether or not redaction is on. Each template is redacted
     * and counted once, however many revisions share it.
     */
    public Mined mined(Mined mined) {
        if (!enabled || mined.templates().isEmpty()) {
            return mined;
        }
        Map<Template, Template> done = new IdentityHashMap<>();
        List<Template> templates = mined.templates().stream().map(t -> template(t, done)).toList();
        Map<String, MinedRevision> revisions = new LinkedHashMap<>();
        mined.revisions().forEach((key, r) -> revisions.put(key, new MinedRevision(
                r.unclassified().stream().map(t -> new RevisionTemplate(template(t.template(), done), t.count(), t.firstSeen(),
                        t.lastSeen(), example(t.example(), false))).toList(),
                r.probableCauses().stream().map(p -> new ProbableCause(template(p.template(), done), p.rank(), p.count(),
                        p.instances(), p.firstSeen(), p.lastBefore(), p.before(), p.onFailingInstance(), p.reference(),
                        p.referenceAt(), example(p.evidence(), false), redact(p.reason(), false))).toList(),
                r.noise())));
        return new Mined(templates, revisions, mined.stats());
    }

    private Template template(Template t, Map<Template, Template> done) {
        return done.computeIfAbsent(t, x -> new Template(x.id(), redact(x.text(), true), x.frame() == null ? null : redact(x.frame(), true),
                x.kind(), x.count(), x.revisions(), x.revisionCount(), x.instanceCount(), x.firstSeen(), x.lastSeen(),
                x.examples().stream().map(e -> example(e, true)).toList()));
    }

    /** An example's line and text redacted; counted for a template's own examples, not again where a revision quotes one. */
    private dev.faultline.mine.Example example(dev.faultline.mine.Example e, boolean count) {
        if (e == null) {
            return null;
        }
        return new dev.faultline.mine.Example(e.timestamp(), e.service(), e.revision(), e.instanceId(), e.insertId(), e.logName(), e.severity(),
                redact(e.line(), count), redact(e.text(), count));
    }

    /** An input problem with its message redacted (a parser message can quote the input); counted. */
    public InputProblem problem(InputProblem p) {
        String message = redact(p.message(), true);
        return message.equals(p.message()) ? p : new InputProblem(p.source(), p.entry(), p.line(), message);
    }

    /**
     * A hit as a live follow prints it, redacted but not counted: the follow's final report counts
     * what it holds, and a line printed along the way is not part of it.
     */
    public Hit hit(Hit hit) {
        if (!enabled) {
            return hit;
        }
        Map<String, String> fields = new HashMap<>();
        hit.fields().forEach((k, v) -> fields.put(k, redact(v, false)));
        return new Hit(hit.signature(), event(hit.event(), false), fields);
    }

    /** The event's text redacted; its parts' texts too (not counted twice), so no part keeps the original. */
    private Event event(Event e, boolean count) {
        String text = redact(e.text(), count);
        if (e.size() == 1) { // the usual case: the event's text is its one entry's
            LogEntry only = e.head();
            return new Event(List.of(text.equals(only.text()) || only.text() == null ? only : only.withText(text)), text,
                    e.fragmentsJoined(), e.cleaned());
        }
        List<LogEntry> parts = new ArrayList<>(e.parts().size());
        for (LogEntry part : e.parts()) {
            String partText = redact(part.text(), false);
            parts.add(partText == null || partText.equals(part.text()) ? part : part.withText(partText));
        }
        return new Event(parts, text, e.fragmentsJoined(), e.cleaned());
    }

    private RevisionConfig config(RevisionConfig config) {
        if (config == null) {
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        config.settings().forEach((k, v) -> settings.put(k, NAMES_ONLY.contains(k) ? v : redact(v, true)));
        return new RevisionConfig(config.revision(), settings);
    }

    // ------------------------------------------------------------------ rules

    String redact(String text, boolean count) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        String current = text;
        String lower = null;
        for (Rule rule : Rules.ALL) {
            if (!rule.keywords().isEmpty()) {
                if (lower == null) {
                    lower = current.toLowerCase(Locale.ROOT);
                }
                if (!containsAny(lower, rule.keywords())) {
                    continue;
                }
            }
            String next = apply(rule, current, count);
            if (next != current) {
                current = next;
                lower = null;
            }
        }
        return current;
    }

    private static boolean containsAny(String text, List<String> words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private String apply(Rule rule, String text, boolean count) {
        Matcher m = rule.pattern().matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            int group = firstGroup(m);
            int start = m.start(group);
            int end = m.end(group);
            if (isPlaceholder(text.substring(start, end)) || isCode(text, start, end)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, start).append(MASK);
            last = end;
            if (count) {
                redactions++;
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /** Already masked (by an earlier rule), a reference such as ${DB_PASSWORD}, or a word that only says whether one is set. */
    private static boolean isPlaceholder(String value) {
        String v = value.strip();
        return v.isEmpty() || v.contains(MASK) || v.startsWith("$") || v.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X')
                || PLACEHOLDERS.contains(v.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code SECRET = os.environ["SECRET"]}, {@code token = get_token()}: a traceback quotes the code
     * that reads a secret, not the secret. An identifier path right before '[' or '(' is that code.
     */
    private static boolean isCode(String text, int start, int end) {
        if (end >= text.length() || (text.charAt(end) != '[' && text.charAt(end) != '(')) {
            return false;
        }
        return CODE_REFERENCE.matcher(text.substring(start, end)).matches();
    }

    private static final Pattern CODE_REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private static int firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }

    /** The rules' examples, for the tests. */
    static List<Example> examples() {
        return List.copyOf(Rules.EXAMPLES);
    }

    static List<Rule> rules() {
        return List.copyOf(Rules.ALL);
    }

    private static void load() {
        JsonNode root;
        try (InputStream in = Redactor.class.getResourceAsStream("redaction-rules.yaml")) {
            if (in == null) {
                throw new IllegalStateException("redaction-rules.yaml is missing from the classpath");
            }
            root = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read redaction-rules.yaml", e);
        }
        Map<String, String> definitions = new HashMap<>();
        root.path("definitions").fields().forEachRemaining(d -> definitions.put(d.getKey(), d.getValue().asText()));
        StringSubstitutor defs = new StringSubstitutor(definitions).setEnableUndefinedVariableException(true);
        for (JsonNode r : root.path("rules")) {
            String id = r.path("id").asText();
            Pattern pattern;
            try {
                pattern = Pattern.compile(defs.replace(r.path("regex").asText()));
            } catch (PatternSyntaxException | IllegalArgumentException e) {
                throw new IllegalStateException("redaction rule " + id + ": " + e.getMessage(), e);
            }
            List<String> keywords = new ArrayList<>();
            r.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
            Rules.ALL.add(new Rule(id, pattern, List.copyOf(keywords)));
            for (JsonNode e : r.path("examples").path("match")) {
                String marked = e.asText();
                Rules.EXAMPLES.add(new Example(id, marked.replace("«", "").replace("»", ""),
                        marked.replaceAll("«[^»]*»", MASK)));
            }
            for (JsonNode e : r.path("examples").path("no_match")) {
                Rules.EXAMPLES.add(new Example(id, e.asText(), e.asText()));
            }
        }
    }
}
