package ferry.router.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binding the stores of other packages' tables share ({@code JobStore}, {@code StudyStore},
 * {@code OutboxStore}): a query read into typed values, an update, an insert that returns its id, one statement run
 * for a batch of ids. Parameters are bound by position with {@link PreparedStatement#setObject} ({@code Long},
 * {@code Integer}, {@code String}, {@code Boolean}, {@code byte[]} or null); times are bound as nanoseconds since the epoch
 * ({@link JournalTransaction#nanos}). Writes go through the transaction's prepared statements, so a statement is
 * prepared once per connection.
 *
 * <p>The id of an inserted row comes from {@code RETURNING id}, which SQLite and PostgreSQL both have.
 */
public final class Rows {

    /** Reads one row of a result into a value. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private Rows() {
    }

    /** The rows {@code sql} selects with {@code parameters}, each read by {@code reader}, in the order given. */
    public static <T> List<T> list(Connection connection, String sql, Reader<T> reader, Object... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            return read(select, reader);
        }
    }

    /** The first column of the first row {@code sql} selects in the transaction, as a number; 0 without a row. */
    public static long number(JournalTransaction transaction, String sql, Object... parameters) throws SQLException {
        PreparedStatement select = transaction.statement(sql);
        bind(select, parameters);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /** The first row {@code sql} selects in the transaction, read by {@code reader}; null without a row. */
    public static <T> T first(JournalTransaction transaction, String sql, Reader<T> reader, Object... parameters)
            throws SQLException {
        PreparedStatement select = transaction.statement(sql);
        bind(select, parameters);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? reader.read(row) : null;
        }
    }

    /** Runs {@code sql} (an update or delete) with {@code parameters}; returns the rows it changed. */
    public static int update(JournalTransaction transaction, String sql, Object... parameters) throws SQLException {
        PreparedStatement update = transaction.statement(sql);
        bind(update, parameters);
        return update.executeUpdate();
    }

    /**
     * Runs {@code sql} (an insert of one row into a table with an {@code id} column the database gives) with
     * {@code parameters}; returns the new row's id.
     */
    public static long insert(JournalTransaction transaction, String sql, Object... parameters) throws SQLException {
        PreparedStatement insert = transaction.statement(sql + " RETURNING id");
        bind(insert, parameters);
        try (ResultSet keys = insert.executeQuery()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    /**
     * Runs {@code sql}, whose one parameter is an id, once for each of {@code ids}, as one batch; returns the rows it
     * changed.
     */
    public static long forEachId(JournalTransaction transaction, String sql, List<Long> ids) throws SQLException {
        PreparedStatement statement = transaction.statement(sql);
        for (long id : ids) {
            statement.setLong(1, id);
            statement.addBatch();
        }
        long changed = 0;
        for (int count : statement.executeBatch()) {
            changed += Math.max(count, 0);
        }
        return changed;
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static <T> List<T> read(PreparedStatement select, Reader<T> reader) throws SQLException {
        List<T> values = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                values.add(reader.read(row));
            }
        }
        return values;
    }
}
