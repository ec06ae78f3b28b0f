package ferry.router.index;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.journal.JournalAccess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Opens {@link IndexQuery}s on the index of a journal database, read-only, beside the running Ferry (write-ahead
 * logging: queries never wait for its commits nor hold them up). Each {@link #open} has a connection of its own, so
 * any thread may run a query (a C-FIND SCP: one per association).
 *
 * <pre>{@code
 * IndexSearch index = new IndexSearch(config.journalDatabase());
 * try (IndexCursor matches = index.open(IndexQuery.of(QueryLevel.STUDY, identifier))) {
 *     while (matches.hasNext()) {
 *         send(matches.next().attributes());   // matches.cancel() from another thread ends it
 *     }
 * }
 * }</pre>
 */
public final class IndexSearch {
    private final Database journalDatabase;

    /** Queries the index in the journal database {@code journalDatabase}. */
    public IndexSearch(Database journalDatabase) {
        this.journalDatabase = journalDatabase;
    }

    /**
     * The matches of {@code query}, as a cursor with a read-only connection of its own (closed with it), in the order
     * the database finds them (none is promised: the first match comes before the last is found).
     *
     * @throws IOException when the database does not exist, is not of this Ferry's schema, or cannot be read
     */
    public IndexCursor open(IndexQuery query) throws IOException {
        return open(query, false);
    }

    /**
     * The {@code limit} matches of {@code query} after the first {@code offset}, in the order their level's rows were
     * first indexed in (the same on every engine, so that pages asked for one after the other follow on), and whether
     * more follow.
     *
     * @throws IOException as {@link #open}
     */
    public IndexCursor.Page page(IndexQuery query, int offset, int limit) throws IOException {
        try (IndexCursor cursor = open(query, true)) {
            return cursor.page(offset, limit);
        }
    }

    private IndexCursor open(IndexQuery query, boolean ordered) throws IOException {
        Connection connection = JournalAccess.readOnly(journalDatabase);
        try {
            if (journalDatabase.dialect() == SqlDialect.POSTGRESQL) {
                // PostgreSQL's driver reads a result a fetch at a time only inside a transaction; with auto-commit
                // on it would read every match into memory before the first
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            return new IndexCursor(query, connection, true, ordered);
        } catch (SQLException e) {
            Database.closeQuietly(connection);
            throw new IOException("the index in " + journalDatabase + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * The header of instance {@code sopInstanceUid} as the index keeps it: DICOM JSON (PS3.18 F.2) of its data set
     * up to the pixel data, without bulk data; empty when the instance is not in the index.
     */
    public Optional<String> header(String sopInstanceUid) throws IOException {
        try (Connection connection = JournalAccess.readOnly(journalDatabase);
             PreparedStatement select = connection.prepareStatement(IndexSql.SELECT_HEADER)) {
            select.setString(1, sopInstanceUid);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(HeaderJson.text(row.getBytes(1), row.getInt(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("the index in " + journalDatabase + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * The headers of instances {@code sopInstanceUids} as {@link #header} gives each, read on one connection; an
     * instance the index does not hold is left out of the map.
     */
    public Map<String, String> headers(List<String> sopInstanceUids) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        try (Connection connection = JournalAccess.readOnly(journalDatabase);
             PreparedStatement select = connection.prepareStatement(IndexSql.SELECT_HEADER)) {
            for (String uid : sopInstanceUids) {
                select.setString(1, uid);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        headers.put(uid, HeaderJson.text(row.getBytes(1), row.getInt(2)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("the index in " + journalDatabase + " could not be read: " + e.getMessage(), e);
        }
        return headers;
    }
}
