package dev.scaleout.infra.database;

import java.util.Optional;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * The snapshot destroy keeps on purpose when {@code database.finalSnapshotOnDestroy} is true.
 * The database copies its tags to its snapshots (CopyTagsToSnapshot), so the final one carries
 * the stack's tags, and {@code FinalSnapshotOnDestroy=true} with them: the teardown check
 * finds it by those tags, and must report it as kept, with how to delete it, not as left over.
 */
public final class FinalSnapshot {

    private FinalSnapshot() {}

    /** The snapshot's identifier, when {@code mapping} is a manual RDS snapshot made because the config asked. */
    public static Optional<String> of(ResourceTagMapping mapping) {
        String arn = mapping.resourceARN();
        String[] parts = arn.split(":", 7);
        boolean snapshot = parts.length == 7 && "rds".equals(parts[2]) && "snapshot".equals(parts[5]);
        boolean asked = mapping.tags().stream()
                .anyMatch(t -> DbInstanceType.SNAPSHOT_TAG.equals(t.key()) && "true".equals(t.value()));
        return snapshot && asked ? Optional.of(parts[6]) : Optional.empty();
    }

    /** What destroy prints for it: its name, why it is there, and the command that deletes it. */
    public static String keptLine(String identifier, String region) {
        return "kept: database snapshot " + identifier + " (database.finalSnapshotOnDestroy); it is billed"
                + " for its storage until you delete it: aws rds delete-db-snapshot --db-snapshot-identifier "
                + identifier + " --region " + region;
    }
}
