package ferry.router.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.Database;
import ferry.router.database.SqliteDatabase;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention's deletions, the same rows on SQLite and PostgreSQL; the file given back on SQLite. */
@Tag("database")
class HousekeepingTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final long DAY = Duration.ofDays(1).toNanos();
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final RetentionSettings THIRTY_DAYS = new RetentionSettings(Duration.ofDays(30),
            Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), Duration.ofHours(1));

    @TempDir
    Path dir;

    Database database;

    @BeforeEach
    void database() {
        database = TestDatabase.fresh(dir);
    }

    /** A journal with the rows of the cases below, made with SQL so their times can be anywhere in the past. */
    private void journalWithHistory() throws Exception {
        Journal.open(database, Durability.PROCESS).close();
        try (Connection connection = database.openWriter(false);
             Statement sql = connection.createStatement()) {
            // objects 1-3: 40 days old and finished; 4: 40 days old, unfinished; 5: 40 days old, finished, with a
            // failed forward job; 6: finished 10 days ago
            for (int id = 1; id <= 6; id++) {
                long received = NOW_NANOS - (id == 6 ? 10 : 40) * DAY;
                String finished = id == 4 ? "NULL" : Long.toString(received + 1000);
                sql.execute("INSERT INTO received_object (id, node, received_at, calling_ae_title, called_ae_title,"
                        + " peer_address, sop_class_uid, sop_instance_uid, transfer_syntax_uid, size, spool_file,"
                        + " unrouted, routes, finished_at) VALUES (" + id + ", '', " + received + ", 'A', 'B', 'p',"
                        + " '1.2', '1.2." + id + "', '1.2.840.10008.1.2.1', 10, '/s/" + id + "', 0, 'r', " + finished
                        + ")");
                sql.execute("INSERT INTO object_action (object_id, recorded_at, route, action, result) VALUES ("
                        + id + ", " + received + ", 'r', 'store x', 'placed')");
            }
            // jobs: 1 done 40 days ago, 2 failed 40 days ago (object 5), 3 done 10 days ago
            job(sql, 1, 1, "done", NOW_NANOS - 40 * DAY);
            job(sql, 2, 5, "failed", NOW_NANOS - 40 * DAY);
            job(sql, 3, 6, "done", NOW_NANOS - 10 * DAY);
            // notifications: 1 sent 40 days ago, 2 pending 40 days old (study 2.3), 3 failed 40 days ago
            notification(sql, 1, "1.1", "sent", NOW_NANOS - 40 * DAY);
            notification(sql, 2, "2.3", "pending", NOW_NANOS - 40 * DAY);
            notification(sql, 3, "1.1", "failed", NOW_NANOS - 40 * DAY);
            // studies: 2.1 reported and quiet 40 days; 2.2 quiet 40 days, not reported; 2.3 reported, but its
            // notification pending; 2.4 reported 10 days ago; 2.5 reported, a series of it not
            study(sql, "2.1", NOW_NANOS - 40 * DAY, true);
            study(sql, "2.2", NOW_NANOS - 40 * DAY, false);
            study(sql, "2.3", NOW_NANOS - 40 * DAY, true);
            study(sql, "2.4", NOW_NANOS - 10 * DAY, true);
            study(sql, "2.5", NOW_NANOS - 40 * DAY, true);
            sql.execute("UPDATE study_series SET reported_objects = 0 WHERE study_uid = '2.5'");
        }
    }

    @Test
    void onlyFinishedDeliveredSentAndReportedRowsOlderThanTheirRetentionAreDeleted() throws Exception {
        journalWithHistory();

        PruneReport report;
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            report = housekeeping(journal, THIRTY_DAYS).runNow(false);
        }

        assertThat(report.objects()).isEqualTo(3);
        assertThat(report.actions()).isEqualTo(3);
        assertThat(report.forwardJobs()).isEqualTo(1);
        assertThat(report.notifications()).isEqualTo(2);
        assertThat(report.studies()).isEqualTo(1);
        assertThat(ids("SELECT id FROM received_object")).as("unfinished, with a live job, young")
                .containsExactly("4", "5", "6");
        assertThat(ids("SELECT object_id FROM object_action")).containsExactly("4", "5", "6");
        assertThat(ids("SELECT id FROM forward_job")).as("failed (live) and young jobs stay").containsExactly("2",
                "3");
        assertThat(ids("SELECT id FROM notification")).containsExactly("2");
        assertThat(ids("SELECT study_uid FROM study")).containsExactly("2.2", "2.3", "2.4", "2.5");
        assertThat(ids("SELECT study_uid FROM study_series")).containsExactly("2.2", "2.3", "2.4", "2.5");
        assertThat(ids("SELECT study_uid FROM study_failure")).containsExactly("2.2", "2.3", "2.4", "2.5");
        assertThat(ids("SELECT objects FROM received_count WHERE name = 'total'"))
                .as("the all-time counts are kept").isEmpty();
    }

    @Test
    void aDryRunCountsWhatWouldGoAndDeletesNothing() throws Exception {
        journalWithHistory();

        PruneReport report;
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            report = housekeeping(journal, THIRTY_DAYS).runNow(true);
        }

        assertThat(report.dryRun()).isTrue();
        assertThat(report.objects()).isEqualTo(3);
        assertThat(report.describe()).startsWith("would delete 3 finished object record(s)");
        assertThat(ids("SELECT id FROM received_object")).hasSize(6);
        assertThat(ids("SELECT id FROM notification")).hasSize(3);
    }

    @Test
    void retentionOffKeepsThatKindOfRowForEver() throws Exception {
        journalWithHistory();

        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            housekeeping(journal, new RetentionSettings(null, null, Duration.ofDays(30), null,
                    Duration.ofHours(1))).runNow(false);
        }

        assertThat(ids("SELECT id FROM received_object")).hasSize(6);
        assertThat(ids("SELECT id FROM forward_job")).hasSize(3);
        assertThat(ids("SELECT id FROM notification")).containsExactly("2");
        assertThat(ids("SELECT study_uid FROM study")).hasSize(5);
    }

    @Test
    void aLargeJournalIsPrunedInBoundedBatchesAndAnSqliteFileShrinks() throws Exception {
        Journal.open(database, Durability.PROCESS).close();
        int objects = 50_000;
        try (Connection connection = database.openWriter(false);
             Statement sql = connection.createStatement()) {
            sql.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + objects + ")"
                    + " INSERT INTO received_object (id, node, received_at, calling_ae_title, called_ae_title,"
                    + " peer_address, sop_class_uid, sop_instance_uid, transfer_syntax_uid, size, spool_file,"
                    + " unrouted, routes, finished_at) SELECT i, '', " + (NOW_NANOS - 60 * DAY) + " + i, 'SCANNER',"
                    + " 'FERRY', '192.0.2.1', '1.2.840.10008.5.1.4.1.1.4', '1.2.826.0.1.3680043.10.1.' || i,"
                    + " '1.2.840.10008.1.2.1', 131072, '/var/lib/ferry/spool/' || i || '.dcm', 0, 'research',"
                    + " " + (NOW_NANOS - 60 * DAY) + " + i FROM n");
            sql.execute("INSERT INTO object_action (object_id, recorded_at, route, action, result, detail)"
                    + " SELECT id, received_at, 'research', 'store /data/research', 'placed',"
                    + " '/data/research/' || sop_instance_uid || '.dcm' FROM received_object");
        }
        long before = database instanceof SqliteDatabase sqlite ? Files.size(sqlite.file()) : 0;

        PruneReport report;
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            report = housekeeping(journal, THIRTY_DAYS).runNow(false);
            assertThat(journal.commitStats().transactions()).as("one transaction per batch of %d, not one for all",
                    Housekeeping.BATCH).isGreaterThanOrEqualTo(objects / Housekeeping.BATCH);
        }

        assertThat(report.objects()).isEqualTo(objects);
        assertThat(ids("SELECT id FROM received_object")).isEmpty();
        assertThat(ids("SELECT object_id FROM object_action")).isEmpty();
        if (database instanceof SqliteDatabase sqlite) {
            assertThat(report.freedBytes()).isPositive();
            assertThat(Files.size(sqlite.file())).as("the database gave its free pages back").isLessThan(before / 4);
        } else {
            assertThat(report.freedBytes()).as("PostgreSQL's autovacuum reuses the space").isZero();
        }
    }

    private Housekeeping housekeeping(Journal journal, RetentionSettings settings) {
        return new Housekeeping(journal, Housekeeping.Pace.FULL_SPEED, () -> settings, List::of, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void job(Statement sql, int id, int object, String state, long doneAt) throws Exception {
        sql.execute("INSERT INTO forward_job (id, object_id, route, destination, file, sop_class_uid,"
                + " sop_instance_uid, transfer_syntax_uid, calling_ae_title, study_uid, state, attempts, created_at,"
                + " next_attempt_at, done_at) VALUES (" + id + ", " + object + ", 'r', 'pacs', '/s/" + object + "',"
                + " '1.2', '1.2." + object + "', '1.2.840.10008.1.2.1', 'A', '2.1', '" + state + "', 1, "
                + (doneAt - 1000) + ", 0, " + doneAt + ")");
    }

    private static void notification(Statement sql, int id, String study, String state, long at) throws Exception {
        sql.execute("INSERT INTO notification (id, route, channel, description, level, study_uid, round, report,"
                + " created_at, state, attempts, next_attempt_at, done_at) VALUES (" + id + ", 'r', 0, 'mail',"
                + " 'STUDY', '" + study + "', 1, '{}', " + at + ", '" + state + "', 1, 0, "
                + ("pending".equals(state) ? "NULL" : Long.toString(at)) + ")");
    }

    private static void study(Statement sql, String uid, long lastAt, boolean reported) throws Exception {
        int reportedObjects = reported ? 3 : 0;
        sql.execute("INSERT INTO study (route, study_uid, called_ae_title, calling_ae_title, peer_address,"
                + " accession_number, patient_id, patient_name, study_description, study_date, first_at, round_first_at,"
                + " last_at, objects, bytes, failures, reported_objects, reported_bytes, reported_failures, rounds,"
                + " folders) VALUES ('r', '" + uid + "', 'B', 'A', 'p', '', '', '', '', '', " + lastAt
                + ", " + lastAt + ", " + lastAt + ", 3, 30, 0, " + reportedObjects + ", 30, 0, 1, '')");
        sql.execute("INSERT INTO study_series (route, study_uid, series_uid, series_number, description, modality,"
                + " first_at, round_first_at, last_at, objects, bytes, failures, reported_objects, reported_failures,"
                + " study_reported_objects, rounds, folders) VALUES ('r', '" + uid + "', '" + uid + ".1', '1', '', 'MR', " + lastAt
                + ", " + lastAt + ", " + lastAt + ", 3, 30, 0, " + reportedObjects + ", 0, " + reportedObjects
                + ", 1, '')");
        sql.execute("INSERT INTO study_failure (route, study_uid, series_uid, sop_instance_uid, reason, failed_at)"
                + " VALUES ('r', '" + uid + "', '" + uid + ".1', '9', 'disk', " + lastAt + ")");
    }

    private List<String> ids(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.openReader();
             Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(query + " ORDER BY 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
