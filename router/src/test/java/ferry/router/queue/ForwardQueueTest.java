package ferry.router.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.router.config.QueueConfig;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.OutgoingObject;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarding queue against a real journal database, with destinations that answer as the test says (the
 * destinations themselves are tested against dcmtk and Orthanc elsewhere): jobs written with the object's finish,
 * retries, the circuit breaker, failing for good, retry and purge, restarts, and the spool file removed once every
 * destination has it.
 */
class ForwardQueueTest {
    @TempDir
    Path dir;

    private QueueConfig settings = new QueueConfig(Duration.ofMillis(20), Duration.ofMillis(100), 5, 3,
            Duration.ofDays(7));
    private final Map<String, ScriptedDestination> destinations = new java.util.concurrent.ConcurrentHashMap<>();
    private Journal journal;
    private ForwardQueue queue;

    @BeforeEach
    void open() throws IOException {
        destinations.putIfAbsent("pacs", new ScriptedDestination("pacs"));
        destinations.putIfAbsent("archive", new ScriptedDestination("archive"));
        journal = Journal.open(dir.resolve("ferry.db"), Durability.PROCESS);
        queue = new ForwardQueue(journal, () -> Map.copyOf(destinations), name -> settings, (r, d) -> List.of(),
                dir.resolve("outgoing"), Files::deleteIfExists, Clock.systemUTC());
        queue.start();
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        journal.close();
    }

    /** Records a received object and finishes it with its jobs, as the store actions do. */
    private Path forward(String sop, String... to) throws IOException {
        Path spool = Files.writeString(dir.resolve("spool-" + sop), "object " + sop);
        ReceivedRecord record = new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "127.0.0.1",
                "1.2.840.10008.5.1.4.1.1.4", sop, "2.25.1", "2.25.1.1", "1.2.840.10008.1.2.1", 100, spool,
                List.of("relay"));
        long id = journal.recordReceived(record);
        ForwardQueue.Prepared jobs = queue.prepare(id, record,
                java.util.Arrays.stream(to).map(d -> new ForwardQueue.Target("relay", d)).toList());
        journal.finish(id, jobs.work());
        jobs.afterCommit().run();
        return spool;
    }

    @Test
    void everyJobIsDeliveredOnceAndTheSpoolFileGoesWhenEveryDestinationHasIt() throws Exception {
        Path one = forward("1.1", "pacs", "archive");
        Path two = forward("1.2", "pacs");

        Await.until("all delivered", () -> destinations.get("pacs").delivered.size() == 2
                && destinations.get("archive").delivered.size() == 1);
        Await.until("the spool files removed", () -> !Files.exists(one) && !Files.exists(two));

        // two workers for pacs (maxParallel 2) take the jobs in order but may finish them in either order
        assertThat(destinations.get("pacs").delivered).containsExactlyInAnyOrder("1.1", "1.2");
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+0\\s+-\\s+ok");
    }

    @Test
    void jobsWaitingWhenFerryStopsAreDeliveredAfterTheRestart() throws Exception {
        destinations.get("pacs").failuresToCome.set(1_000);
        Path spool = forward("2.1", "pacs");
        Await.until("a failed attempt", () -> destinations.get("pacs").attempts.get() >= 1);
        close();
        destinations.get("pacs").failuresToCome.set(0);
        assertThat(spool).exists();

        open();

        Await.until("delivered after the restart", () -> destinations.get("pacs").delivered.contains("2.1"));
        Await.until("the spool file removed", () -> !Files.exists(spool));
    }

    @Test
    void aDestinationThatKeepsFailingOpensItsBreakerAndIsProbedUntilItIsBack() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(50), Duration.ofMillis(300), 1_000, 3, Duration.ofDays(7));
        destinations.get("pacs").failuresToCome.set(1_000);
        for (int i = 1; i <= 20; i++) {
            forward("3." + i, "pacs");
        }

        Await.until("the breaker open", () -> queue.report().contains("breaker open"));
        int attemptsWhileOpen = destinations.get("pacs").attempts.get();
        Thread.sleep(600);
        assertThat(destinations.get("pacs").attempts.get() - attemptsWhileOpen)
                .as("one probe at a time, not every job").isLessThan(6);
        assertThat(queue.report()).contains("last error: connection refused (scripted)");
        destinations.get("pacs").failuresToCome.set(0);

        Await.until("everything delivered", () -> destinations.get("pacs").delivered.size() == 20);
        assertThat(destinations.get("pacs").delivered).doesNotHaveDuplicates();
        Await.until("the breaker closed", () -> queue.report().contains(" ok"));
    }

    @Test
    void aRejectedObjectFailsAtOnceWithItsReasonAndCanBeRetriedOrPurged() throws Exception {
        destinations.get("pacs").reject.add("4.2");
        forward("4.1", "pacs");
        Path rejected = forward("4.2", "pacs");

        Await.until("one failed", () -> queue.report().contains("SOP class not supported"));
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+1");
        assertThat(destinations.get("pacs").attempts.get()).isEqualTo(2);
        assertThat(rejected).as("a failed job's file is kept").exists();

        destinations.get("pacs").reject.clear();
        assertThat(queue.retry("pacs")).startsWith("1 failed job(s) queued again");
        Await.until("delivered on retry", () -> destinations.get("pacs").delivered.contains("4.2"));

        destinations.get("pacs").reject.add("4.3");
        Path purged = forward("4.3", "pacs");
        Await.until("failed again", () -> queue.report().contains("SOP class not supported"));
        assertThat(queue.purge(null)).startsWith("1 failed job(s) purged, 1 file(s) removed");
        assertThat(purged).doesNotExist();
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+0");
    }

    @Test
    void aJobIsFailedAfterItsAttemptsAndKeepsTheLastReason() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(10), Duration.ofMillis(20), 3, 1_000, Duration.ofDays(7));
        destinations.get("pacs").failuresToCome.set(1_000);
        forward("5.1", "pacs");

        Await.until("failed for good", () -> queue.report().contains("after 3 attempts"));

        assertThat(destinations.get("pacs").attempts.get()).isEqualTo(3);
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+1");
    }

    /** A destination that delivers, fails or rejects as the test says, and remembers what it was given. */
    static final class ScriptedDestination implements Destination {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> reject = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        private final String name;

        ScriptedDestination(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String describe() {
            return "scripted " + name;
        }

        @Override
        public int maxParallel() {
            return 2;
        }

        @Override
        public Delivery deliver(OutgoingObject object) {
            attempts.incrementAndGet();
            if (reject.contains(object.sopInstanceUid())) {
                return Delivery.rejected("0x0122 SOP class not supported");
            }
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Delivery.failed("connection refused (scripted)");
            }
            if (!Files.exists(object.file())) {
                return Delivery.rejected("no file");
            }
            delivered.add(object.sopInstanceUid());
            return Delivery.delivered("0x0000");
        }

        @Override
        public void close() {
        }
    }
}
