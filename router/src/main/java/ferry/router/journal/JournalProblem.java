package ferry.router.journal;

import java.time.Instant;

/**
 * Why the journal cannot write at the moment (a full disk, a read-only file, an input/output error), for
 * {@code ferry status} and for refusing new objects meanwhile. What could not be committed is kept in memory and
 * written again at {@code nextAttempt}; the records of acknowledged objects are safe in the receipt log until then.
 *
 * @param reason      the last failure, naming the journal file
 * @param since       when the first of the failed attempts was made
 * @param attempts    failed attempts so far
 * @param nextAttempt when the next attempt is made
 * @param waiting     records, action results and other writes waiting for it
 */
public record JournalProblem(String reason, Instant since, int attempts, Instant nextAttempt, int waiting) {
}
