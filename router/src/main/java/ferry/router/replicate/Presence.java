package ferry.router.replicate;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Asks a destination which instances it holds already (Orthanc's {@code /tools/find}, a C-FIND at IMAGE level,
 * QIDO-RS, a folder's files), so that a replication copies only what is missing. Called from one thread at a time.
 */
public interface Presence extends AutoCloseable {
    /** How many instances {@link #held} is best asked about at once. */
    default int batchSize() {
        return 500;
    }

    /**
     * Of {@code instances} (their UIDs as the destination would hold them: after the replication's edits), the SOP
     * Instance UIDs of those the destination holds. Throws {@link EndpointException} when it cannot be asked.
     */
    Set<String> held(List<SourceInstance> instances) throws IOException, InterruptedException;

    @Override
    default void close() {
    }
}
