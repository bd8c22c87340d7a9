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

    /** A pattern and the group whose text is replaced by the mask (0 = the whole match). */
    private record Rule(String kind, Pattern pattern, int group) { }

    // RE2J: linear time, so a hostile log line cannot stall a report.
    private static final List<Rule> RULES = List.of(
            new Rule("private key", Pattern.compile(
                    "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"), 0),
            new Rule("connection string password", Pattern.compile(
                    "[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@'\"]*:([^\\s@/'\"]+)@"), 1),
            new Rule("authorization header", Pattern.compile(
                    "(?i)\\bauthorization\\b[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token)?\\s*([A-Za-z0-9._~+/=-]{8,})"), 1),
            new Rule("bearer token", Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/=-]{8,})"), 1),
            new Rule("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"), 0),
            new Rule("google api key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), 0),
            new Rule("google oauth token", Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{10,}"), 0),
            new Rule("aws access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0),
            new Rule("secret variable", Pattern.compile(
                    "(?i)\\b[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|_KEY)[A-Z0-9_]*[\"']?\\s*[:=]\\s*[\"']?([^\\s\"',;&]+)"), 1));

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
            int start = m.start(rule.group());
            int end = m.end(rule.group());
            String value = text.substring(start, end);
            if (value.equals(MASK) || value.equalsIgnoreCase("SET") || value.equalsIgnoreCase("REDACTED")) {
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
}
