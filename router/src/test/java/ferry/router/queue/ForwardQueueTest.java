package ferry.router.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.router.events.DestinationDown;
import ferry.router.events.DestinationRecovered;
import ferry.router.events.Events;
import ferry.router.events.FerryEvent;
import ferry.router.events.ForwardDelivered;
import ferry.router.events.ForwardFailed;
import ferry.router.database.Database;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.DicomDestination;
import ferry.router.forward.OutgoingObject;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.testing.TestDatabase;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarding queue against a real journal database (SQLite, or PostgreSQL: {@link TestDatabase}), with
 * destinations that answer as the test says (the destinations themselves are tested against dcmtk and Orthanc
 * elsewhere): jobs written with the object's finish, retries, the circuit breaker, failing for good, retry and purge,
 * restarts, and the spool file removed once every destination has it.
 */
@Tag("database")
class ForwardQueueTest {
    @TempDir
    Path dir;

    private QueueConfig settings = new QueueConfig(Duration.ofMillis(20), Duration.ofMillis(100), 5, 3,
            Duration.ofDays(7));
    private final Map<String, ScriptedDestination> destinations = new ConcurrentHashMap<>();
    /** Destinations with real peers behind them. */
    private final Map<String, Destination> peers = new ConcurrentHashMap<>();
    /** The test's database: opened again by a restart. */
    private Database database;
    private Journal journal;
    private ForwardQueue queue;
    /** What the queue published. */
    private final List<FerryEvent> published = new CopyOnWriteArrayList<>();
    private final Events events = new Events();

    {
        events.listen(published::add);
    }

    private <T extends FerryEvent> List<T> published(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * A window of three jobs in memory: every test here also runs the backlog path, new jobs past the window waiting
     * in the journal only and read back as the ones in memory go.
     */
    static final int JOBS_IN_MEMORY = 3;

    @BeforeEach
    void open() throws IOException {
        destinations.putIfAbsent("pacs", new ScriptedDestination("pacs"));
        destinations.putIfAbsent("archive", new ScriptedDestination("archive"));
        if (database == null) {
            database = TestDatabase.fresh(dir);
        }
        journal = Journal.open(database, Durability.PROCESS);
        queue = new ForwardQueue(journal, this::allDestinations, name -> settings, (r, d) -> List.of(),
                dir.resolve("outgoing"), Files::deleteIfExists, Clock.systemUTC(), JOBS_IN_MEMORY, events);
        queue.start();
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        journal.close();
    }

    private Map<String, Destination> allDestinations() {
        Map<String, Destination> all = new HashMap<>(destinations);
        all.putAll(peers);
        return all;
    }

    /** Records a received object and finishes it with its jobs, as the store actions do. */
    private Path forward(String sop, String... to) throws IOException {
        return forward(Files.writeString(dir.resolve("spool-" + sop), "object " + sop), sop, to);
    }

    /** {@link #forward(String, String...)} of the object in {@code spool}. */
    private Path forward(Path spool, String sop, String... to) throws IOException {
        ReceivedRecord record = new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "127.0.0.1",
                "1.2.840.10008.5.1.4.1.1.4", sop, "2.25.1", "2.25.1.1", "1.2.840.10008.1.2.1", 100, spool,
                List.of("relay"), ReceivedRecord.NO_CHECKSUM);
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

        // the breaker opened once and closed once: one event each, in that order, for the log and the metrics
        assertThat(published(DestinationDown.class)).singleElement().satisfies(down -> {
            assertThat(down.destination()).isEqualTo("pacs");
            assertThat(down.failuresInRow()).isEqualTo(3);
            assertThat(down.reason()).isEqualTo("connection refused (scripted)");
        });
        assertThat(published(DestinationRecovered.class)).singleElement()
                .satisfies(back -> assertThat(back.downFor()).isPositive());
        assertThat(published.indexOf(published(DestinationDown.class).get(0)))
                .isLessThan(published.indexOf(published(DestinationRecovered.class).get(0)));
        assertThat(published(ForwardDelivered.class)).hasSize(20)
                .allSatisfy(delivered -> assertThat(delivered.destination()).isEqualTo("pacs"));
        assertThat(published(ForwardFailed.class)).extracting(ForwardFailed::next)
                .contains(ForwardFailed.Next.RETRY, ForwardFailed.Next.PROBE_AGAIN)
                .doesNotContain(ForwardFailed.Next.GIVEN_UP, ForwardFailed.Next.REJECTED);
    }

    @Test
    void aRejectedObjectFailsAtOnceWithItsReasonAndCanBeRetriedOrPurged() throws Exception {
        destinations.get("pacs").reject.add("4.2");
        forward("4.1", "pacs");
        Path rejected = forward("4.2", "pacs");

        // two workers: 4.2 may be refused before 4.1 is delivered
        Await.until("one failed, the other delivered", () -> queue.report().contains("SOP class not supported")
                && destinations.get("pacs").delivered.contains("4.1"));
        Await.until("4.1's job done", () -> queue.report().matches("(?s).*pacs\\s+0\\s+0\\s+1.*"));
        assertThat(destinations.get("pacs").attempts.get()).isEqualTo(2);
        assertThat(rejected).as("a failed job's file is kept").exists();

        destinations.get("pacs").reject.clear();
        assertThat(queue.retry(List.of("pacs"))).startsWith("1 failed job(s) queued again");
        Await.until("delivered on retry", () -> destinations.get("pacs").delivered.contains("4.2"));

        destinations.get("pacs").reject.add("4.3");
        Path purged = forward("4.3", "pacs");
        // the destination's last error still names 4.2's rejection: wait for 4.3's own failed job
        Await.until("failed again", () -> listed("failed").containsKey("4.3"));
        assertThat(queue.purge(List.of())).startsWith("1 failed job(s) purged, 1 file(s) removed");
        assertThat(purged).doesNotExist();
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+0");
    }

    /** The ids {@code ferry queue} lists, by SOP Instance UID, of the jobs in {@code state}. */
    private Map<String, String> listed(String state) throws IOException {
        Map<String, String> ids = new HashMap<>();
        Matcher job = Pattern.compile("(?m)^  (\\d+) +" + state + " +\\d+ +.*? ([0-9][0-9.]*[0-9])(?::.*)?$")
                .matcher(queue.report());
        while (job.find()) {
            ids.put(job.group(2), job.group(1));
        }
        return ids;
    }

    @Test
    void retryAndPurgeTakeSeveralIdsAndDestinationsAndChangeNothingWhenOneIsUnknown() throws Exception {
        destinations.get("pacs").reject.addAll(List.of("12.1", "12.2", "12.3"));
        destinations.get("archive").reject.add("12.4");
        forward("12.1", "pacs");
        forward("12.2", "pacs");
        forward("12.3", "pacs");
        forward("12.4", "archive");
        Await.until("four failed", () -> listed("failed").size() == 4);
        Map<String, String> ids = listed("failed");
        destinations.get("pacs").reject.clear();
        destinations.get("archive").reject.clear();

        assertThat(queue.retry(List.of(ids.get("12.1"), ids.get("12.2"))))
                .startsWith("2 failed job(s) queued again, 0 waiting for a retry tried now (pacs)");
        Await.until("both delivered", () -> destinations.get("pacs").delivered.size() == 2);
        assertThat(destinations.get("pacs").delivered).containsExactlyInAnyOrder("12.1", "12.2");
        // a delivery is recorded with the next journal commit
        Await.until("both recorded as done", () -> queue.report().matches("(?s).*pacs\\s+0\\s+0\\s+1\\s.*"));

        assertThatThrownBy(() -> queue.retry(List.of("pacs", ids.get("12.4"), "999999")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job " + ids.get("12.4") + " is archive's, not pacs's; no job 999999; nothing was changed");
        assertThatThrownBy(() -> queue.retry(List.of("pacs", "pcas")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no destination named 'pcas' (the destinations: archive, pacs)");
        assertThatThrownBy(() -> queue.purge(List.of(ids.get("12.1"), ids.get("12.3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job " + ids.get("12.1") + " is done (delivered or purged): only failed jobs are purged; "
                        + "nothing was changed");
        assertThat(listed("failed")).as("nothing changed").containsOnlyKeys("12.3", "12.4");

        assertThat(queue.retry(List.of("archive", ids.get("12.4")))).startsWith("1 failed job(s) queued again");
        Await.until("12.4 delivered", () -> destinations.get("archive").delivered.contains("12.4"));
        assertThat(queue.purge(List.of("pacs"))).startsWith("1 failed job(s) purged, 1 file(s) removed");
        assertThat(listed("failed")).isEmpty();
        assertThat(destinations.get("pacs").delivered).containsExactlyInAnyOrder("12.1", "12.2");
    }

    @Test
    void retryTriesAJobWaitingForItsRetryNow() throws Exception {
        settings = new QueueConfig(Duration.ofHours(1), Duration.ofHours(2), 50, 1_000, Duration.ofDays(7));
        destinations.get("pacs").failuresToCome.set(1);
        forward("13.1", "pacs");
        Await.until("listed as waiting for its retry", () -> listed("retrying").containsKey("13.1"));
        assertThat(queue.report()).containsPattern("retrying +1 +in \\d+m +13\\.1: connection refused");

        assertThat(queue.retry(List.of(listed("retrying").get("13.1"))))
                .startsWith("0 failed job(s) queued again, 1 waiting for a retry tried now (pacs)");

        Await.until("delivered", () -> destinations.get("pacs").delivered.contains("13.1"));
    }

    @Test
    void aJobIsFailedAfterItsAttemptsAndKeepsTheLastReason() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(10), Duration.ofMillis(20), 3, 1_000, Duration.ofDays(7));
        destinations.get("pacs").failuresToCome.set(1_000);
        forward("5.1", "pacs");

        Await.until("failed for good", () -> queue.report().contains("after 3 attempts"));

        assertThat(destinations.get("pacs").attempts.get()).isEqualTo(3);
        assertThat(queue.report()).containsPattern("pacs\\s+0\\s+0\\s+1");
        assertThat(published(ForwardFailed.class)).extracting(ForwardFailed::attempts, ForwardFailed::next)
                .containsExactly(tuple(1, ForwardFailed.Next.RETRY), tuple(2, ForwardFailed.Next.RETRY),
                        tuple(3, ForwardFailed.Next.GIVEN_UP));
    }

    @Test
    void oneObjectThatKeepsFailingOpensNoBreakerAndTheObjectsAfterItGoThrough() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(20), Duration.ofMillis(50), 1_000, 3, Duration.ofDays(7));
        destinations.get("pacs").failing.add("9.1");
        forward("9.1", "pacs");
        Await.until("the object failed more often than breaker-after",
                () -> destinations.get("pacs").attemptsOf("9.1") > 5);

        assertThat(queue.report()).as("its retries count once").containsPattern("pacs\\s+1\\s+\\d\\s+0\\s+\\S+\\s+ok");
        for (int i = 2; i <= 6; i++) {
            forward("9." + i, "pacs");
        }
        Await.until("the objects after it delivered", () -> destinations.get("pacs").delivered.size() == 5);
        assertThat(destinations.get("pacs").delivered).containsExactlyInAnyOrder("9.2", "9.3", "9.4", "9.5", "9.6");
        assertThat(queue.report()).contains(" ok").contains("last error: the peer aborted the association");
        assertThat(published(DestinationDown.class)).as("no breaker opened").isEmpty();
    }

    @Test
    void anObjectStorescpAbortsOnFailsAloneAfterItsAttemptsAndTheObjectsAroundItArriveWhole() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(20), Duration.ofMillis(50), 6, 3, Duration.ofDays(7));
        List<Path> files = TestStudy.of("P11", "2.25.511", 10).write(dir.resolve("study"));
        // cut inside its pixel data: storescp reads a premature end of stream and aborts the association
        byte[] whole = Files.readAllBytes(files.get(0));
        Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(whole, whole.length - 1000));
        try (Storescp storescp = Storescp.start(dir)) {
            peers.put("scp", new DicomDestination("scp", new DestinationConfig.Dicom(Storescp.AE_TITLE, "127.0.0.1",
                    storescp.port(), "FERRY", 1, Duration.ofMinutes(1), Duration.ofSeconds(30), null), null));
            Map<String, DataSet> sent = new HashMap<>();
            for (int i = 1; i < files.size(); i++) {
                DataSet dataSet = DicomReader.read(files.get(i), ReadOptions.IN_MEMORY).dataSet();
                sent.put(dataSet.getString(Tags.SOPInstanceUID), dataSet);
            }
            for (int i = 1; i <= 4; i++) {
                forward(Files.copy(files.get(i), dir.resolve("spool-" + i)), "2.25.511.1." + (i + 1), "scp");
            }
            Await.until("the objects before it delivered", () -> stored(storescp.out()).size() == 4);

            forward(truncated, "2.25.511.1.1", "scp");
            Await.until("a failed attempt", () -> queue.report().contains("aborted the association"));
            for (int i = 5; i < files.size(); i++) {
                forward(Files.copy(files.get(i), dir.resolve("spool-" + i)), "2.25.511.1." + (i + 1), "scp");
            }

            Await.until("the objects after it delivered", () -> stored(storescp.out()).size() == 9);
            Await.until("it failed after its attempts", () -> queue.report().contains("(after 6 attempts)"));
            // the last deliveries are recorded with the next journal commit
            Await.until("the others done, it failed, and no breaker (its failures counted once)",
                    () -> queue.report().matches("(?s).*scp\\s+0\\s+0\\s+1\\s+\\S+\\s+ok\\s.*"));
            assertThat(stored(storescp.out())).isEqualTo(sent);
        } finally {
            peers.remove("scp").close();
        }
    }

    /** The data sets storescp stored, by SOP Instance UID. */
    private static Map<String, DataSet> stored(Path folder) throws IOException {
        Map<String, DataSet> stored = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                DataSet dataSet = DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
                stored.put(dataSet.getString(Tags.SOPInstanceUID), dataSet);
            }
        }
        return stored;
    }

    @Test
    void failuresOfDifferentObjectsInARowStillOpenTheBreaker() throws Exception {
        settings = new QueueConfig(Duration.ofMillis(20), Duration.ofMillis(50), 1_000, 3, Duration.ofDays(7));
        for (int i = 1; i <= 3; i++) {
            destinations.get("pacs").failing.add("10." + i);
            forward("10." + i, "pacs");
        }

        Await.until("the breaker open", () -> queue.report().contains("breaker open"));
        destinations.get("pacs").failing.clear();
        Await.until("everything delivered after a probe", () -> destinations.get("pacs").delivered.size() == 3);
        Await.until("the breaker closed", () -> queue.report().contains(" ok"));
    }

    @Test
    void aDestinationThatTakesBatchesIsHandedSeveralDueJobsAtOnceAndAFailedBatchIsRetriedWhole() throws Exception {
        BatchDestination lines = new BatchDestination("lines", 4);
        destinations.put("lines", lines);
        lines.failuresToCome.set(2);
        forward("11.1", "lines");
        // one at a time: two jobs due together could go out as one batch, and leave the second worker idle
        Await.until("one worker busy", () -> lines.waiting.get() == 1);
        forward("11.2", "lines");
        Await.until("both workers busy", () -> lines.waiting.get() == 2);
        for (int i = 3; i <= 12; i++) {
            forward("11." + i, "lines");
        }
        lines.gate.countDown(); // the jobs made meanwhile are due together

        Await.until("everything delivered", () -> lines.delivered.size() == 12);
        assertThat(lines.delivered).doesNotHaveDuplicates();
        assertThat(lines.batches).allMatch(size -> size >= 1 && size <= 4);
        assertThat(lines.batches).as("several jobs in one exchange").anyMatch(size -> size > 1);
        assertThat(lines.attempts.get()).as("two failed batches, retried").isGreaterThan(12);
        Await.until("the breaker closed", () -> queue.report().contains(" ok"));
    }

    /** A destination that takes up to {@code size} objects in one exchange; a failure fails the whole exchange. */
    static final class BatchDestination extends ScriptedDestination {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        /** Deliveries wait for it: jobs gather in the queue meanwhile. */
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();
        private final int size;

        BatchDestination(String name, int size) {
            super(name);
            this.size = size;
        }

        @Override
        public int batchSize() {
            return size;
        }

        @Override
        public Delivery deliver(OutgoingObject object) {
            try {
                return deliverAll(List.of(object)).get(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Delivery.failed("interrupted");
            }
        }

        @Override
        public List<Delivery> deliverAll(List<OutgoingObject> objects) throws InterruptedException {
            waiting.incrementAndGet();
            gate.await();
            batches.add(objects.size());
            attempts.addAndGet(objects.size());
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Collections.nCopies(objects.size(), Delivery.failed("disk full (scripted)"));
            }
            objects.forEach(object -> delivered.add(object.sopInstanceUid()));
            return Collections.nCopies(objects.size(), Delivery.delivered("written"));
        }
    }

    /** A destination that delivers, fails or rejects as the test says, and remembers what it was given. */
    static class ScriptedDestination implements Destination {
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> reject = new CopyOnWriteArrayList<>();
        /** Objects that fail every time, as on a peer that aborts the association on them. */
        final List<String> failing = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final Map<String, Integer> attemptsBySop = new ConcurrentHashMap<>();
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

        int attemptsOf(String sop) {
            return attemptsBySop.getOrDefault(sop, 0);
        }

        @Override
        public Delivery deliver(OutgoingObject object) {
            attempts.incrementAndGet();
            attemptsBySop.merge(object.sopInstanceUid(), 1, Integer::sum);
            if (reject.contains(object.sopInstanceUid())) {
                return Delivery.rejected("0x0122 SOP class not supported");
            }
            if (failing.contains(object.sopInstanceUid())) {
                return Delivery.failed("the peer aborted the association (scripted)");
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
