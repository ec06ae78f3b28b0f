package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.router.database.PostgresDatabase;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import ferry.router.testing.JournalRows;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestDatabase;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry nodes, each a process of its own, on one PostgreSQL database (docs/cluster.md): what arrives at either
 * is one router's work. A study whose halves arrive at the two nodes gets one notification with the total; every
 * object is forwarded once; a node killed with SIGKILL in the middle of forwarding has its jobs finished by the other
 * after the lease; a destination that is down opens the circuit breaker once for the cluster.
 */
class ClusterEndToEndTest {
    private static final String STUDY = "2.25.2207001";

    @TempDir
    Path dir;

    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Storescp storescp;

    @AfterEach
    void stop() throws Exception {
        for (Process node : nodes.values()) {
            node.destroy();
        }
        for (Process node : nodes.values()) {
            node.waitFor(60, TimeUnit.SECONDS);
        }
        if (storescp != null) {
            storescp.close();
        }
        // the nodes' logs stay for a look after a failure (the temporary folder goes)
        Path kept = Files.createDirectories(Path.of("target", "cluster-logs"));
        for (String node : nodes.keySet()) {
            Files.copy(dir.resolve(node + ".log"), kept.resolve(node + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void halvesOfAStudyAtTwoNodesGiveOneNotificationWithTheTotalAndEveryObjectIsForwardedOnce() throws Exception {
        storescp = Storescp.start(dir, "--fork"); // a destination that serves both nodes at once, as a PACS does
        PostgresDatabase database = TestDatabase.freshPostgres(folder("a"), "a");
        start("a", database, storescp.port(), false);
        start("b", database, storescp.port(), false);
        List<Path> files = TestStudy.of("CLUSTER", STUDY, 20).write(dir.resolve("study"));
        Path toA = Files.createDirectories(dir.resolve("to-a"));
        Path toB = Files.createDirectories(dir.resolve("to-b"));
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Files.copy(file, (i % 2 == 0 ? toA : toB).resolve(file.getFileName()));
        }

        ToolRun[] toOther = new ToolRun[1];
        Thread other = new Thread(() -> toOther[0] = Dcmtk.send("SCANNER", "FERRY", ports.get("b"), toB));
        other.start();
        ToolRun toFirst = Dcmtk.send("SCANNER", "FERRY", ports.get("a"), toA);
        other.join();
        assertThat(toFirst.exitCode()).as(toFirst.describe()).isZero();
        assertThat(toOther[0].exitCode()).as(toOther[0].describe()).isZero();

        Path notified = dir.resolve("notified");
        Await.until("the study's notification", () -> Files.exists(notified)
                && !Files.readAllLines(notified).isEmpty());
        Await.until("every object at the destination", () -> SentObjects.files(storescp.out()).size() >= 20);
        Thread.sleep(6_000); // two more quiet periods and heartbeats: a second notification would have come
        assertThat(Files.readAllLines(notified)).containsExactly(STUDY + " 20");
        SentObjects.of(files).check(storescp.out(), SentObjects.STORESCP_NAME);
        assertThat(SentObjects.files(storescp.out())).as("each object once").hasSize(20);
        assertThat(JournalRows.count(database, "SELECT count(*) FROM forward_job WHERE state = 'done'"))
                .isEqualTo(20);
        assertThat(JournalRows.count(database, "SELECT count(DISTINCT node) FROM received_object")).isEqualTo(2);
        assertThat(JournalRows.count(database, "SELECT count(*) FROM notification")).isEqualTo(1);

        FerryRun status = FerryRun.of("status", "--config", dir.resolve("a.yaml").toString());
        assertThat(status.out()).contains("database: " + database.location() + " (this node: a)")
                .containsPattern("(?m)^  a +alive ").containsPattern("(?m)^  b +alive ");
    }

    @Test
    void aNodeKilledWhileForwardingHasItsJobsFinishedByTheOtherAfterTheLease() throws Exception {
        storescp = Storescp.start(dir, "--fork"); // a destination that serves both nodes at once, as a PACS does
        storescp.stop(); // the destination is down while node a receives: its jobs wait in the queue
        PostgresDatabase database = TestDatabase.freshPostgres(folder("a"), "a");
        start("a", database, storescp.port(), true);
        start("b", database, storescp.port(), true);
        List<Path> files = TestStudy.of("KILLED", "2.25.2207002", 12).write(dir.resolve("study"));
        sent(Dcmtk.send("SCANNER", "FERRY", ports.get("a"), dir.resolve("study")));
        Await.until("node a holds the jobs", () -> JournalRows.count(database,
                "SELECT count(*) FROM forward_job WHERE state = 'pending' AND node = 'a' AND claimed_by = 'a'") == 12);

        nodes.get("a").toHandle().destroyForcibly(); // SIGKILL
        assertThat(nodes.get("a").waitFor(30, TimeUnit.SECONDS)).isTrue();
        storescp.restart();

        // storescp creates a file when an object starts to arrive and answers once it is written; a job is done
        // once its answer came and was committed: then every file is whole
        Await.until("node b delivered node a's jobs after the lease", () -> JournalRows.count(database,
                "SELECT count(*) FROM forward_job WHERE state = 'done'") == 12);
        SentObjects.of(files).check(storescp.out(), SentObjects.STORESCP_NAME);
        assertThat(SentObjects.files(storescp.out())).as("each object once").hasSize(12);
        assertThat(JournalRows.count(database, "SELECT count(*) FROM forward_job WHERE state = 'done'"
                + " AND claimed_by = 'b'")).as("delivered by node b").isEqualTo(12);
    }

    @Test
    void aDestinationDownOpensTheBreakerOnceForTheClusterAndBothNodesDeliverWhenItIsBack() throws Exception {
        storescp = Storescp.start(dir, "--fork"); // a destination that serves both nodes at once, as a PACS does
        storescp.stop();
        PostgresDatabase database = TestDatabase.freshPostgres(folder("a"), "a");
        start("a", database, storescp.port(), false);
        start("b", database, storescp.port(), false);
        Path toA = TestStudy.of("DOWN-A", "2.25.2207003", 6).write(dir.resolve("down-a")).get(0).getParent();
        Path toB = TestStudy.of("DOWN-B", "2.25.2207004", 6).write(dir.resolve("down-b")).get(0).getParent();
        sent(Dcmtk.send("SCANNER", "FERRY", ports.get("a"), toA));
        sent(Dcmtk.send("SCANNER", "FERRY", ports.get("b"), toB));

        Await.until("the breaker opened", () -> downLines() >= 1);
        Thread.sleep(3_000); // both nodes keep trying meanwhile
        assertThat(downLines()).as("one node opened it, for both").isEqualTo(1);

        storescp.restart();
        Await.until("both nodes' objects delivered", () -> SentObjects.files(storescp.out()).size() >= 12);
        assertThat(SentObjects.files(storescp.out())).hasSize(12);
    }

    /** How many "destination ... is down" lines the nodes logged together. */
    private long downLines() throws IOException {
        long lines = 0;
        for (String node : nodes.keySet()) {
            Matcher down = Pattern.compile("destination scp is down").matcher(log(node));
            while (down.find()) {
                lines++;
            }
        }
        return lines;
    }

    private void start(String node, PostgresDatabase database, int destinationPort, boolean sharedStorage)
            throws Exception {
        int port = FreePorts.next();
        ports.put(node, port);
        Path data = folder(node).resolve("data");
        Files.createDirectories(data);
        String notified = dir.resolve("notified").toString();
        String yaml = "data-directory: " + data + "\n"
                + "http: off\n"
                + "min-free-disk: 0\n"
                + "database: {url: 'postgresql://127.0.0.1:" + database.port() + "/" + database.name()
                + "', user: ferry, tls: disable}\n"
                + "node: " + node + "\n"
                + "cluster: {heartbeat: 1s, lease: 4s, shared-storage: " + sharedStorage + "}\n"
                + "queue: {retry-first: 1s, retry-longest: 2s, breaker-after: 2}\n"
                + "listeners:\n  - {port: " + port + ", ae-titles: [FERRY]}\n"
                + "destinations:\n  scp: {dicom: {ae-title: " + Storescp.AE_TITLE + ", host: 127.0.0.1, port: "
                + destinationPort + "}}\n"
                + "routes:\n"
                + "  - name: relay\n"
                + "    forward: [scp]\n"
                + "    completion: {quiet-period: 2s}\n"
                + "    notify:\n"
                + "      - command: {run: [sh, -c, 'echo \"$0 $1\" >> " + notified + "', '{study}', '{objects}']}\n";
        Path config = Files.writeString(dir.resolve(node + ".yaml"), yaml);
        nodes.put(node, FerryProcess.run(dir, dir.resolve(node + ".log"), "--config", config.toString()));
    }

    private String log(String node) throws IOException {
        return Files.readString(dir.resolve(node + ".log"), StandardCharsets.UTF_8);
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    private static void sent(ToolRun storescu) {
        assertThat(storescu.exitCode()).as(storescu.describe()).isZero();
    }
}
