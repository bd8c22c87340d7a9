package dev.faultline.report;

import dev.faultline.TriageResult;

import java.io.IOException;
import java.io.Writer;

/** One output format of a triage result. */
public interface Report {

    void render(TriageResult result, Writer out) throws IOException;
}
