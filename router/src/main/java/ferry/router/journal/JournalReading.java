package ferry.router.journal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A read of another package's tables on the journal's read connection, inside one read transaction (one committed
 * state of the database).
 *
 * @param <T> what the read returns
 */
@FunctionalInterface
public interface JournalReading<T> {
    T read(Connection connection) throws SQLException;
}
