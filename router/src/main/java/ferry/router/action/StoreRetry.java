package ferry.router.action;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An object whose store action failed while Ferry runs, as {@code ferry status} shows it: it stays in the spool,
 * unfinished, and is tried again at {@code nextAttempt}.
 *
 * @param journalId      the object's journal id
 * @param sopInstanceUid the object's SOP Instance UID
 * @param route          the route whose store action failed (the first, when several did)
 * @param folder         that store's folder
 * @param failures       failed attempts so far
 * @param nextAttempt    when it is tried again; null when it was given up after the queue's {@code attempts} (it is
 *                       then carried out again at the next start)
 * @param reason         why the last attempt failed
 */
public record StoreRetry(long journalId, String sopInstanceUid, String route, Path folder, int failures,
                         Instant nextAttempt, String reason) {
}
