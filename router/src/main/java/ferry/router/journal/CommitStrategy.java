package ferry.router.journal;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * Who commits the journal's queued items, and what "safe" and "durable" then mean; the {@link DurabilityPolicy}
 * chooses ({@link DurabilityPolicy#callersCommit}). {@link CallerCommits}: whoever needs a commit makes it, nothing is
 * fsync'd. {@link WriterThread}: a writer thread commits, received records wait for a group fdatasync of the receipt
 * log, and durable means on disk. Both commit through one {@link BatchCommitter}.
 */
sealed interface CommitStrategy permits CallerCommits, WriterThread {

    /**
     * Called once a received record is in the receipt log: completes once it is safe there; null when it already is
     * (nothing to wait for). The caller does its own syncing meanwhile.
     */
    CompletableFuture<Void> receiptSafe();

    /** Before waiting for {@code done}: commits what is queued until it is done, where callers commit. */
    void commitUntilDone(CompletableFuture<?> done) throws InterruptedIOException;

    /** Completes once every commit made before this call is durable at the level. */
    CompletableFuture<Void> whenDurable();

    /** fdatasyncs of the receipt log so far. */
    long receiptSyncs();

    /**
     * Commits everything queued, stops, and closes the connection and the receipt log; later submissions fail.
     * Calling it again does nothing. When the journal cannot write even then, what it holds is given up (its
     * records stay in the receipt log for the next start).
     */
    void close() throws InterruptedException;
}
