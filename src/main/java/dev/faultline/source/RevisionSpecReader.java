package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.entry.ExecutionOutcome;
import dev.faultline.entry.RevisionConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a revision's configuration out of a Cloud Run audit entry's protoPayload: a
 * {@code google.cloud.run.v1.Revision} response (system_event and activity entries name the
 * revision in metadata.name), or a Service in the request or response of Create/ReplaceService
 * (its {@code spec.template}). For Cloud Run Jobs: an {@code Execution} in the response of a
 * {@code /Jobs.RunJob} system event (named: its own task template, maxRetries and taskCount), or a
 * {@code Job} in the request or response of Create/ReplaceJob ({@code spec.template.spec}, unnamed:
 * it applies to the executions started after it). Environment variable values are never read, only
 * their names.
 */
public final class RevisionSpecReader {

    private RevisionSpecReader() {
    }

    /** The configuration in this protoPayload, or null when it holds no Cloud Run spec. */
    public static RevisionConfig read(JsonNode protoPayload) {
        if (protoPayload == null || !protoPayload.isObject()) {
            return null;
        }
        for (JsonNode candidate : List.of(protoPayload.path("response"), protoPayload.path("request").path("service"),
                protoPayload.path("request").path("job"), protoPayload.path("request"))) {
            String kind = candidate.path("kind").asText("");
            String type = candidate.path("@type").asText("");
            if (kind.equals("Revision") || type.endsWith(".Revision")) {
                return fromTemplate(candidate.path("metadata"), candidate.path("spec"));
            }
            if (kind.equals("Execution") || type.endsWith(".Execution")) {
                return withTasks(fromTemplate(candidate.path("metadata"), candidate.path("spec").path("template").path("spec")),
                        candidate.path("spec"), true);
            }
            if (kind.equals("Job") || type.endsWith(".Job")) {
                JsonNode execution = candidate.path("spec").path("template");
                if (execution.isObject()) {
                    RevisionConfig task = fromTemplate(execution.path("metadata"), execution.path("spec").path("template").path("spec"));
                    return withTasks(task, execution.path("spec"), false);
                }
            }
            if (kind.equals("Service") || type.endsWith(".Service")) {
                JsonNode template = candidate.path("spec").path("template");
                if (template.isObject()) {
                    return fromTemplate(template.path("metadata"), template.path("spec"));
                }
            }
        }
        return null;
    }

    /**
     * How an execution ended, from the {@code status} of an {@code Execution} in the response, or null
     * when the payload holds none. Counts and the Completed condition are read as structure.
     */
    public static ExecutionOutcome outcome(JsonNode protoPayload) {
        if (protoPayload == null) {
            return null;
        }
        JsonNode response = protoPayload.path("response");
        if (!(response.path("kind").asText("").equals("Execution") || response.path("@type").asText("").endsWith(".Execution"))) {
            return null;
        }
        JsonNode status = response.path("status");
        boolean completed = false;
        String message = null;
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText("").equals("Completed")) {
                completed = condition.path("status").asText("").equals("True");
                message = condition.path("message").asText(null);
            }
        }
        int taskCount = response.path("spec").path("taskCount").asInt(status.path("taskCount").asInt(0));
        return new ExecutionOutcome(taskCount, status.path("succeededCount").asInt(0), status.path("failedCount").asInt(0),
                status.path("retriedCount").asInt(0), status.path("cancelledCount").asInt(0), completed, message);
    }

    /** A task template's settings plus the execution's task count, parallelism and retries; named only for an Execution. */
    private static RevisionConfig withTasks(RevisionConfig task, JsonNode executionSpec, boolean named) {
        Map<String, String> s = new HashMap<>(task.settings());
        put(s, "taskCount", executionSpec.path("taskCount"));
        put(s, "parallelism", executionSpec.path("parallelism"));
        put(s, "maxRetries", executionSpec.path("template").path("spec").path("maxRetries"));
        return new RevisionConfig(named ? task.revision() : null, s);
    }

    private static RevisionConfig fromTemplate(JsonNode metadata, JsonNode spec) {
        Map<String, String> s = new HashMap<>();
        JsonNode annotations = metadata.path("annotations");
        JsonNode container = spec.path("containers").path(0);
        put(s, "image", container.path("image"));
        JsonNode limits = container.path("resources").path("limits");
        put(s, "cpu", limits.path("cpu"));
        put(s, "memory", limits.path("memory"));
        put(s, "containerConcurrency", spec.path("containerConcurrency"));
        put(s, "timeoutSeconds", spec.path("timeoutSeconds"));
        probe(s, "startupProbe", container.path("startupProbe"));
        probe(s, "livenessProbe", container.path("livenessProbe"));
        put(s, "minInstances", annotations.path("autoscaling.knative.dev/minScale"));
        put(s, "maxInstances", annotations.path("autoscaling.knative.dev/maxScale"));
        put(s, "cpuThrottling", lower(annotations.path("run.googleapis.com/cpu-throttling")));
        put(s, "startupCpuBoost", lower(annotations.path("run.googleapis.com/startup-cpu-boost")));
        put(s, "executionEnvironment", annotations.path("run.googleapis.com/execution-environment"));
        put(s, "vpcConnector", annotations.path("run.googleapis.com/vpc-access-connector"));
        put(s, "vpcEgress", annotations.path("run.googleapis.com/vpc-access-egress"));
        put(s, "cloudsqlInstances", annotations.path("run.googleapis.com/cloudsql-instances"));
        put(s, "serviceAccount", spec.path("serviceAccountName"));
        TreeSet<String> envNames = new TreeSet<>();
        List<String> secrets = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText("");
            if (name.isEmpty()) {
                continue;
            }
            envNames.add(name);
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (ref.isObject()) {
                secrets.add(name + "=" + ref.path("name").asText("?") + ":" + ref.path("key").asText("latest"));
            }
        }
        if (!envNames.isEmpty()) {
            s.put("envNames", String.join(",", envNames));
        }
        if (!secrets.isEmpty()) {
            secrets.sort(null);
            s.put("secrets", String.join(",", secrets));
        }
        String name = metadata.path("name").asText(null);
        return new RevisionConfig(name == null || name.isEmpty() ? null : name, s);
    }

    /** {@code tcp:8000 timeout=240s period=240s failures=1}: one comparable line per probe. */
    private static void probe(Map<String, String> s, String key, JsonNode probe) {
        if (!probe.isObject() || probe.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (probe.has("tcpSocket")) {
            sb.append("tcp:").append(number(probe.path("tcpSocket").path("port")));
        } else if (probe.has("httpGet")) {
            sb.append("http:").append(number(probe.path("httpGet").path("port"))).append(probe.path("httpGet").path("path").asText(""));
        } else if (probe.has("grpc")) {
            sb.append("grpc:").append(number(probe.path("grpc").path("port")));
        } else {
            sb.append("probe");
        }
        for (String[] f : new String[][] {{"initialDelaySeconds", "delay", "s"}, {"timeoutSeconds", "timeout", "s"},
                {"periodSeconds", "period", "s"}, {"failureThreshold", "failures", ""}}) {
            if (probe.has(f[0])) {
                sb.append(' ').append(f[1]).append('=').append(number(probe.path(f[0]))).append(f[2]);
            }
        }
        s.put(key, sb.toString());
    }

    private static void put(Map<String, String> s, String key, JsonNode value) {
        if (value != null && !value.isMissingNode() && !value.isNull() && !value.asText().isEmpty()) {
            s.put(key, value.isNumber() ? number(value) : value.asText());
        }
    }

    private static JsonNode lower(JsonNode value) {
        return value.isTextual() ? com.fasterxml.jackson.databind.node.TextNode.valueOf(value.asText().toLowerCase()) : value;
    }

    /** Audit payloads render integers as 600.0 (protobuf Struct numbers are doubles). */
    private static String number(JsonNode n) {
        if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
            return Long.toString(n.asLong());
        }
        return n.asText();
    }
}
