package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.DatabaseYaml;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.router.testing.JournalRows;
import ferry.router.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry prune} on a stopped Ferry's journal (on SQLite and, tagged database, PostgreSQL), and what it refuses
 * while Ferry runs or on PostgreSQL.
 */
class PruneCommandTest {
    @TempDir
    Path dir;

    /** The database of {@link #configWithOldRecords}. */
    Database database;

    record Run(int exitCode, String output) {
    }

    @Test
    @Tag("database")
    void aDryRunCountsThenAPruneDeletesWhatTheRetentionNoLongerKeeps() throws Exception {
        Path config = configWithOldRecords(120);

        Run dryRun = ferry("prune", "--dry-run", "--config", config.toString());
        Run pruned = ferry("prune", "--config", config.toString());
        Run again = ferry("prune", "--config", config.toString());

        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("ferry prune: would delete 120 finished object record(s) (120 action(s))");
        assertThat(pruned.exitCode()).as(pruned.output()).isZero();
        assertThat(pruned.output()).contains("ferry prune: deleted 120 finished object record(s)");
        assertThat(again.output()).contains("deleted 0 finished object record(s)");
        assertThat(count("SELECT count(*) FROM received_object")).isZero();
    }

    @Test
    void vacuumRewritesAJournalOfAnEarlierFerrySoThatItGivesSpaceBackFromThenOn() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n");
        Files.createDirectories(dir.resolve("data"));
        try (var fixture = getClass().getResourceAsStream("/ferry/router/journal/journal-schema-3.db")) {
            Files.copy(fixture, dir.resolve("data/ferry.db"));
        }
        assertThat(count("PRAGMA auto_vacuum")).as("a journal of Ferry before 0.1").isZero();

        Run vacuumed = ferry("prune", "--vacuum", "--config", config.toString());

        assertThat(vacuumed.exitCode()).as(vacuumed.output()).isZero();
        assertThat(vacuumed.output()).contains("the journal was rewritten");
        assertThat(count("PRAGMA auto_vacuum")).as("incremental").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM received_object")).as("nothing of it lost").isEqualTo(5);
    }

    @Test
    void vacuumIsRefusedWhileFerryRunsAndAPruneIsDoneByTheRunningFerry() throws Exception {
        Path config = configWithOldRecords(10);
        Run started = ferry("start", "--config", config.toString());
        assertThat(started.exitCode()).as(started.output()).isZero();
        try {
            Run refused = ferry("prune", "--vacuum", "--config", config.toString());
            Run pruned = ferry("prune", "--config", config.toString());
            Run status = ferry("status", "--config", config.toString());

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).contains("--vacuum rewrites the whole journal and needs Ferry stopped");
            assertThat(pruned.exitCode()).as(pruned.output()).isZero();
            assertThat(pruned.output()).contains("deleted 10 finished object record(s)");
            assertThat(status.output()).contains("housekeeping: last run ").contains("deleted 10 finished object")
                    .contains("(every 1h 0m)");
        } finally {
            ferry("stop", "--config", config.toString());
        }
    }

    @Test
    void vacuumIsRefusedOnPostgresqlWhoseAutovacuumReusesTheSpace() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n"
                + "database: {url: postgresql://127.0.0.1:9/ferry, user: ferry, tls: disable}\n");
        Files.createDirectories(dir.resolve("data"));

        FerryRun refused = FerryRun.of("prune", "--vacuum", "--config", config.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("ferry prune: --vacuum rewrites the embedded SQLite file; the database is"
                + " PostgreSQL (postgresql://127.0.0.1:9/ferry), whose autovacuum makes the space of deleted rows"
                + " reusable by itself: run ferry prune without --vacuum");
    }

    /**
     * A configuration whose journal holds {@code objects} records finished 100 days ago, on the test run's engine
     * ({@link TestDatabase}).
     */
    private Path configWithOldRecords(int objects) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        database = TestDatabase.fresh(data);
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n"
                + "retention: {journal: 30d}\n"
                + (database instanceof PostgresDatabase postgres ? DatabaseYaml.of(postgres) : ""));
        Journal.open(database, Durability.PROCESS).close();
        long old = (Instant.now().getEpochSecond() - 100 * 86_400L) * 1_000_000_000L;
        JournalRows.execute(database,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + objects + ")"
                        + " INSERT INTO received_object (id, node, received_at, calling_ae_title, called_ae_title,"
                        + " peer_address, sop_class_uid, sop_instance_uid, transfer_syntax_uid, size, spool_file,"
                        + " unrouted, routes, finished_at) SELECT i, '', " + old + " + i, 'A', 'B', 'p', '1.2', '1.2.' || i,"
                        + " '1.2.840.10008.1.2.1', 10, '/s/' || i, 0, 'r', " + old + " + i FROM n",
                "INSERT INTO object_action (object_id, recorded_at, route, action, result)"
                        + " SELECT id, finished_at, 'r', 'store x', 'placed' FROM received_object");
        return config;
    }

    private long count(String query) throws Exception {
        return database == null ? JournalRows.count(dir.resolve("data/ferry.db"), query)
                : JournalRows.count(database, query);
    }

    private Run ferry(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process process = FerryProcess.builder(dir, args).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("ferry " + String.join(" ", args) + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
