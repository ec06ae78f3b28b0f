package ferry.router.index;

import ferry.router.database.Database;
import ferry.router.journal.JournalAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
     * The matches of {@code query}, as a cursor with a read-only connection of its own (closed with it).
     *
     * @throws IOException when the database does not exist, is not of this Ferry's schema, or cannot be read
     */
    public IndexCursor open(IndexQuery query) throws IOException {
        Connection connection = JournalAccess.readOnly(journalDatabase);
        try {
            return new IndexCursor(query, connection, true);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
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

    /** The matches of {@code query} on a connection the caller owns (and closes after the cursor). */
    public static IndexCursor open(Connection connection, IndexQuery query) {
        try {
            return new IndexCursor(query, connection, false);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("the index could not be read: " + e.getMessage(), e));
        }
    }
}
