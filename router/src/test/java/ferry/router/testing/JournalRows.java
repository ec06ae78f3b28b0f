package ferry.router.testing;

import ferry.router.database.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads and writes a journal database's rows directly, for tests that make or check its state with SQL. */
public final class JournalRows {
    private JournalRows() {
    }

    /** The first column of the first row of {@code query} as a number, 0 when there is no row. */
    public static long count(Path database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            return count(connection, query);
        }
    }

    /** {@link #count(Path, String)} on either engine. */
    public static long count(Database database, String query) throws SQLException, IOException {
        try (Connection connection = database.openReader()) {
            return count(connection, query);
        }
    }

    private static long count(Connection connection, String query) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Runs {@code statements} on {@code database}, each in its own transaction. */
    public static void execute(Path database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            execute(connection, statements);
        }
    }

    /** {@link #execute(Path, String...)} on either engine. */
    public static void execute(Database database, String... statements) throws SQLException, IOException {
        try (Connection connection = database.openWriter(false)) {
            execute(connection, statements);
        }
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }
}
