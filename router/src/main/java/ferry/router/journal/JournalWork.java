package ferry.router.journal;

import java.sql.SQLException;

/**
 * Writing of another package's tables (study state, notifications) inside a journal transaction: it commits
 * atomically with the journal items of the same batch, after the items queued before it. The tables are made by
 * the journal's migrations ({@code JournalSql}); the work must not begin, commit or roll back.
 */
@FunctionalInterface
public interface JournalWork {
    /**
     * Writes through {@code transaction}. When the commit fails because of the disk (full, read-only, an
     * input/output error), the transaction is rolled back and the work runs again in a later one: keep no state
     * outside the transaction, or reset it at the start. Any other exception fails the whole batch, which is retried
     * by no one.
     */
    void write(JournalTransaction transaction) throws SQLException;
}
