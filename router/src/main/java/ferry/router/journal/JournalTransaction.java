package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The journal's write transaction as {@link JournalWork} sees it: statements prepared once per SQL text and kept
 * for the life of the writer's connection (a new one after a failed commit).
 */
public final class JournalTransaction {
    private final Database database;
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    /** What work keeps for the rest of the transaction under way ({@link #kept}); emptied when one begins. */
    private final Map<Class<?>, Object> kept = new HashMap<>();

    JournalTransaction(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    /** The engine, for work whose SQL differs between SQLite and PostgreSQL. */
    public SqlDialect dialect() {
        return database.dialect();
    }

    /** The name this node's rows carry in a shared database ({@link Database#node}); empty on SQLite. */
    public String node() {
        return database.node();
    }

    /**
     * What work of {@code type} keeps for the rest of this transaction (rows it wrote that the next work can reuse):
     * the same object until the transaction ends, made by {@code make} at the first call. It is dropped when the next
     * transaction begins, so nothing of a rolled-back transaction outlives it; work that rolls back to a savepoint
     * forgets what it kept since.
     */
    public <T> T kept(Class<T> type, Supplier<T> make) {
        return type.cast(kept.computeIfAbsent(type, t -> make.get()));
    }

    /** A transaction began on the connection: nothing kept for the one before is good any more. */
    void began() {
        kept.clear();
    }

    /** The statement for {@code sql}, prepared at its first use; its parameters are cleared. */
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /**
     * A plain statement on the transaction's connection, for SQL that a prepared statement cannot run to its end
     * ({@code PRAGMA incremental_vacuum}, stepped once per execution by the driver); the caller closes it.
     */
    public Statement plainStatement() throws SQLException {
        return connection.createStatement();
    }

    /**
     * Runs {@code work} inside a savepoint, for work whose failure must not fail the batch (the index of an object):
     * when it fails for another reason than the disk (a constraint, a bug), what it wrote is undone, the transaction
     * goes on and the failure is returned; a failure of the disk (full, read-only, an input/output error) is thrown,
     * so the transaction is written again later as always. Null when it succeeded.
     */
    public Exception attempt(JournalWork work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT attempt");
            try {
                work.write(this);
                statement.execute("RELEASE attempt");
                return null;
            } catch (SQLException e) {
                if (database.passes(e)) {
                    throw e;
                }
                statement.execute("ROLLBACK TO attempt");
                statement.execute("RELEASE attempt");
                return e;
            } catch (RuntimeException e) {
                statement.execute("ROLLBACK TO attempt");
                statement.execute("RELEASE attempt");
                return e;
            }
        }
    }

    /** Nanoseconds since the epoch, how the journal stores times: exact for an Instant up to the year 2262. */
    public static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** The instant of nanoseconds since the epoch. */
    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
    }
}
