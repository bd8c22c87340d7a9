package dev.faultline.entry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A revision's deploy-time configuration as the audit log states it (the Knative-style spec
 * of a Revision, or a Service's {@code spec.template}; for a Cloud Run Job, its executions' task
 * template with taskCount, parallelism and maxRetries). Settings are flat, named the way
 * a reader compares them, and never hold environment variable values, only names.
 *
 * @param revision the revision name, or null when a service-level spec did not name it
 * @param settings setting name to value, in {@link #SETTINGS} order; absent settings are left out
 */
public record RevisionConfig(String revision, Map<String, String> settings) {

    /** Every setting faultline compares, in the order a diff lists them. */
    public static final java.util.List<String> SETTINGS = java.util.List.of(
            "image", "cpu", "memory", "containerConcurrency", "timeoutSeconds",
            "startupProbe", "livenessProbe", "minInstances", "maxInstances",
            "cpuThrottling", "startupCpuBoost", "executionEnvironment",
            "vpcConnector", "vpcEgress", "cloudsqlInstances",
            "serviceAccount", "envNames", "secrets", "taskCount", "parallelism", "maxRetries");

    public RevisionConfig {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : SETTINGS) {
            if (settings.containsKey(key)) {
                ordered.put(key, settings.get(key));
            }
        }
        settings = Collections.unmodifiableMap(ordered);
    }

    public RevisionConfig withRevision(String name) {
        return new RevisionConfig(name, settings);
    }
}
