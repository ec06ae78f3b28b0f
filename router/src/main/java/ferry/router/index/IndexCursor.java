package ferry.router.index;

import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.database.SqlDialect;
import ferry.router.journal.JournalTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The matches of an {@link IndexQuery}, read from the database as they are asked for (a cursor, not a list: a
 * query matching millions of instances holds one row at a time). Each row the SQL selects is checked with the
 * C-FIND matching before it is returned. {@link #cancel} may be called from any thread (a C-CANCEL arriving on the
 * association's reader): the cursor then ends at its next step, and a database step under way is interrupted.
 * Close it when done; it closes its connection when it was opened with one of its own. Not for concurrent
 * iteration.
 */
public final class IndexCursor implements Iterator<IndexMatch>, AutoCloseable {
    private final IndexQuery query;
    private final Connection connection;
    private final boolean ownsConnection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final List<IndexKey> columns;
    private volatile boolean cancelled;
    private IndexMatch next;
    private boolean done;

    IndexCursor(IndexQuery query, Connection connection, boolean ownsConnection, boolean ordered)
            throws SQLException {
        this.query = query;
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        SqlFilter filter = SqlFilter.of(query, SqlDialect.of(connection), ordered);
        this.columns = query.columns();
        this.statement = connection.prepareStatement(filter.sql());
        try {
            for (int i = 0; i < filter.parameters().size(); i++) {
                statement.setObject(i + 1, filter.parameters().get(i));
            }
            statement.setFetchSize(256);
            this.rows = statement.executeQuery();
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * A page of matches.
     *
     * @param matches the matches of the page, in order
     * @param more    whether more matches follow them
     */
    public record Page(List<IndexMatch> matches, boolean more) {
        public Page {
            matches = List.copyOf(matches);
        }
    }

    /**
     * The next page: the {@code limit} matches after {@code offset} skipped ones, and whether more follow (one more
     * is read to know it, no other); {@link IndexSearch#page} reads them in an order that holds from page to page.
     */
    Page page(int offset, int limit) {
        for (int skipped = 0; skipped < offset && hasNext(); skipped++) {
            next();
        }
        List<IndexMatch> matches = new ArrayList<>();
        while (matches.size() < limit && hasNext()) {
            matches.add(next());
        }
        return new Page(matches, hasNext());
    }

    /** The query. */
    public IndexQuery query() {
        return query;
    }

    /** Stops the cursor: {@link #hasNext} answers false from now on. Safe from any thread. */
    public void cancel() {
        cancelled = true;
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // already done or closed: the flag ends the iteration
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * @throws UncheckedIOException when the database cannot be read
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done || cancelled) {
            return false;
        }
        try {
            while (!cancelled && rows.next()) {
                DataSet candidate = candidate(rows);
                if (query.matching().matches(candidate)) {
                    next = new IndexMatch(query.matching().response(candidate),
                            query.level() == QueryLevel.IMAGE ? handling(rows) : null);
                    return true;
                }
            }
        } catch (SQLException e) {
            done = true;
            if (cancelled) {
                return false; // the interrupted step
            }
            throw new UncheckedIOException(new IOException("the index could not be read: " + e.getMessage(), e));
        }
        done = true;
        return false;
    }

    @Override
    public IndexMatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        IndexMatch match = next;
        next = null;
        return match;
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException ignored) {
            // nothing to keep from a cursor that is put away
        } finally {
            if (ownsConnection) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }

    /** The row's values as a data set, text in UTF-8, each value of a list column a value of its own. */
    private DataSet candidate(ResultSet row) throws SQLException {
        DataSet candidate = new DataSet();
        candidate.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        for (int i = 0; i < columns.size(); i++) {
            IndexKey key = columns.get(i);
            String value = row.getString(i + 1);
            if (value != null && !value.isEmpty()) {
                Vr vr = StandardDictionary.vrOf(key.tag());
                candidate.setString(key.tag(), vr, vr.multiValued() || key.kind() == IndexKey.Kind.MODALITIES
                        ? value.split("\\\\") : new String[] {value});
            }
        }
        return candidate;
    }

    private Handling handling(ResultSet row) throws SQLException {
        int first = columns.size() + 1;
        return new Handling(JournalTransaction.instant(row.getLong(first)), row.getString(first + 1),
                row.getString(first + 2), row.getString(first + 3), IndexStore.split(row.getString(first + 4)),
                IndexStore.split(row.getString(first + 5)), IndexStore.split(row.getString(first + 6)),
                row.getString(first + 7), row.getLong(first + 8), row.getObject(first + 9) != null);
    }
}
