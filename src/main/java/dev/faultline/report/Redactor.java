package dev.faultline.report;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;

/**
 * Removes secrets from log text before it is rendered into anything a person may paste into a
 * ticket: passwords in connection strings, bearer tokens and Authorization headers, Google API
 * keys and OAuth tokens, private key blocks, JWTs, AWS access keys, and values of variables whose
 * names look secret. The rest of the line stays intact so the evidence still reads. Matching runs
 * on the original text; only rendering sees the redacted one. Not thread-safe (it counts).
 */
public final class Redactor {

    public static final String MASK = "***";

    /**
     * A pattern and what of it is replaced by the mask: the whole match, or the first capturing
     * group that took part in the match (rules offer alternatives such as quoted or bare values).
     */
    private record Rule(String kind, Pattern pattern, boolean wholeMatch) { }

    /** Names of variables, headers and keys whose values are secrets (DB_PASSWORD, x-api-key, client_secret). */
    private static final String SECRET_NAME =
            "[A-Z0-9_-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API[_-]?KEY|PRIVATE[_-]KEY|ACCESS[_-]KEY|[_-]KEY)[A-Z0-9_-]*";

    /** A value: double-quoted, single-quoted (both may hold spaces), or bare up to a separator (never an object or list). */
    private static final String VALUE = "(?:\"([^\"\\n]*)\"|'([^'\\n]*)'|([^\\s\"',;&{}\\[\\]]+))";

    // RE2J: linear time, so a hostile log line cannot stall a report.
    private static final List<Rule> RULES = List.of(
            new Rule("private key", Pattern.compile(
                    "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"), true),
            new Rule("connection string password", Pattern.compile(
                    "[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@'\"]*:([^\\s@/'\"]+)@"), false),
            new Rule("authorization header", Pattern.compile(
                    "(?i)\\bauthorization\\b[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token)?\\s*([A-Za-z0-9._~+/=-]{8,})"), false),
            new Rule("bearer token", Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/=-]{8,})"), false),
            new Rule("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"), true),
            new Rule("google api key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), true),
            new Rule("google oauth token", Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{10,}"), true),
            new Rule("aws access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), true),
            // env as a Cloud Run / Kubernetes spec lists it: {"name": "DB_PASSWORD", "value": "..."} or YAML name:/value: lines
            new Rule("secret env entry", Pattern.compile(
                    "(?i)[\"']?\\bname[\"']?\\s*:\\s*[\"']?" + SECRET_NAME + "[\"']?\\s*,?\\s*-?\\s*[\"']?value[\"']?\\s*:\\s*" + VALUE), false),
            new Rule("secret variable", Pattern.compile(
                    "(?i)\\b" + SECRET_NAME + "[\"']?\\s*[:=]\\s*" + VALUE), false));

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

    public String redact(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        String current = text;
        for (Rule rule : RULES) {
            current = apply(rule, current);
        }
        return current;
    }

    private String apply(Rule rule, String text) {
        Matcher m = rule.pattern().matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            int group = rule.wholeMatch() ? 0 : firstGroup(m);
            int start = m.start(group);
            int end = m.end(group);
            String value = text.substring(start, end);
            if (value.isEmpty() || value.equals(MASK) || value.equalsIgnoreCase("SET") || value.equalsIgnoreCase("REDACTED")) {
                continue; // already masked, or only says that a value is set
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, start).append(MASK);
            last = end;
            redactions++;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    private static int firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }
}
