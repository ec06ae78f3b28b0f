package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The journal's own rows on the writer's connection: received objects, their actions, their finish and the received
 * counts, written by {@link BatchCommitter} in one transaction per batch. Statements are prepared once per
 * connection (a failed commit closes it, and the next attempt opens another). Every SQL text is in {@link JournalSql};
 * this class only binds values, so another database's dialect is a matter of that text.
 */
final class JournalStore implements AutoCloseable {

    private final Database database;
    private final Connection connection;
    private final JournalTransaction transaction;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement insertObject;
    private final PreparedStatement addCount;
    private final PreparedStatement insertAction;
    private final PreparedStatement finishObject;
    private final PreparedStatement synchronousFull;
    private final PreparedStatement synchronousNormal;
    /** Whether commits end with an fsync of the write-ahead log now ({@code synchronous = FULL}). */
    private boolean syncing;

    private JournalStore(Database database, Connection connection, boolean syncing) throws SQLException {
        this.database = database;
        this.connection = connection;
        this.syncing = syncing;
        this.transaction = new JournalTransaction(database, connection);
        begin = connection.prepareStatement(JournalSql.beginWrite(database.dialect()));
        commit = connection.prepareStatement(JournalSql.COMMIT);
        insertObject = connection.prepareStatement(JournalSql.INSERT_OBJECT);
        addCount = connection.prepareStatement(JournalSql.ADD_COUNT);
        insertAction = connection.prepareStatement(JournalSql.INSERT_ACTION);
        finishObject = connection.prepareStatement(JournalSql.FINISH_OBJECT);
        boolean sqlite = database.dialect() == SqlDialect.SQLITE;
        synchronousFull = connection.prepareStatement(sqlite ? JournalSql.SYNCHRONOUS_FULL
                : JournalSql.SYNCHRONOUS_COMMIT_ON);
        synchronousNormal = connection.prepareStatement(sqlite ? JournalSql.SYNCHRONOUS_NORMAL
                : JournalSql.SYNCHRONOUS_COMMIT_OFF);
    }

    /**
     * The store on {@code connection}, a writer connection ({@link Database#openWriter}) opened with
     * {@code syncing}; the connection closes with the store.
     */
    static JournalStore on(Database database, Connection connection, boolean syncing) throws SQLException {
        return new JournalStore(database, connection, syncing);
    }

    /** Opens a writer connection to {@code database}; its commits are synced when {@code syncing}. */
    static JournalStore open(Database database, boolean syncing) throws IOException, SQLException {
        Connection opened = database.openWriter(syncing);
        try {
            return new JournalStore(database, opened, syncing);
        } catch (SQLException e) {
            Database.closeQuietly(opened);
            throw e;
        }
    }

    /** Sets whether the next commits end with an fsync of the write-ahead log; returns {@code sync}. */
    boolean syncCommits(boolean sync) throws SQLException {
        if (sync != syncing) {
            (sync ? synchronousFull : synchronousNormal).execute();
            syncing = sync;
        }
        return sync;
    }

    /** Begins a write transaction; what work kept for the one before is dropped ({@link JournalTransaction#kept}). */
    private void beginTransaction() throws SQLException {
        begin.execute();
        transaction.began();
    }

    /** Writes one batch in one transaction, in this order: records, action results, finishes, other work. */
    void write(List<JournalItem.Received> received, List<JournalItem.Action> actions,
               List<JournalItem.Finish> finished, List<JournalItem.Work> work) throws SQLException {
        beginTransaction();
        if (!received.isEmpty()) {
            insertObjects(received);
        }
        if (!actions.isEmpty()) {
            insertActions(actions);
        }
        if (!finished.isEmpty()) {
            markFinished(finished);
        }
        for (JournalItem.Work w : work) {
            w.work().write(transaction);
        }
        commit.execute();
    }

    /** Writes {@code received} in a transaction of its own; on failure rolls it back. */
    void writeRecords(List<JournalItem.Received> received) throws SQLException {
        beginTransaction();
        try {
            insertObjects(received);
            commit.execute();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private void insertObjects(List<JournalItem.Received> received) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        PreparedStatement object = insertObject;
        for (JournalItem.Received r : received) {
            ReceivedRecord record = r.record();
            object.setLong(1, r.id());
            object.setLong(2, JournalTransaction.nanos(record.receivedAt()));
            object.setString(3, record.callingAeTitle());
            object.setString(4, record.calledAeTitle());
            object.setString(5, record.peerAddress());
            object.setString(6, record.sopClassUid());
            object.setString(7, record.sopInstanceUid());
            object.setString(8, record.studyInstanceUid());
            object.setString(9, record.seriesInstanceUid());
            object.setString(10, record.transferSyntaxUid());
            object.setLong(11, record.size());
            object.setString(12, record.spoolFile().toString());
            object.setInt(13, record.unrouted() ? 1 : 0);
            object.setString(14, String.join(JournalSql.ROUTE_SEPARATOR, record.routes()));
            if (record.hasSpoolChecksum()) {
                object.setLong(15, record.spoolChecksum());
            } else {
                object.setNull(15, Types.INTEGER);
            }
            object.setString(16, database.node());
            object.addBatch();
            for (String name : countNames(record)) {
                long[] count = counts.computeIfAbsent(name, n -> new long[2]);
                count[0]++;
                count[1] += record.size();
            }
        }
        object.executeBatch();
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            addCount.setString(1, database.node());
            addCount.setString(2, entry.getKey());
            addCount.setLong(3, entry.getValue()[0]);
            addCount.setLong(4, entry.getValue()[1]);
            addCount.addBatch();
        }
        addCount.executeBatch();
    }

    /** The {@code received_count} rows an object counts in: its routes' (or unrouted) and the total. */
    private static List<String> countNames(ReceivedRecord record) {
        List<String> names = new ArrayList<>(record.routes().size() + 1);
        for (String route : record.routes()) {
            names.add(JournalSql.COUNT_ROUTE_PREFIX + route);
        }
        if (record.unrouted()) {
            names.add(JournalSql.COUNT_UNROUTED);
        }
        names.add(JournalSql.COUNT_TOTAL);
        return names;
    }

    /** Takes an object that was never acknowledged back out of the received counts its record added to. */
    static JournalWork uncount(ReceivedRecord record) {
        return transaction -> {
            PreparedStatement add = transaction.statement(JournalSql.ADD_COUNT);
            for (String name : countNames(record)) {
                add.setString(1, transaction.node());
                add.setString(2, name);
                add.setLong(3, -1);
                add.setLong(4, -record.size());
                add.addBatch();
            }
            add.executeBatch();
        };
    }

    private void insertActions(List<JournalItem.Action> actions) throws SQLException {
        for (JournalItem.Action a : actions) {
            insertAction.setLong(1, a.objectId());
            insertAction.setLong(2, JournalTransaction.nanos(a.recordedAt()));
            insertAction.setString(3, a.action().route());
            insertAction.setString(4, a.action().action());
            insertAction.setString(5, a.action().result());
            insertAction.setString(6, a.action().detail());
            insertAction.addBatch();
        }
        insertAction.executeBatch();
    }

    private void markFinished(List<JournalItem.Finish> finished) throws SQLException {
        for (JournalItem.Finish f : finished) {
            finishObject.setLong(1, JournalTransaction.nanos(f.finishedAt()));
            finishObject.setLong(2, f.objectId());
            finishObject.addBatch();
        }
        finishObject.executeBatch();
        for (JournalItem.Finish f : finished) {
            if (f.alsoWrite() != null) {
                f.alsoWrite().write(transaction);
            }
        }
    }

    /** The highest id of this node's objects in the database (0 when none). */
    long highestObjectId() throws SQLException {
        try (PreparedStatement highest = connection.prepareStatement(JournalSql.HIGHEST_OBJECT_ID)) {
            highest.setString(1, database.node());
            try (ResultSet result = highest.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * Registers this node in {@code ferry_node} (or marks its start again), in a transaction of its own: its
     * heartbeat starts from now; its version and load come with the heartbeats of the running service.
     */
    void registerNode(long now) throws SQLException {
        beginTransaction();
        try (PreparedStatement register = connection.prepareStatement(JournalSql.REGISTER_NODE)) {
            register.setString(1, database.node());
            register.setLong(2, now);
            register.setLong(3, now);
            register.executeUpdate();
            commit.execute();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** The object ids from {@code first} to {@code last} that the database has. */
    Set<Long> objectIdsBetween(long first, long last) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (PreparedStatement ids = connection.prepareStatement(JournalSql.OBJECT_IDS_BETWEEN)) {
            ids.setLong(1, first);
            ids.setLong(2, last);
            try (ResultSet row = ids.executeQuery()) {
                while (row.next()) {
                    present.add(row.getLong(1));
                }
            }
        }
        return present;
    }

    /**
     * Copies the write-ahead log into the database, syncing both; true when that was complete (every commit is then
     * on disk), false when a reader blocked part of it.
     */
    boolean checkpoint() throws SQLException {
        if (database.dialect() == SqlDialect.POSTGRESQL) {
            return markDurable();
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(JournalSql.CHECKPOINT)) {
            return result.next() && result.getInt(1) == 0;
        }
    }

    /**
     * PostgreSQL: a commit that waits for the server's log to reach its disk, and so every commit before it (the log
     * is written in order).
     */
    private boolean markDurable() throws SQLException {
        try (Statement statement = connection.createStatement();
             PreparedStatement mark = connection.prepareStatement(JournalSql.MARK_DURABLE)) {
            beginTransaction();
            statement.execute("SET LOCAL synchronous_commit = on");
            mark.setLong(1, JournalTransaction.nanos(java.time.Instant.now()));
            mark.setString(2, database.node());
            mark.executeUpdate();
            commit.execute();
            return true;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Ends a failed transaction (the database may have ended it already, which makes the rollback fail harmlessly).
     */
    void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.ROLLBACK);
        } catch (SQLException e) {
            // ended already; rows a failed batch left queued in the statements go with the connection
        }
    }

    /** Closes the connection and its statements. */
    @Override
    public void close() {
        Database.closeQuietly(connection);
    }
}
