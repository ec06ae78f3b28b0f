package ferry.router.journal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Something queued for the journal's next commit; items are committed in the order they were queued. */
sealed interface JournalItem {

    /** A received object whose record is in the receipt log with id {@code id}; nobody waits for its commit. */
    record Received(ReceivedRecord record, long id) implements JournalItem {
    }

    /** An action's result; nobody waits for it. */
    record Action(long objectId, Instant recordedAt, ActionRecord action) implements JournalItem {
    }

    /**
     * An object is finished; its future completes once that is committed. {@code alsoWrite} (or null) commits in
     * the same transaction: what must count once per finished object.
     */
    record Finish(long objectId, Instant finishedAt, JournalWork alsoWrite, CompletableFuture<Void> done)
            implements JournalItem {
    }

    /** Another package's writing, in queue order after the journal's own items of its batch. */
    record Work(JournalWork work, CompletableFuture<Void> done) implements JournalItem {
    }

    /** Completes once everything queued before it has been committed (or has failed). */
    record Flush(CompletableFuture<Void> done) implements JournalItem {
    }

    /** The committing ends after everything queued before it, and the connection closes. */
    record Stop() implements JournalItem {
    }
}
