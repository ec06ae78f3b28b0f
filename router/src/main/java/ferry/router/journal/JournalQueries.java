package ferry.router.journal;

import ferry.router.database.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's reads, on a read-only connection of their own so they never wait for the writer (WAL). Each read
 * sees one committed state of the database. One read at a time: a JDBC connection is not for concurrent use.
 */
final class JournalQueries {

    private final Database database;
    private final Connection connection;

    JournalQueries(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    synchronized List<UnfinishedObject> unfinished() throws IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.beginRead(database.dialect()));
            try {
                List<UnfinishedObject> result = readUnfinished();
                statement.execute(JournalSql.COMMIT);
                return result;
            } catch (SQLException e) {
                statement.execute(JournalSql.ROLLBACK);
                throw e;
            }
        } catch (SQLException e) {
            throw database.problem("could not list unfinished objects", e);
        }
    }

    private List<UnfinishedObject> readUnfinished() throws SQLException {
        Map<Long, List<ActionRecord>> actions = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(JournalSql.SELECT_UNFINISHED_ACTIONS)) {
            query.setString(1, database.node());
            readActions(query, actions);
        }
        Map<Long, UnfinishedObject> objects = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(JournalSql.SELECT_UNFINISHED_OBJECTS)) {
            query.setString(1, database.node());
            readObjects(query, actions, objects);
        }
        return List.copyOf(objects.values());
    }

    private static void readActions(PreparedStatement query, Map<Long, List<ActionRecord>> actions)
            throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                actions.computeIfAbsent(row.getLong(1), id -> new ArrayList<>()).add(
                        new ActionRecord(row.getString(2), row.getString(3), row.getString(4), row.getString(5)));
            }
        }
    }

    private static void readObjects(PreparedStatement query, Map<Long, List<ActionRecord>> actions,
                                    Map<Long, UnfinishedObject> objects) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                long id = row.getLong(1);
                ReceivedRecord record = new ReceivedRecord(instant(row.getLong(2)), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getString(9), row.getString(10), row.getLong(11), Path.of(row.getString(12)),
                        routes(row.getString(13)), checksum(row, 14));
                objects.put(id, new UnfinishedObject(id, record, actions.getOrDefault(id, List.of())));
            }
        }
    }

    /** A nullable checksum column: {@link ReceivedRecord#NO_CHECKSUM} for NULL. */
    private static long checksum(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? ReceivedRecord.NO_CHECKSUM : value;
    }

    synchronized <T> T read(JournalReading<T> reading) throws IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.beginRead(database.dialect()));
            try {
                T result = reading.read(connection);
                statement.execute(JournalSql.COMMIT);
                return result;
            } catch (SQLException | RuntimeException e) {
                statement.execute(JournalSql.ROLLBACK);
                throw e;
            }
        } catch (SQLException e) {
            throw database.problem("could not read", e);
        }
    }

    synchronized JournalCounts counts() throws IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.beginRead(database.dialect()));
            try {
                JournalCounts counts = readCounts(statement);
                statement.execute(JournalSql.COMMIT);
                return counts;
            } catch (SQLException e) {
                statement.execute(JournalSql.ROLLBACK);
                throw e;
            }
        } catch (SQLException e) {
            throw database.problem("could not count objects", e);
        }
    }

    private static JournalCounts readCounts(Statement statement) throws SQLException {
        Map<String, RouteCount> perRoute = new HashMap<>();
        RouteCount total = new RouteCount(0, 0);
        RouteCount unrouted = new RouteCount(0, 0);
        try (ResultSet row = statement.executeQuery(JournalSql.SELECT_COUNTS)) {
            while (row.next()) {
                String name = row.getString(1);
                RouteCount count = new RouteCount(row.getLong(2), row.getLong(3));
                if (name.startsWith(JournalSql.COUNT_ROUTE_PREFIX)) {
                    perRoute.put(name.substring(JournalSql.COUNT_ROUTE_PREFIX.length()), count);
                } else if (name.equals(JournalSql.COUNT_TOTAL)) {
                    total = count;
                } else if (name.equals(JournalSql.COUNT_UNROUTED)) {
                    unrouted = count;
                }
            }
        }
        return new JournalCounts(perRoute, unrouted.objects(), total.objects(), total.bytes());
    }

    private static List<String> routes(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(JournalSql.ROUTE_SEPARATOR, -1));
    }

    synchronized void close() {
        Database.closeQuietly(connection);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
