package ferry.router.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The throwaway PostgreSQL of the tests works as the cluster issue (#22) needs it to: a database of its own per
 * test, and two connections claiming rows with {@code FOR UPDATE SKIP LOCKED} never get the same one.
 */
class PostgresServerTest {
    @Test
    void twoConnectionsClaimingJobsWithSkipLockedNeverTakeTheSameOne() throws SQLException {
        try (PostgresServer postgres = PostgresServer.start()) {
            String url = postgres.createDatabase("claims");
            try (Connection a = DriverManager.getConnection(url, PostgresServer.USER, "");
                    Connection b = DriverManager.getConnection(url, PostgresServer.USER, "")) {
                try (Statement setup = a.createStatement()) {
                    setup.execute("CREATE TABLE job (id BIGINT PRIMARY KEY, state TEXT NOT NULL)");
                    setup.execute("INSERT INTO job SELECT n, 'due' FROM generate_series(1, 4) AS n");
                    setup.execute("INSERT INTO job VALUES (1, 'due') ON CONFLICT (id) DO NOTHING");
                }
                a.setAutoCommit(false);
                b.setAutoCommit(false);

                List<Long> byA = claim(a, 2);
                List<Long> byB = claim(b, 4);

                assertThat(byA).containsExactly(1L, 2L);
                assertThat(byB).as("the rows a holds are skipped, not waited for").containsExactly(3L, 4L);
                a.rollback();
                assertThat(claim(b, 4)).as("b holds its own: it sees them again in its transaction")
                        .containsExactly(1L, 2L, 3L, 4L);
                b.commit();
            }
        }
    }

    private static List<Long> claim(Connection connection, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM job WHERE state = 'due' ORDER BY id LIMIT "
                        + limit + " FOR UPDATE SKIP LOCKED")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
