package dev.faultline.entry;

/**
 * The monitored resource of an entry. For {@code cloud_run_revision} the labels are
 * service_name, revision_name, configuration_name, location and project_id. For
 * {@code cloud_run_job} (labels job_name, location, project_id) {@code service} holds the job's
 * name and {@code revision} the execution the entry's {@code run.googleapis.com/execution_name}
 * label names: a job's executions are grouped the way a service's revisions are. Other resource
 * types keep what they have and leave the rest null.
 */
public record Resource(String type, String project, String service, String revision,
                       String configuration, String location) {

    public static final String CLOUD_RUN_REVISION = "cloud_run_revision";
    public static final String CLOUD_RUN_JOB = "cloud_run_job";

    /** An entry of a Cloud Run Job: {@code service} is the job, {@code revision} the execution. */
    public boolean isJob() {
        return CLOUD_RUN_JOB.equals(type);
    }
    public static final Resource NONE = new Resource(null, null, null, null, null, null);

    /** True when the entry can be grouped under a revision (service-level audit entries carry revision_name ""). */
    public boolean namesRevision() {
        return revision != null && !revision.isEmpty();
    }
}
