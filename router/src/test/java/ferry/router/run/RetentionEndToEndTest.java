package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.JournalRows;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping of a journal that ran for a long time, as a running Ferry does it: {@code ferry prune} deletes a
 * million finished records in bounded batches while storescu sends, nothing sent meanwhile is lost or changed, and
 * the database file gives the space back.
 */
class RetentionEndToEndTest {
    private static final int OLD_OBJECTS = 1_000_000;
    private static final long DAY = Duration.ofDays(1).toNanos();

    @TempDir
    Path dir;

    Process ferry;

    @AfterEach
    void stop() throws Exception {
        if (ferry != null) {
            ferry.destroy();
            ferry.waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aMillionFinishedRecordsArePrunedWhileStorescuSendsAndTheDatabaseShrinks() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path database = data.resolve("ferry.db");
        Journal.open(database, Durability.PROCESS).close();
        long hundredDaysAgo = (Instant.now().getEpochSecond() - 100 * 86_400L) * 1_000_000_000L;
        JournalRows.execute(database,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + OLD_OBJECTS
                        + ") INSERT INTO received_object (id, received_at, calling_ae_title, called_ae_title,"
                        + " peer_address, sop_class_uid, sop_instance_uid, study_instance_uid, series_instance_uid,"
                        + " transfer_syntax_uid, size, spool_file, unrouted, routes, finished_at) SELECT i, "
                        + hundredDaysAgo + " + i, 'SCANNER', 'FERRY', '192.0.2.7', '1.2.840.10008.5.1.4.1.1.4',"
                        + " '1.2.826.0.1.3680043.10.1.' || i, '1.2.826.0.1.3680043.10.2.' || (i / 500),"
                        + " '1.2.826.0.1.3680043.10.3.' || (i / 100), '1.2.840.10008.1.2.1', 131072,"
                        + " '" + data + "/spool/' || i || '.dcm', 0, 'all', " + (hundredDaysAgo + DAY) + " + i FROM n",
                "INSERT INTO object_action (object_id, recorded_at, route, action, result, detail)"
                        + " SELECT id, finished_at, 'all', 'store " + dir.resolve("store") + "', 'placed', '"
                        + dir.resolve("store") + "/old/' || sop_instance_uid || '.dcm' FROM received_object");
        long before = Files.size(database);
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\n"
                + "retention: {journal: 90d}\nhttp: off\nlisteners:\n  - port: " + port + "\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), "--config", config.toString());
        List<Path> sent = new TestStudy("KEEP", "2.25.91000", 2, 300, 8192).write(dir.resolve("out"));
        SentObjects objects = SentObjects.of(sent);

        Path pruneLog = dir.resolve("prune.log");
        Process prune = FerryProcess.builder(dir, "prune", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(pruneLog.toFile()).start();
        Await.until("the pruning begun", () -> JournalRows.count(database, "SELECT min(id) FROM received_object") > 1);
        Path senderLog = dir.resolve("storescu.log");
        ProcessBuilder sender = new ProcessBuilder(Dcmtk.storescu("SCANNER", "FERRY", port, dir.resolve("out")))
                .redirectErrorStream(true).redirectOutput(senderLog.toFile());
        sender.environment().put("TCP_NODELAY", "1");
        Process storescu = sender.start();

        assertThat(prune.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String pruned = Files.readString(pruneLog, StandardCharsets.UTF_8);
        assertThat(prune.exitValue()).as(pruned).isZero();
        assertThat(pruned).contains("deleted " + OLD_OBJECTS + " finished object record(s) (" + OLD_OBJECTS
                + " action(s))");
        assertThat(storescu.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(storescu.exitValue()).as(Files.readString(senderLog)).isZero();
        Await.until("every object sent stored", () -> SentObjects.files(dir.resolve("store")).size()
                == sent.size());
        objects.check(dir.resolve("store"), SentObjects.LAYOUT_NAME);
        Await.until("every object sent finished in the journal", () -> JournalRows.count(database,
                "SELECT count(*) FROM received_object WHERE finished_at IS NOT NULL") == sent.size());
        assertThat(JournalRows.count(database, "SELECT count(*) FROM received_object"))
                .as("only the new ones are left").isEqualTo(sent.size());
        assertThat(JournalRows.count(database, "SELECT min(id) FROM received_object")).isGreaterThan(OLD_OBJECTS);
        assertThat(JournalRows.count(database, "SELECT objects FROM received_count WHERE name = 'total'"))
                .as("the all-time count stays").isEqualTo(sent.size());
        assertThat(Files.size(database)).as("the database file gave its free pages back").isLessThan(before / 10);
    }
}
