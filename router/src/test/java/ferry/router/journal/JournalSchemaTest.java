package ferry.router.journal;

import ferry.router.database.SqliteDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSchemaTest {

    @TempDir
    Path dir;

    @Test
    void newJournalHasEveryMigrationAppliedOnce() throws Exception {
        Path file = dir.resolve("journal.db");
        Journal.open(file, Durability.PROCESS).close();

        assertThat(schemaVersions(file)).containsExactly(
                JournalSql.MIGRATIONS.stream().map(m -> m.version() + " " + m.description()).toArray(String[]::new));
    }

    @Test
    void reopeningAJournalOfTheCurrentVersionAppliesNothing() throws Exception {
        Path file = dir.resolve("journal.db");
        Journal.open(file, Durability.PROCESS).close();
        List<String> before = schemaVersionsWithTimes(file);

        Journal.open(file, Durability.POWER).close();

        assertThat(schemaVersionsWithTimes(file)).isEqualTo(before);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(JournalSchema.migrate(connection, new SqliteDatabase(file))).isZero();
        }
    }

    /**
     * {@code journal-schema-3.db} was written by Ferry at commit 7a1c7c3 (journal schema 3, before spool checksums):
     * `ferry run` received 3 MR objects for a route that stores, forwards to a storescp and notifies, and 2 CT
     * objects for a route that stores; it was stopped with one forward job still pending.
     */
    @Test
    void aJournalWrittenByAnEarlierFerryIsMigratedAndKeepsEverythingItHeld() throws Exception {
        Path file = dir.resolve("ferry.db");
        try (var fixture = JournalSchemaTest.class.getResourceAsStream("journal-schema-3.db")) {
            java.nio.file.Files.copy(fixture, file);
        }

        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            JournalCounts counts = journal.counts();
            assertThat(counts.objects()).isEqualTo(5);
            assertThat(counts.perRoute()).containsOnlyKeys("research", "other");
            assertThat(counts.perRoute().get("research").objects()).isEqualTo(3);
            assertThat(journal.unfinished()).isEmpty();
        }

        assertThat(schemaVersions(file)).containsExactly(
                JournalSql.MIGRATIONS.stream().map(m -> m.version() + " " + m.description()).toArray(String[]::new));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), count(spool_checksum) FROM received_object")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(5);
            assertThat(rows.getInt(2)).as("no checksum for objects received before step 4").isZero();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet jobs = statement.executeQuery("SELECT state, count(*) FROM forward_job GROUP BY state "
                     + "ORDER BY state")) {
            List<String> states = new ArrayList<>();
            while (jobs.next()) {
                states.add(jobs.getString(1) + " " + jobs.getInt(2));
            }
            assertThat(states).containsExactly("done 2", "pending 1");
        }
    }

    @Test
    void aSchema5JournalGetsTheMeasurementTableAndKeepsItsIndexRows() throws Exception {
        Path file = dir.resolve("ferry.db");
        EarlierJournals.create(file, 5);
        execute(file, "INSERT INTO index_file (path, size, modified_at, sop_instance_uid) VALUES ('/a.dcm', 1, 2,"
                + " '2.25.1')");

        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            assertThat(journal.unfinished()).isEmpty();
        }

        assertThat(schemaVersions(file)).containsExactly(
                JournalSql.MIGRATIONS.stream().map(m -> m.version() + " " + m.description()).toArray(String[]::new));
        assertThat(query(file, "SELECT path || ' ' || sop_instance_uid FROM index_file")).containsExactly(
                "/a.dcm 2.25.1");
        assertThat(query(file, "SELECT count(*) FROM index_measurement")).containsExactly("0");
        assertThat(query(file, "SELECT name FROM sqlite_master WHERE tbl_name = 'index_measurement' AND type = "
                + "'index' ORDER BY name")).containsExactly("index_measurement_by_concept",
                "index_measurement_by_instance", "index_measurement_by_name", "index_measurement_by_path");
    }

    @Test
    void journalOfANewerSchemaIsRefusedWithBothVersions() throws Exception {
        Path file = dir.resolve("journal.db");
        Journal.open(file, Durability.PROCESS).close();
        int newer = JournalSchema.latestVersion() + 1;
        execute(file, "INSERT INTO schema_version VALUES (" + newer + ", 'from the future', '2099-01-01T00:00:00Z')");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessage("journal " + file + " has schema version " + newer + ", newer than this Ferry understands ("
                        + JournalSchema.latestVersion() + "): it was written by a newer Ferry; run that one, or give"
                        + " this one another data directory");
        assertThat(schemaVersions(file)).hasSize(JournalSql.MIGRATIONS.size() + 1);
    }

    @Test
    void sqliteDatabaseOfAnotherProgramIsRefused() throws Exception {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE patients (id TEXT)");

        assertThatThrownBy(() -> Journal.open(file, Durability.PROCESS))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("journal " + file + " is a database of another program");
    }

    @Test
    void migrationVersionsIncreaseWithoutGaps() {
        for (int i = 0; i < JournalSql.MIGRATIONS.size(); i++) {
            assertThat(JournalSql.MIGRATIONS.get(i).version()).isEqualTo(i + 1);
        }
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> schemaVersions(Path file) throws SQLException {
        return query(file, "SELECT version || ' ' || description FROM schema_version ORDER BY version");
    }

    private static List<String> schemaVersionsWithTimes(Path file) throws SQLException {
        return query(file, "SELECT version || ' ' || applied_at FROM schema_version ORDER BY version");
    }

    private static List<String> query(Path file, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        }
        return rows;
    }
}
