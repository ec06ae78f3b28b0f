package ferry.router.database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL engine a connection talks to. The stores write standard SQL where both engines take it and ask this where
 * they differ: SQLite's {@code GLOB}, {@code PRAGMA}s and single-file maintenance, PostgreSQL's row locks
 * ({@code FOR UPDATE SKIP LOCKED}) and sequences.
 */
public enum SqlDialect {
    /** The embedded SQLite database of one Ferry. */
    SQLITE,
    /** A PostgreSQL server, possibly shared by several Ferry nodes. */
    POSTGRESQL;

    /** The dialect of {@code connection}, from its driver's product name. */
    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return "PostgreSQL".equalsIgnoreCase(product) ? POSTGRESQL : SQLITE;
    }
}
