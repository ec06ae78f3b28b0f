package ferry.router.replicate;

import java.io.IOException;
import java.util.List;

/**
 * A source's feed of the instances added to it, by a cursor (Orthanc's {@code /changes} sequence numbers; for a
 * DICOM node, a moving date window). A replication keeps the cursor in Ferry's database, so a restart goes on from
 * it. A page may offer an instance again (a DICOM node's window overlaps): the replication copies it once.
 */
public interface ChangeFeed {
    /** The cursor of the feed's newest entry now: where following starts after a full comparison pass. */
    long latest() throws IOException, InterruptedException;

    /**
     * The instances added after {@code cursor}, at most a page of them, and the cursor after them.
     *
     * @throws FeedTruncatedException when entries after {@code cursor} are no longer in the feed (it was cleared or
     *                                cut short): instances may have been missed, and a full pass is needed
     */
    Page after(long cursor) throws IOException, InterruptedException;

    /**
     * A page of the feed.
     *
     * @param instances the instances added (possibly none: the entries may concern other things)
     * @param cursor    the cursor after this page
     * @param more      whether more entries follow at once (else the caller waits before asking again)
     */
    record Page(List<SourceInstance> instances, long cursor, boolean more) {
        public Page {
            instances = List.copyOf(instances);
        }
    }
}
