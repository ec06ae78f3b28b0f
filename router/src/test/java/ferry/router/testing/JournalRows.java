package ferry.router.testing;

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
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Runs {@code statements} on {@code database}, each in its own transaction. */
    public static void execute(Path database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }
}
