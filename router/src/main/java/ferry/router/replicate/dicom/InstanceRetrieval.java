package ferry.router.replicate.dicom;

import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How a {@link DicomSource} fetches one instance it listed: by C-GET ({@link GetRetrieval}) or by C-MOVE to Ferry's
 * own listener ({@link MoveRetrieval}). Thread-safe; failures as {@link ferry.router.replicate.ReplicationSource#fetch} has them.
 */
interface InstanceRetrieval extends AutoCloseable {
    /** Writes the instance at {@code locator} to {@code target} as a Part 10 file, streamed. */
    void fetch(SourceInstance instance, DicomLocator locator, Path target) throws IOException, InterruptedException;

    /** Releases its associations (and listener). */
    @Override
    void close();
}
