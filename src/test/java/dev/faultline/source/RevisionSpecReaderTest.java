package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.entry.RevisionConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionSpecReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A system_event "Ready condition" entry carries the Revision object as its response. */
    @Test
    void readsARevisionResponse() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
                 "methodName": "/Services.ReplaceService",
                 "resourceName": "namespaces/netra-staging/revisions/netra-backend-staging-00161-67z",
                 "response": {"@type": "type.googleapis.com/google.cloud.run.v1.Revision", "kind": "Revision",
                   "metadata": {"name": "netra-backend-staging-00161-67z",
                     "annotations": {"autoscaling.knative.dev/maxScale": "20", "run.googleapis.com/cpu-throttling": "False",
                       "run.googleapis.com/startup-cpu-boost": "true",
                       "run.googleapis.com/cloudsql-instances": "netra-staging:us-central1:staging-shared-postgres"}},
                   "spec": {"containerConcurrency": 80.0, "timeoutSeconds": 300.0,
                     "serviceAccountName": "deploy@netra-staging.iam.gserviceaccount.com",
                     "containers": [{"image": "gcr.io/netra-staging/backend:alpine",
                       "env": [{"name": "ENVIRONMENT", "value": "staging"},
                               {"name": "POSTGRES_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "latest", "name": "postgres-password-staging"}}}],
                       "resources": {"limits": {"cpu": "1", "memory": "512Mi"}},
                       "startupProbe": {"tcpSocket": {"port": 8000.0}, "timeoutSeconds": 240.0, "periodSeconds": 240.0, "failureThreshold": 1.0}}]}}}
                """);

        RevisionConfig config = RevisionSpecReader.read(payload);

        assertThat(config.revision()).isEqualTo("netra-backend-staging-00161-67z");
        assertThat(config.settings()).containsEntry("cpu", "1").containsEntry("memory", "512Mi")
                .containsEntry("timeoutSeconds", "300").containsEntry("containerConcurrency", "80")
                .containsEntry("startupProbe", "tcp:8000 timeout=240s period=240s failures=1")
                .containsEntry("cpuThrottling", "false").containsEntry("maxInstances", "20")
                .containsEntry("envNames", "ENVIRONMENT,POSTGRES_PASSWORD")
                .containsEntry("secrets", "POSTGRES_PASSWORD=postgres-password-staging:latest");
        // names only: no value of any environment variable is kept
        assertThat(config.settings()).doesNotContainValue("staging");
        assertThat(String.join(" ", config.settings().values())).doesNotContain("valueFrom");
        assertThat(config.settings().keySet()).first().isEqualTo("image");
    }

    /** An activity ReplaceService entry carries the Service in its request; the template may not name the revision. */
    @Test
    void readsAServiceTemplateFromARequest() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"methodName": "google.cloud.run.v1.Services.ReplaceService",
                 "request": {"@type": "type.googleapis.com/google.cloud.run.v1.ReplaceServiceRequest",
                   "service": {"kind": "Service", "spec": {"template": {
                     "metadata": {"annotations": {"run.googleapis.com/vpc-access-egress": "all-traffic"}},
                     "spec": {"timeoutSeconds": 600.0, "containers": [{"image": "gcr.io/p/i:latest",
                        "resources": {"limits": {"cpu": "2", "memory": "4Gi"}}}]}}}}}}
                """);

        RevisionConfig config = RevisionSpecReader.read(payload);

        assertThat(config.revision()).isNull();
        assertThat(config.settings()).containsEntry("cpu", "2").containsEntry("memory", "4Gi")
                .containsEntry("timeoutSeconds", "600").containsEntry("vpcEgress", "all-traffic");
    }

    @Test
    void auditEntriesWithoutASpecGiveNothing() throws Exception {
        assertThat(RevisionSpecReader.read(JSON.readTree("{\"status\": {\"message\": \"x\"}, \"methodName\": \"SetIamPolicy\"}"))).isNull();
        assertThat(RevisionSpecReader.read(null)).isNull();
    }

    /** A failed execution's system event (planqtn/planqtn's test file, shape for shape): its spec and how it ended. */
    @Test
    void readsAJobExecutionResponseAndItsOutcome() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "methodName": "/Jobs.RunJob",
                 "resourceName": "namespaces/acme/executions/orders-export-q9z4t",
                 "response": {"@type": "type.googleapis.com/google.cloud.run.v1.Execution", "kind": "Execution",
                   "metadata": {"name": "orders-export-q9z4t", "annotations": {"run.googleapis.com/execution-environment": "gen2"}},
                   "spec": {"parallelism": 1, "taskCount": 1, "template": {"spec": {
                     "containers": [{"image": "eu.gcr.io/acme/orders-export:2.4.0",
                       "env": [{"name": "EXPORT_BUCKET_URI", "value": "gs://acme-exports/orders"}],
                       "resources": {"limits": {"cpu": "1000m", "memory": "1Gi"}}}],
                     "maxRetries": 1, "serviceAccountName": "export@acme.iam.gserviceaccount.com", "timeoutSeconds": "1800"}}},
                   "status": {"failedCount": 1, "retriedCount": 1, "conditions": [
                     {"type": "Completed", "status": "False", "reason": "NonZeroExitCode",
                      "message": "Task orders-export-q9z4t-task0 failed with message: The container exited with an error."},
                     {"type": "Retry", "status": "True", "reason": "ImmediateRetry",
                      "message": "System will retry after 0:00:00 from lastTransitionTime for attempt 0."}]}},
                 "status": {"code": 10, "message": "Execution orders-export-q9z4t has failed to complete, 0/1 tasks were a success."}}
                """);

        RevisionConfig config = RevisionSpecReader.read(payload);
        assertThat(config.revision()).isEqualTo("orders-export-q9z4t");
        assertThat(config.settings()).containsEntry("image", "eu.gcr.io/acme/orders-export:2.4.0").containsEntry("memory", "1Gi")
                .containsEntry("timeoutSeconds", "1800").containsEntry("maxRetries", "1").containsEntry("taskCount", "1")
                .containsEntry("parallelism", "1").containsEntry("envNames", "EXPORT_BUCKET_URI")
                .containsEntry("executionEnvironment", "gen2");
        assertThat(config.settings().values()).noneMatch(v -> v.contains("gs://"));

        var outcome = RevisionSpecReader.outcome(payload);
        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.taskCount()).isEqualTo(1);
        assertThat(outcome.failed()).isEqualTo(1);
        assertThat(outcome.retried()).isEqualTo(1);
        assertThat(outcome.succeededWhole()).isFalse();
        assertThat(outcome.message()).isEqualTo("Task orders-export-q9z4t-task0 failed with message: The container exited with an error.");
    }

    /** A job update (ReplaceJob) states the executions' task template without naming an execution. */
    @Test
    void readsAJobSpecFromAReplaceJobRequest() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"methodName": "google.cloud.run.v1.Jobs.ReplaceJob",
                 "request": {"@type": "type.googleapis.com/google.cloud.run.v1.ReplaceJobRequest",
                   "job": {"kind": "Job", "metadata": {"name": "orders-export"},
                     "spec": {"template": {"spec": {"taskCount": 4, "parallelism": 2, "template": {"spec": {
                       "containers": [{"image": "eu.gcr.io/acme/orders-export:2.4.0"}], "maxRetries": 3, "timeoutSeconds": "600"}}}}}}}}
                """);

        RevisionConfig config = RevisionSpecReader.read(payload);

        assertThat(config.revision()).isNull();
        assertThat(config.settings()).containsEntry("taskCount", "4").containsEntry("parallelism", "2").containsEntry("maxRetries", "3")
                .containsEntry("timeoutSeconds", "600").containsEntry("image", "eu.gcr.io/acme/orders-export:2.4.0");
        assertThat(RevisionSpecReader.outcome(payload)).isNull();
    }
}
