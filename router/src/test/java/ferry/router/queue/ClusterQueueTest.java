package ferry.router.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.router.database.PostgresDatabase;
import ferry.router.events.DestinationDown;
import ferry.router.events.DestinationRecovered;
import ferry.router.events.Events;
import ferry.router.events.FerryEvent;
import ferry.router.events.ForwardFailed;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.DicomDestination;
import ferry.router.forward.OutgoingObject;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.testing.JournalRows;
import ferry.router.testing.TestDatabase;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarding queue of two nodes on one PostgreSQL database (docs/cluster.md), each node a journal of its own on
 * the same database: jobs claimed by one node at a time, a dead node's jobs taken over after their lease (with shared
 * storage only), a restarted node's taken back at once, and one circuit breaker for the cluster.
 */
class ClusterQueueTest {
    private static final QueueConfig SETTINGS = new QueueConfig(Duration.ofMillis(100), Duration.ofMillis(500), 1_000,
            3, Duration.ofDays(7));

    @TempDir
    Path dir;

    private String databaseName;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** Node {@code name}'s journal, on the test's database, with its data directory under the test's folder. */
    private Journal journal(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        PostgresDatabase database;
        if (databaseName == null) {
            database = TestDatabase.freshPostgres(folder, name);
            databaseName = database.name();
        } else {
            database = TestDatabase.on(databaseName, folder, name);
        }
        Journal journal = Journal.open(database, Durability.PROCESS);
        opened.add(journal);
        return journal;
    }

    /** A node's forwarding queue, started, its events gathered in {@code published}. */
    private ForwardQueue queue(Journal journal, Map<String, Destination> destinations, ClaimSettings claims,
                               List<FerryEvent> published) throws IOException {
        Events events = new Events();
        events.listen(published::add);
        ForwardQueue queue = new ForwardQueue(journal, () -> destinations, name -> SETTINGS, (r, d) -> List.of(),
                dir.resolve("outgoing-" + journal.database().node()), Files::deleteIfExists, Clock.systemUTC(),
                ForwardQueue.JOBS_IN_MEMORY, events, claims);
        queue.start();
        opened.add(queue);
        return queue;
    }

    /**
     * Records an object received by the node of {@code journal} in its own folder and commits its job to
     * {@code destination}; hands the job to the node's lane only when {@code queue} is not null (else the node died
     * right after the commit).
     */
    private Path receive(Journal journal, ForwardQueue queue, ClaimSettings claims, Path file, String sop,
                         String destination) throws IOException {
        Path spool = journal.database().receiptLog().getParent().resolve("spool-" + sop);
        Files.copy(file, spool);
        ReceivedRecord record = new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "127.0.0.1",
                "1.2.840.10008.5.1.4.1.1.4", sop, "2.25.1", "2.25.1.1", "1.2.840.10008.1.2.1", 100, spool,
                List.of("relay"), ReceivedRecord.NO_CHECKSUM);
        long id = journal.recordReceived(record);
        ForwardQueue preparing = queue != null ? queue : new ForwardQueue(journal, Map::of, name -> SETTINGS,
                (r, d) -> List.of(), dir.resolve("unused"), Files::deleteIfExists, Clock.systemUTC(), 10,
                new Events(), claims);
        ForwardQueue.Prepared jobs = preparing.prepare(id, record, List.of(new ForwardQueue.Target("relay",
                destination)));
        journal.finish(id, jobs.work());
        if (queue != null) {
            jobs.afterCommit().run();
        }
        return spool;
    }

    private Path receive(Journal journal, ClaimSettings claims, String sop, String destination) throws IOException {
        return receive(journal, null, claims, Files.writeString(dir.resolve("object-" + sop), "object " + sop), sop,
                destination);
    }

    @Test
    void twoNodesClaimingAtOnceNeverTakeTheSameJob() throws Exception {
        Journal dead = journal("c");
        Journal a = journal("a");
        Journal b = journal("b");
        JobStore store = new JobStore();
        Instant past = Instant.now().minusSeconds(600);
        int perDestination = 1_500;
        // a third node made the jobs and died: every one of them is free to claim, with shared storage
        for (String destination : List.of("pacs", "archive")) {
            List<ForwardJob> jobs = new ArrayList<>();
            for (int i = 0; i < perDestination; i++) {
                jobs.add(new ForwardJob(0, i, "relay", destination, Path.of("/shared/spool", destination + i),
                        "1.2.840.10008.5.1.4.1.1.4", "2.25." + i, "1.2.840.10008.1.2.1", "SCANNER", "2.25.9", 0,
                        past));
            }
            dead.write(transaction -> store.insert(transaction, jobs, past));
        }
        ClaimSettings shared = new ClaimSettings(true, Duration.ofMinutes(1));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            // as a node's lanes do: one claimer per destination and node, following its own cursor
            Map<String, Future<List<Long>>> claims = Map.of(
                    "a pacs", threads.submit(() -> claimAll(a, store, "pacs", shared, go)),
                    "b pacs", threads.submit(() -> claimAll(b, store, "pacs", shared, go)),
                    "a archive", threads.submit(() -> claimAll(a, store, "archive", shared, go)),
                    "b archive", threads.submit(() -> claimAll(b, store, "archive", shared, go)));
            go.countDown();
            for (String destination : List.of("pacs", "archive")) {
                List<Long> byA = claims.get("a " + destination).get();
                List<Long> byB = claims.get("b " + destination).get();
                Set<Long> both = new HashSet<>(byA);
                both.retainAll(byB);
                assertThat(both).as(destination + ": jobs both nodes claimed").isEmpty();
                assertThat(byA).doesNotHaveDuplicates();
                assertThat(byB).doesNotHaveDuplicates();
                assertThat(byA.size() + byB.size()).as(destination + ": every job claimed").isEqualTo(perDestination);
            }
            assertThat(JournalRows.count(a.database(), "SELECT count(*) FROM forward_job WHERE claimed_by = 'a'")
                    + JournalRows.count(a.database(), "SELECT count(*) FROM forward_job WHERE claimed_by = 'b'"))
                    .as("each job's claim recorded").isEqualTo(2L * perDestination);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Claims jobs of {@code destination} for the node of {@code journal}, a few at a time, until none is left. */
    private static List<Long> claimAll(Journal journal, JobStore store, String destination, ClaimSettings claims,
                                       CountDownLatch go) throws Exception {
        go.await();
        List<Long> claimed = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Lane.Waiting> next = new ArrayList<>();
            long from = after;
            journal.write(transaction -> {
                next.clear();
                next.addAll(store.claim(transaction, destination, from, 7, claims, Instant.now()));
            });
            if (next.isEmpty()) {
                return claimed;
            }
            next.forEach(waiting -> claimed.add(waiting.job().id()));
            after = next.get(next.size() - 1).job().id();
        }
    }

    @Test
    void aDeadNodesJobsGoToAnotherAfterTheLeaseWhenTheStorageIsShared() throws Exception {
        ClaimSettings shared = new ClaimSettings(true, Duration.ofSeconds(2));
        Journal a = journal("a");
        Journal b = journal("b");
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            files.add(receive(a, shared, "7." + i, "pacs"));
        }
        a.close(); // node a dies with its five jobs claimed
        opened.remove(a);
        ForwardQueueTest.ScriptedDestination pacs = new ForwardQueueTest.ScriptedDestination("pacs");
        ForwardQueue byB = queue(b, Map.of("pacs", pacs), shared, new CopyOnWriteArrayList<>());

        Await.until("node b delivered a's jobs once their lease passed", () -> {
            byB.heartbeat();
            return pacs.delivered.size() == 5;
        });

        assertThat(pacs.delivered).containsExactlyInAnyOrder("7.1", "7.2", "7.3", "7.4", "7.5");
        Await.until("recorded as done", () -> JournalRows.count(b.database(),
                "SELECT count(*) FROM forward_job WHERE state = 'done'") == 5);
        assertThat(JournalRows.count(b.database(), "SELECT count(*) FROM forward_job WHERE claimed_by = 'b'"))
                .isEqualTo(5);
        Await.until("a's spool files released by b", () -> files.stream().noneMatch(Files::exists));
    }

    @Test
    void aLiveNodesHeartbeatKeepsItsJobsFromTheOthersPastTheirFirstLease() throws Exception {
        ClaimSettings shared = new ClaimSettings(true, Duration.ofSeconds(1));
        Journal a = journal("a");
        Journal b = journal("b");
        GatedDestination slow = new GatedDestination("pacs");
        ForwardQueue queueA = queue(a, Map.of("pacs", slow), shared, new CopyOnWriteArrayList<>());
        ForwardQueueTest.ScriptedDestination other = new ForwardQueueTest.ScriptedDestination("pacs");
        ForwardQueue queueB = queue(b, Map.of("pacs", other), shared, new CopyOnWriteArrayList<>());
        for (int i = 1; i <= 6; i++) {
            receive(a, queueA, shared, Files.writeString(dir.resolve("object-6." + i), "object"), "6." + i, "pacs");
        }
        Await.until("a delivering two, four waiting in its memory", () -> slow.waiting.get() == 2);

        Instant threeLeases = Instant.now().plusSeconds(3);
        Await.until("three leases of heartbeats", () -> {
            queueA.heartbeat();
            queueB.heartbeat();
            Thread.sleep(200);
            return Instant.now().isAfter(threeLeases);
        });

        assertThat(other.attempts.get()).as("b never takes the jobs a holds and renews").isZero();
        slow.gate.countDown();
        Await.until("a delivered all six", () -> slow.delivered.size() == 6);
        assertThat(slow.delivered).doesNotHaveDuplicates();
        assertThat(other.attempts.get()).isZero();
    }

    /** A destination whose deliveries wait for {@link #gate}. */
    private static final class GatedDestination extends ForwardQueueTest.ScriptedDestination {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        GatedDestination(String name) {
            super(name);
        }

        @Override
        public Delivery deliver(OutgoingObject object) {
            waiting.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Delivery.failed("interrupted");
            }
            return super.deliver(object);
        }
    }

    @Test
    void withoutSharedStorageADeadNodesJobsWaitForItAndItTakesThemBackWhenItRestarts() throws Exception {
        ClaimSettings own = new ClaimSettings(false, Duration.ofSeconds(1));
        Journal a = journal("a");
        Journal b = journal("b");
        for (int i = 1; i <= 3; i++) {
            receive(a, own, "8." + i, "pacs");
        }
        a.close();
        opened.remove(a);
        ForwardQueueTest.ScriptedDestination byB = new ForwardQueueTest.ScriptedDestination("pacs");
        ForwardQueue queueB = queue(b, Map.of("pacs", byB), own, new CopyOnWriteArrayList<>());
        Instant leasePassed = Instant.now().plusSeconds(2);
        Await.until("a's leases passed, b looking", () -> {
            queueB.heartbeat();
            return Instant.now().isAfter(leasePassed);
        });
        queueB.heartbeat();
        Thread.sleep(300); // b's lane would have claimed by now: it is not allowed to

        assertThat(byB.attempts.get()).as("b cannot read a's spool: it never tries a's jobs").isZero();
        assertThat(JournalRows.count(b.database(), "SELECT count(*) FROM forward_job WHERE claimed_by = 'a'"
                + " AND state = 'pending'")).isEqualTo(3);

        Journal again = journal("a");
        ForwardQueueTest.ScriptedDestination byA = new ForwardQueueTest.ScriptedDestination("pacs");
        queue(again, Map.of("pacs", byA), own, new CopyOnWriteArrayList<>());

        Await.until("a delivered its jobs after its restart", () -> byA.delivered.size() == 3);
        assertThat(byA.delivered).containsExactlyInAnyOrder("8.1", "8.2", "8.3");
        assertThat(byB.attempts.get()).isZero();
    }

    @Test
    void aRestartedNodeTakesBackItsOwnJobsAtOnceWithoutWaitingForItsLease() throws Exception {
        ClaimSettings longLease = new ClaimSettings(true, Duration.ofHours(1));
        Journal a = journal("a");
        journal("b");
        for (int i = 1; i <= 3; i++) {
            receive(a, longLease, "9." + i, "pacs");
        }
        a.close();
        opened.remove(a);

        Journal again = journal("a");
        ForwardQueueTest.ScriptedDestination pacs = new ForwardQueueTest.ScriptedDestination("pacs");
        queue(again, Map.of("pacs", pacs), longLease, new CopyOnWriteArrayList<>());

        Await.until("delivered after the restart", () -> pacs.delivered.size() == 3);
        assertThat(pacs.delivered).containsExactlyInAnyOrder("9.1", "9.2", "9.3");
    }

    @Test
    void aDestinationDownForBothNodesOpensOneBreakerForTheClusterAndOneProbeClosesItForBoth() throws Exception {
        ClaimSettings claims = new ClaimSettings(false, Duration.ofSeconds(30));
        List<Path> study = TestStudy.of("P22", "2.25.2200", 12).write(dir.resolve("study"));
        // two nodes, two associations at once: storescp forks a process for each
        try (Storescp storescp = Storescp.start(dir.resolve("scp-root"), "--fork")) {
            storescp.stop();
            Journal a = journal("a");
            Journal b = journal("b");
            List<FerryEvent> eventsA = new CopyOnWriteArrayList<>();
            List<FerryEvent> eventsB = new CopyOnWriteArrayList<>();
            ForwardQueue queueA = queue(a, Map.of("scp", scp(storescp)), claims, eventsA);
            ForwardQueue queueB = queue(b, Map.of("scp", scp(storescp)), claims, eventsB);
            for (int i = 0; i < study.size(); i++) {
                receive(i % 2 == 0 ? a : b, i % 2 == 0 ? queueA : queueB, claims, study.get(i),
                        "2.25.2200.1." + i, "scp");
            }

            Await.until("the breaker open on both nodes", () -> open(queueA) && open(queueB));
            Await.until("both nodes failed a delivery", () -> eventsA.stream().anyMatch(failed())
                    && eventsB.stream().anyMatch(failed()));
            assertThat(Stream.concat(eventsA.stream(), eventsB.stream()).filter(DestinationDown.class::isInstance))
                    .as("one outage, one breaker opened for the cluster").hasSize(1);
            assertThat(JournalRows.count(a.database(), "SELECT times_opened FROM destination_breaker"
                    + " WHERE destination = 'scp'")).isEqualTo(1);

            storescp.restart();
            Await.until("every object at storescp", () -> stored(storescp.out()) == study.size());
            Await.until("the breaker closed on both nodes", () -> !open(queueA) && !open(queueB));
            assertThat(Stream.concat(eventsA.stream(), eventsB.stream())
                    .filter(DestinationRecovered.class::isInstance)).as("closed once, by the node that probed")
                    .hasSize(1);
            assertThat(Stream.concat(eventsA.stream(), eventsB.stream()).filter(DestinationDown.class::isInstance))
                    .hasSize(1);
            assertThat(JournalRows.count(a.database(), "SELECT count(*) FROM destination_breaker"
                    + " WHERE open_until IS NOT NULL")).isZero();
        }
    }

    private static Predicate<FerryEvent> failed() {
        return ForwardFailed.class::isInstance;
    }

    private DicomDestination scp(Storescp storescp) {
        DicomDestination destination = new DicomDestination("scp", new DestinationConfig.Dicom(Storescp.AE_TITLE,
                "127.0.0.1", storescp.port(), "FERRY", 1, Duration.ofMinutes(1), Duration.ofSeconds(30), null),
                null);
        opened.add(destination);
        return destination;
    }

    private static boolean open(ForwardQueue queue) throws IOException {
        return queue.summary().stream().anyMatch(d -> d.destination().equals("scp") && d.breakerOpenUntil() != null);
    }

    private static long stored(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
