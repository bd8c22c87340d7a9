package dev.faultline.entry;

/**
 * The monitored resource of an entry. For {@code cloud_run_revision} the labels are
 * service_name, revision_name, configuration_name, location and project_id; other
 * resource types keep what they have and leave the rest null.
 */
public record Resource(String type, String project, String service, String revision,
                       String configuration, String location) {

    public static final String CLOUD_RUN_REVISION = "cloud_run_revision";
    public static final Resource NONE = new Resource(null, null, null, null, null, null);

    /** True when the entry can be grouped under a revision (service-level audit entries carry revision_name ""). */
    public boolean namesRevision() {
        return revision != null && !revision.isEmpty();
    }
}
