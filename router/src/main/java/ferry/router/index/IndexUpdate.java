package ferry.router.index;

import ferry.core.data.DataSet;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's part of finishing a received object: its rows, written in the journal transaction that finishes it
 * ({@link ferry.router.journal.Journal#finishLater}), so the index costs no commit and no fsync of its own, and no
 * read of the file: the header is the one the store actions have in hand, read up to Pixel Data when the index is on
 * ({@code ferry.router.receive.Routing}). A failure of the index (other than the disk's) is logged and undone
 * without failing the transaction: the object's finish, its forwarding jobs and the other objects of the batch
 * commit all the same.
 */
public final class IndexUpdate {
    private static final Logger LOG = LoggerFactory.getLogger(IndexUpdate.class);

    private IndexUpdate() {
    }

    /**
     * The writing of a finished object's index rows, or null when it cannot be indexed (no Study, Series or SOP
     * Instance UID: logged, the object itself is handled as usual).
     *
     * @param journalId    its journal record
     * @param record       what was journaled of its receipt
     * @param header       its data set, read up to Pixel Data
     * @param stored       the files its store actions placed
     * @param destinations the destinations it is queued to
     */
    public static JournalWork of(long journalId, ReceivedRecord record, DataSet header, List<String> stored,
                                 List<String> destinations) {
        Handling handling = new Handling(record.receivedAt(), record.callingAeTitle(), record.calledAeTitle(),
                record.peerAddress(), record.routes(), stored, destinations, record.transferSyntaxUid(),
                record.size(), true);
        IndexedObject object;
        try {
            object = IndexedObject.of(header, handling, journalId);
        } catch (RuntimeException e) { // no UIDs, or a value the JSON writer refused: the object is not indexed
            LOG.warn("journal record {} ({}) is not indexed: {}", journalId, record.sopInstanceUid(),
                    e.getMessage());
            return null;
        }
        return transaction -> {
            // the objects of one series finished in one batch look up and write its patient, study and series once
            IndexStore.Written written = transaction.kept(IndexStore.Written.class, IndexStore.Written::new);
            Exception failure = transaction.attempt(attempted -> IndexStore.write(attempted, object, written));
            if (failure != null) { // the object's finish commits all the same; only its index rows are missing
                written.forget(); // what it wrote was rolled back
                LOG.error("journal record {} ({}) could not be indexed: {}", journalId, record.sopInstanceUid(),
                        failure.toString());
            }
        };
    }
}
