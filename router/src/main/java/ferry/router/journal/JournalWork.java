package ferry.router.journal;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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

    /** The works that are not null, one after the other; null when all are. */
    static JournalWork all(JournalWork... works) {
        List<JournalWork> present = Arrays.stream(works).filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return null;
        }
        if (present.size() == 1) {
            return present.get(0);
        }
        return transaction -> {
            for (JournalWork work : present) {
                work.write(transaction);
            }
        };
    }
}
