package dev.faultline.incident;

/** A revision, what the logs say about it, and the verdict. */
public record RevisionReport(RevisionHits revision, Incident incident) {

    public RevisionKey key() {
        return revision.key();
    }
}
