package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.queue.ForwardQueue;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.JournalRows;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that was down for a long time leaves a queue longer than a bounded heap can hold: Ferry keeps the
 * jobs in the journal and only a window of them in memory, so it starts with a 48 MB heap on 200,000 waiting jobs
 * and delivers them in order.
 */
class QueueBacklogTest {
    private static final int JOBS = 200_000;

    @TempDir
    Path dir;

    Process ferry;
    Storescp storescp;

    @AfterEach
    void stop() throws Exception {
        if (ferry != null) {
            ferry.destroy();
            ferry.waitFor(1, TimeUnit.MINUTES);
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    @Test
    void twoHundredThousandWaitingJobsStartInASmallHeapAndGoOutInOrder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path database = data.resolve("ferry.db");
        Journal.open(database, Durability.PROCESS).close();
        List<Path> object = TestStudy.of("BACKLOG", "2.25.77000", 1).write(dir.resolve("object"));
        Path file = object.get(0);
        String sop = SentObjects.sopInstanceUid(file);
        // each job its own file, as in a real queue: the first 5,000 are names of one object (hard links)
        Path files = Files.createDirectories(dir.resolve("files"));
        for (int i = 1; i <= 5_000; i++) {
            Files.createLink(files.resolve(i + ".dcm"), file);
        }
        JournalRows.execute(database,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + JOBS + ")"
                        + " INSERT INTO forward_job (id, object_id, route, destination, file, sop_class_uid,"
                        + " sop_instance_uid, transfer_syntax_uid, calling_ae_title, study_uid, state, attempts,"
                        + " created_at, next_attempt_at) SELECT i, i, 'relay', 'scp', '" + files + "/' || i || '.dcm',"
                        + " '1.2.840.10008.5.1.4.1.1.4', '" + sop + "', '1.2.840.10008.1.2.1', 'SCANNER', '2.25.77000',"
                        + " 'pending', 0, i, 0 FROM n");
        storescp = Storescp.start(dir);
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners: []\n"
                + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port() + "}}\n"
                + "routes:\n  - name: relay\n    forward: [scp]\n");
        Path log = dir.resolve("ferry.log");
        ProcessBuilder run = FerryProcess.builder(dir, "run", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run.environment().put("FERRY_JAVA_OPTS", "-Xmx48m");
        ferry = run.start();

        Await.until("3,000 jobs delivered (log " + log + ")", () -> {
            assertThat(ferry.isAlive()).as("ferry run with a 48 MB heap: %s", Files.readString(log,
                    StandardCharsets.UTF_8)).isTrue();
            return JournalRows.count(database, "SELECT count(*) FROM forward_job WHERE state = 'done'") >= 3_000;
        });

        assertThat(ferry.isAlive()).isTrue();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(JOBS + " job(s) from before the restart")
                .doesNotContain("OutOfMemoryError");
        long done = JournalRows.count(database, "SELECT count(*) FROM forward_job WHERE state = 'done'");
        assertThat(JournalRows.count(database, "SELECT max(id) FROM forward_job WHERE state = 'done'"))
                .as("jobs go out in their order: none beyond the window ahead of those delivered")
                .isLessThanOrEqualTo(done + ForwardQueue.JOBS_IN_MEMORY + 10);
        assertThat(SentObjects.files(dir.resolve("storescp"))).as("what storescp wrote").isNotEmpty();
    }
}
