package ferry.router.replicate;

import ferry.router.database.Database;
import ferry.router.journal.JournalAccess;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one replication has done, in Ferry's database (tables {@code replication} and {@code replication_item},
 * docs/replication.md): each source instance it copied, found present or failed on, by its SOP Instance UID at the
 * source, and the cursor of the source's change feed. Outcomes are kept in memory and written in one transaction
 * every {@value #BATCH} outcomes or when {@link #flush()}ed: a {@code kill -9} loses at most those, whose instances
 * the next pass finds at the destination (or copies again, at least once). Writes beside a running Ferry
 * ({@link JournalAccess#sideWriter}). Thread-safe.
 */
final class ReplicationRecord implements AutoCloseable {
    /** An instance's outcome. */
    enum State {
        COPIED(1), PRESENT(2), FAILED(3);

        final int code;

        State(int code) {
            this.code = code;
        }

        static State of(int code) {
            for (State state : values()) {
                if (state.code == code) {
                    return state;
                }
            }
            throw new IllegalArgumentException("no replication item state " + code);
        }
    }

    /** An instance that failed, and why. */
    record Failure(String sopInstanceUid, String reason) {
    }

    /** Outcomes written per transaction, at most. */
    static final int BATCH = 500;
    private static final int UIDS_PER_SELECT = 500;

    private final JournalAccess.SideWriter writer;
    private final Connection reader;
    private final Clock clock;
    private final long id;
    private final List<Object[]> pending = new ArrayList<>();

    private ReplicationRecord(JournalAccess.SideWriter writer, Connection reader, Clock clock, long id) {
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
        this.id = id;
    }

    /**
     * The record of the replication {@code name} (made when it has none), with what it copies from and to as they
     * are described now (no secrets).
     */
    static ReplicationRecord open(Database journalDatabase, String name, String source, String destination, String query,
                                  Clock clock) throws IOException {
        JournalAccess.SideWriter writer = JournalAccess.sideWriter(journalDatabase);
        Connection reader = null;
        try {
            long[] id = new long[1];
            // one statement, so that two nodes opening the same replication at once (a shared PostgreSQL) both
            // get its one row
            writer.write(transaction -> id[0] = Rows.insert(transaction, "INSERT INTO replication (name, source,"
                    + " destination, query, made_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                    + " source = excluded.source, destination = excluded.destination, query = excluded.query", name,
                    source, destination, query, JournalTransaction.nanos(clock.instant())));
            reader = JournalAccess.readOnly(journalDatabase);
            return new ReplicationRecord(writer, reader, clock, id[0]);
        } catch (IOException | RuntimeException e) {
            writer.close();
            if (reader != null) {
                closeQuietly(reader);
            }
            throw e;
        }
    }

    /** The recorded states of {@code uids} (those not handled yet are not in the map); writes what is pending first. */
    Map<String, State> states(List<String> uids) throws IOException {
        flush();
        if (uids.isEmpty()) {
            return Map.of();
        }
        Map<String, State> states = new HashMap<>();
        try {
            for (int from = 0; from < uids.size(); from += UIDS_PER_SELECT) {
                List<String> part = uids.subList(from, Math.min(uids.size(), from + UIDS_PER_SELECT));
                String sql = "SELECT sop_instance_uid, state FROM replication_item WHERE replication_ref = ? AND"
                        + " sop_instance_uid IN (" + String.join(",", Collections.nCopies(part.size(), "?")) + ")";
                synchronized (reader) {
                    try (PreparedStatement select = reader.prepareStatement(sql)) {
                        select.setLong(1, id);
                        for (int i = 0; i < part.size(); i++) {
                            select.setString(i + 2, part.get(i));
                        }
                        try (ResultSet row = select.executeQuery()) {
                            while (row.next()) {
                                states.put(row.getString(1), State.of(row.getInt(2)));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("the replication record could not be read: " + e.getMessage(), e);
        }
        return states;
    }

    /** Records an outcome (written with the next batch). */
    void record(String sopInstanceUid, State state, String reason) throws IOException {
        boolean full;
        synchronized (pending) {
            pending.add(new Object[] {id, sopInstanceUid, state.code, reason,
                JournalTransaction.nanos(clock.instant())});
            full = pending.size() >= BATCH;
        }
        if (full) {
            flush();
        }
    }

    /** Writes the outcomes recorded so far. */
    void flush() throws IOException {
        List<Object[]> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        synchronized (writer) {
            writer.write(transaction -> {
                for (Object[] item : batch) {
                    Rows.update(transaction, "INSERT INTO replication_item (replication_ref, sop_instance_uid, state,"
                            + " reason, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (replication_ref,"
                            + " sop_instance_uid) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
                            + " updated_at = excluded.updated_at", item);
                }
            });
        }
    }

    /** The cursor of the source's change feed saved last, if any. */
    OptionalLong cursor() throws IOException {
        Long cursor = readOne("SELECT cursor FROM replication WHERE id = ?", row -> row.getObject(1) == null ? null
                : row.getLong(1));
        return cursor == null ? OptionalLong.empty() : OptionalLong.of(cursor);
    }

    /** Saves the feed's cursor, with every outcome recorded before it. */
    void saveCursor(long cursor) throws IOException {
        flush();
        synchronized (writer) {
            writer.write(transaction -> Rows.update(transaction, "UPDATE replication SET cursor = ? WHERE id = ?",
                    cursor, id));
        }
    }

    /** Forgets the cursor (the feed was truncated: the next start makes a full pass). */
    void clearCursor() throws IOException {
        synchronized (writer) {
            writer.write(transaction -> Rows.update(transaction, "UPDATE replication SET cursor = NULL WHERE id = ?",
                    id));
        }
    }

    /** Notes that a full pass ended now. */
    void passed() throws IOException {
        flush();
        synchronized (writer) {
            writer.write(transaction -> Rows.update(transaction, "UPDATE replication SET passed_at = ? WHERE id = ?",
                    JournalTransaction.nanos(clock.instant()), id));
        }
    }

    /** How many instances are recorded in each state. */
    Map<State, Long> totals() throws IOException {
        flush();
        Map<State, Long> totals = new HashMap<>();
        try {
            synchronized (reader) {
                for (Object[] row : Rows.list(reader, "SELECT state, count(*) FROM replication_item WHERE"
                        + " replication_ref = ? GROUP BY state", r -> new Object[] {r.getInt(1), r.getLong(2)}, id)) {
                    totals.put(State.of((Integer) row[0]), (Long) row[1]);
                }
            }
        } catch (SQLException e) {
            throw new IOException("the replication record could not be read: " + e.getMessage(), e);
        }
        return totals;
    }

    /** The instances failed now (at most {@code limit}, the latest first). */
    List<Failure> failures(int limit) throws IOException {
        flush();
        try {
            synchronized (reader) {
                return Rows.list(reader, "SELECT sop_instance_uid, reason FROM replication_item WHERE replication_ref"
                        + " = ? AND state = 3 ORDER BY updated_at DESC LIMIT ?", r -> new Failure(r.getString(1),
                        r.getString(2)), id, limit);
            }
        } catch (SQLException e) {
            throw new IOException("the replication record could not be read: " + e.getMessage(), e);
        }
    }

    private <T> T readOne(String sql, Rows.Reader<T> reading) throws IOException {
        try {
            synchronized (reader) {
                List<T> rows = Rows.list(reader, sql, reading, id);
                return rows.isEmpty() ? null : rows.get(0);
            }
        } catch (SQLException e) {
            throw new IOException("the replication record could not be read: " + e.getMessage(), e);
        }
    }

    /** Writes what is pending, then closes. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            writer.close();
            closeQuietly(reader);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a read-only connection: nothing is lost
        }
    }
}
