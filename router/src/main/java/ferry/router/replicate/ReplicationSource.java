package ferry.router.replicate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a replication copies from. Lists the instances a query selects, page by page, and fetches one instance's
 * Part 10 file, streamed to disk. Called from several threads at once ({@code --parallel}): {@link #fetch} must be
 * thread-safe; {@link #list} and {@link #changes} are called from one thread at a time.
 *
 * <p>Failures: what makes the whole source unusable (unreachable, credentials refused, not the kind of server
 * expected) is an {@link EndpointException}; what concerns one instance only (gone since it was listed, not
 * DICOM) an {@link InstanceException}, after which the rest goes on.
 */
public interface ReplicationSource extends AutoCloseable {
    /** What it is, for messages and {@code ferry status}, without secrets: "Orthanc http://pacs:8042". */
    String describe();

    /**
     * Lists the instances {@code query} selects, in pages (a few hundred at a time), each instance once.
     *
     * @param pages told each page; returns false to stop the listing
     */
    void list(ReplicationQuery query, Pages pages) throws IOException, InterruptedException;

    /**
     * Writes the instance's Part 10 file to {@code target} (created or replaced), streamed: never the whole file
     * in the heap. Throws {@link InstanceException} when this instance cannot be had.
     */
    void fetch(SourceInstance instance, Path target) throws IOException, InterruptedException;

    /**
     * Its feed of the new instances {@code query} selects, for {@code --follow}; empty when it has none (it is then
     * listed again). A feed may offer more than the query selects: the replication matches each fetched instance
     * against the query again.
     */
    default Optional<ChangeFeed> changes(ReplicationQuery query) {
        return Optional.empty();
    }

    @Override
    void close();

    /** Takes the pages of a listing. */
    @FunctionalInterface
    interface Pages {
        /** Takes one page; false stops the listing. */
        boolean accept(List<SourceInstance> page) throws IOException, InterruptedException;
    }
}
