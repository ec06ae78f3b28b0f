package ferry.router.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where Ferry's database is: the journal, the forwarding queue, study state, the notification outbox, the index and
 * the replication cursors are its tables. Opens connections to it and explains its failures in words naming it.
 */
public sealed interface Database permits SqliteDatabase, PostgresDatabase {

    /** The engine, for the stores' SQL where the two differ. */
    SqlDialect dialect();

    /**
     * The writer's connection (auto-commit on; the journal begins and commits its transactions itself): its commits
     * are on disk before they return when {@code syncing}, else only later (durability {@code process}).
     */
    Connection openWriter(boolean syncing) throws IOException;

    /** A connection for reads that never waits for the writer. */
    Connection openReader() throws IOException;

    /**
     * Checks before the first connection what can be checked from here (a missing or read-only folder of an SQLite
     * file), with a message saying what to do.
     */
    void check() throws IOException;

    /** An exception naming the database and what went wrong, in words, with {@code e} as its cause. */
    IOException problem(String what, SQLException e);

    /**
     * Whether a failed write may succeed when tried again on a new connection: the disk, the network or the server
     * made it fail (full, read-only, unreachable, restarting, a lock), not what was written.
     */
    boolean passes(SQLException e);

    /**
     * The name this Ferry's rows carry where several nodes share the database (received objects, counts, the node's
     * heartbeat); empty on SQLite, where one Ferry is the only node.
     */
    String node();

    /**
     * Whether a failed transaction met another's (a deadlock, a serialization failure) and may be run again at once:
     * the other went through. Never on SQLite, whose one writer meets no one.
     */
    boolean conflicts(SQLException e);

    /** The local file of the receipt log that keeps received records safe until their commit (docs/durability.md). */
    Path receiptLog();

    /**
     * How this database is named in messages and in {@code ferry status}: the SQLite file's path, or the
     * PostgreSQL server's {@code postgresql://host:port/name} (never the password).
     */
    String location();

    /** Closes a connection, ignoring its failure (the first error is the one reported). */
    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }
}
