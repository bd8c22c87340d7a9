package dev.faultline.catalog;

import java.util.List;

/**
 * The catalog could not be loaded. Holds every problem found, not just the first, each naming the
 * file, the signature or known-issue id, and what is wrong, e.g.
 * {@code signatures/cloudrun.yaml: cloudrun.port-listen-timeout: regex 1 does not compile in RE2J: missing closing )}.
 * The message is those lines joined with newlines.
 */
public final class CatalogException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CatalogException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each, in the order found (files in catalog order). */
    public List<String> problems() {
        return problems;
    }
}
