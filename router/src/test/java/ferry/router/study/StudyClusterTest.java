package ferry.router.study;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.events.Events;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.notify.Channels;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.CompletionReport.Level;
import ferry.router.notify.NotificationChannel;
import ferry.router.notify.ReportJson;
import ferry.router.receive.RouteConfig;
import ferry.router.testing.JournalRows;
import ferry.router.testing.MovableClock;
import ferry.router.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a cluster on one PostgreSQL database (the test run's throwaway server), each with its own journal,
 * study tracker and dispatcher, as two Ferry processes have them; time in the test's hands. The channel is a real
 * command that appends a line per delivery to one file both nodes write, so a notification sent twice shows.
 */
class StudyClusterTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration QUIET = Duration.ofSeconds(16);
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(T0);
    private Path delivered;
    private PostgresDatabase shared;
    private Node a;
    private Node b;

    /** One node: its journal on the shared database, its tracker and dispatcher, its own folder. */
    private final class Node implements AutoCloseable {
        final Path folder;
        final Journal journal;
        final NotificationDispatcher dispatcher;
        final StudyTracker tracker;

        Node(Database database, Path folder, Map<String, RouteNotifications> routes) throws IOException {
            this.folder = folder;
            journal = Journal.open(database, Durability.PROCESS);
            RetryConfig retry = new RetryConfig(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1));
            dispatcher = new NotificationDispatcher(journal, () -> routes, retry, clock, 2, new Events(), LEASE);
            tracker = new StudyTracker(journal, () -> routes, dispatcher, clock, new Events(), LEASE);
            dispatcher.start();
            tracker.start();
        }

        void arrive(String study, String series, String sop, Instant at) throws IOException {
            Arrivals.arrive(journal, tracker, folder, study, series, sop, at, null);
        }

        @Override
        public void close() throws IOException {
            tracker.close();
            dispatcher.close();
            journal.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        delivered = dir.resolve("delivered.txt");
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$FERRY_STUDY_UID $FERRY_OBJECTS $FERRY_TOTAL\" >> " + delivered
                + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        shared = TestDatabase.freshPostgres(a, "a");
        this.a = new Node(shared, a, routes(script, a));
        this.b = new Node(TestDatabase.on(shared.name(), b, "b"), b, routes(script, b));
    }

    /** The route {@code mri} with a command channel, as a node's configuration file gives it. */
    private Map<String, RouteNotifications> routes(Path script, Path folder) throws Exception {
        Path file = folder.resolve("ferry.yaml");
        Files.writeString(file, "http: off\nlisteners:\n  - port: 11112\n    ae-titles: [BTUANON]\nroutes:\n"
                + "  - name: mri\n    store: " + folder.resolve("store") + "\n    completion: {quiet-period: "
                + QUIET.toSeconds() + "s}\n    notify:\n      - command: {run: [" + script + "]}\n");
        FerryConfig config = ConfigLoader.load(file);
        RouteConfig route = config.routes().get(0);
        List<NotificationChannel> channels = route.notifications().stream()
                .map(n -> Channels.create(n, config.smtp(), System::getenv)).toList();
        return Map.of("mri", new RouteNotifications("mri", route.completion(), channels));
    }

    @AfterEach
    void stop() throws IOException {
        for (Node node : new Node[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Both nodes check at {@code at} at the same moment. */
    private void bothCheck(Instant at) {
        clock.set(at);
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> a.tracker.check(at)),
                CompletableFuture.runAsync(() -> b.tracker.check(at))).join();
    }

    /** The lines the command wrote, once {@code count} are there and every notification is recorded as sent. */
    private List<String> deliveries(int count) throws Exception {
        Await.until(count + " deliveries", () -> Files.exists(delivered)
                && Files.readAllLines(delivered).size() >= count);
        Await.until("all recorded as sent", () -> rows("SELECT count(*) FROM notification WHERE state <> 'sent'")
                == 0);
        return Files.readAllLines(delivered);
    }

    private long rows(String query) throws Exception {
        return JournalRows.count(shared, query);
    }

    /** The reports of the outbox, in the order they were made. */
    private List<CompletionReport> outbox() throws Exception {
        List<CompletionReport> reports = new ArrayList<>();
        try (Connection connection = shared.openReader();
             Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT report FROM notification ORDER BY id")) {
            while (row.next()) {
                reports.add(ReportJson.fromJson(row.getString(1)));
            }
        }
        return reports;
    }

    @Test
    void halvesOfAStudyAtTwoNodesMakeOneNotificationWithTheTotalOfBoth() throws Exception {
        a.arrive("1.1", "1.1.1", "1.1.1.1", T0);
        b.arrive("1.1", "1.1.2", "1.1.2.1", T0.plusSeconds(1));
        a.arrive("1.1", "1.1.1", "1.1.1.2", T0.plusSeconds(2));
        b.arrive("1.1", "1.1.2", "1.1.2.2", T0.plusSeconds(3));
        b.arrive("1.1", "1.1.2", "1.1.2.3", T0.plusSeconds(3));
        assertThat(rows("SELECT objects FROM study WHERE study_uid = '1.1'")).as("both nodes' counts add up")
                .isEqualTo(5);

        Instant due = T0.plusSeconds(3).plus(QUIET);
        bothCheck(due);
        bothCheck(due.plusSeconds(1));
        a.dispatcher.claimDue(due.plusSeconds(1));
        b.dispatcher.claimDue(due.plusSeconds(1));

        assertThat(deliveries(1)).containsExactly("1.1 5 5");
        List<CompletionReport> reports = outbox();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).level()).isEqualTo(Level.STUDY);
        assertThat(reports.get(0).firstArrival()).isEqualTo(T0);
        assertThat(reports.get(0).lastArrival()).isEqualTo(T0.plusSeconds(3));
        assertThat(reports.get(0).series()).extracting(CompletionReport.SeriesSummary::seriesInstanceUid,
                CompletionReport.SeriesSummary::objects).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("1.1.1", 2L), org.assertj.core.groups.Tuple.tuple("1.1.2", 3L));
        assertThat(a.tracker.openStudies() + b.tracker.openStudies()).as("both let go of it").isZero();
    }

    @Test
    void aNodesTimerThatFiresBeforeTheOtherNodesLaterArrivalWaitsForIt() throws Exception {
        a.arrive("2.1", "2.1.1", "2.1.1.1", T0);
        a.arrive("2.1", "2.1.1", "2.1.1.2", T0);
        b.arrive("2.1", "2.1.1", "2.1.1.3", T0.plusSeconds(10));

        clock.set(T0.plus(QUIET));
        a.tracker.check(T0.plus(QUIET));
        assertThat(rows("SELECT count(*) FROM notification")).as("a's own quiet period is no completion").isZero();
        assertThat(a.tracker.pending()).singleElement().extracting(PendingStudy::lastAt)
                .as("a now waits for b's arrival").isEqualTo(T0.plusSeconds(10));

        bothCheck(T0.plusSeconds(10).plus(QUIET));

        assertThat(deliveries(1)).containsExactly("2.1 3 3");
        assertThat(rows("SELECT count(*) FROM notification")).isEqualTo(1);
    }

    @Test
    void aStudyWhoseNodeDiedIsCompletedOnceByTheOtherNodesScanAfterTheLease() throws Exception {
        a.arrive("3.1", "3.1.1", "3.1.1.1", T0);
        a.arrive("3.1", "3.1.1", "3.1.1.2", T0.plusSeconds(1));
        a.close(); // it dies before the quiet period ends: nothing of the study is reported
        a = null;
        Instant due = T0.plusSeconds(1).plus(QUIET);

        assertThat(b.tracker.takeOver(due.plus(LEASE).minusMillis(1))).as("within the lease").isZero();
        assertThat(b.tracker.takeOver(due.plus(LEASE))).isEqualTo(1);
        assertThat(b.tracker.takeOver(due.plus(LEASE))).as("taken once").isZero();
        clock.set(due.plus(LEASE));
        b.tracker.check(due.plus(LEASE));
        b.tracker.check(due.plus(LEASE).plusSeconds(1));

        Await.until("the delivery", () -> Files.exists(delivered) && !Files.readAllLines(delivered).isEmpty());
        Await.until("recorded as sent", () -> rows("SELECT count(*) FROM notification WHERE state = 'sent'") == 1);
        assertThat(b.tracker.takeOver(due.plus(LEASE).plusSeconds(60))).as("reported: nothing to take").isZero();
        assertThat(Files.readAllLines(delivered)).containsExactly("3.1 2 2");
    }

    @Test
    void twoDispatchersNeverSendTheSameNotification() throws Exception {
        List<Outbound> written = new ArrayList<>();
        OutboxStore outbox = new OutboxStore();
        for (int i = 0; i < 20; i++) {
            CompletionReport report = new CompletionReport(Level.STUDY, "mri", "BTUANON", "MODALITY", "10.0.0.7",
                    "4." + i, null, "", "P1", "", "", "", 1, CompletionReport.CompletedBy.QUIET_PERIOD, 1, 1, 1000, 0,
                    List.of(), List.of(), List.of(), T0, T0, T0);
            Outbound notification = new Outbound(0, "mri", 0, "command", report, T0, 0);
            a.journal.write(transaction -> written.add(outbox.insert(transaction, notification)));
        }

        for (Outbound notification : written) {
            a.dispatcher.enqueue(notification);
            b.dispatcher.enqueue(notification);
        }
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> claimDue(a)),
                CompletableFuture.runAsync(() -> claimDue(b))).join();

        List<String> lines = deliveries(20);
        claimDue(a);
        claimDue(b);
        assertThat(rows("SELECT count(*) FROM notification WHERE state = 'sent'")).isEqualTo(20);
        assertThat(Files.readAllLines(delivered)).hasSize(20).doesNotHaveDuplicates();
        assertThat(lines).doesNotHaveDuplicates();
    }

    private void claimDue(Node node) {
        try {
            node.dispatcher.claimDue(T0.plusSeconds(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNotificationClaimedByANodeThatDiedIsSentByAnotherAfterTheLease() throws Exception {
        a.arrive("5.1", "5.1.1", "5.1.1.1", T0);
        a.dispatcher.close(); // a claims nothing from now on; what it writes it cannot send
        a.tracker.check(T0.plus(QUIET));
        long id = rows("SELECT id FROM notification");
        OutboxStore outbox = new OutboxStore();
        a.journal.write(transaction -> outbox.claim(transaction, id, "a", T0.plus(QUIET).plus(LEASE),
                T0.plus(QUIET)));
        a.tracker.close();
        a.journal.close();
        a = null;

        assertThat(b.dispatcher.claimDue(T0.plus(QUIET).plus(LEASE))).as("the lease's last moment").isZero();
        assertThat(b.dispatcher.claimDue(T0.plus(QUIET).plus(LEASE).plusMillis(1))).isEqualTo(1);

        assertThat(deliveries(1)).containsExactly("5.1 1 1");
        assertThat(rows("SELECT count(*) FROM notification WHERE claimed_by = 'b'")).isEqualTo(1);
    }
}
