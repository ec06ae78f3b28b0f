package ferry.router.study;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.router.database.Database;
import ferry.router.events.Events;
import ferry.router.events.FerryEvent;
import ferry.router.events.NotificationFailed;
import ferry.router.events.NotificationSent;
import ferry.router.events.StudyCompleted;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.CompletionReport.Level;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.NotificationChannel;
import ferry.router.notify.NotificationException;
import ferry.router.testing.MovableClock;
import ferry.router.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study completion against a real journal database (SQLite, or PostgreSQL on the build's second run), with time in
 * the test's hands: {@link StudyTracker#check} is called with chosen instants (the tracker's own checks see the same
 * test clock), and the channel records what it is given. Restarts close and reopen the journal and the tracker.
 */
@Tag("database")
class StudyTrackerTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration QUIET = Duration.ofSeconds(16);
    private static final Duration LEASE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(T0);
    private final RecordingChannel studyChannel = new RecordingChannel(Level.STUDY);
    private CompletionConfig completion = new CompletionConfig(QUIET, Duration.ofSeconds(5), 0, List.of(),
            Duration.ofHours(1));
    private List<NotificationChannel> channels = List.of(studyChannel);
    private Database database;
    private Journal journal;
    private NotificationDispatcher dispatcher;
    private StudyTracker tracker;
    /** What the tracker and the dispatcher published. */
    private final List<FerryEvent> published = new CopyOnWriteArrayList<>();
    private final Events events = new Events();

    {
        events.listen(published::add);
    }

    @BeforeEach
    void create() throws Exception {
        database = TestDatabase.fresh(dir);
        open();
    }

    private void open() throws Exception {
        journal = Journal.open(database, Durability.PROCESS);
        Map<String, RouteNotifications> routes = Map.of("mri", new RouteNotifications("mri", completion, channels));
        RetryConfig retry = new RetryConfig(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(1));
        dispatcher = new NotificationDispatcher(journal, () -> routes, retry, clock, 2, events, LEASE);
        tracker = new StudyTracker(journal, () -> routes, dispatcher, clock, events, LEASE);
        dispatcher.start();
        tracker.start();
    }

    @AfterEach
    void close() throws Exception {
        tracker.close();
        dispatcher.close();
        journal.close();
    }

    private void restart() throws Exception {
        close();
        open();
    }

    /** Receives and stores one object of {@code study}/{@code series} at {@code at}, as the store actions do. */
    private void arrive(String study, String series, String sop, Instant at) throws Exception {
        arrive(study, series, sop, at, null);
    }

    private void arrive(String study, String series, String sop, Instant at, String failure) throws Exception {
        Arrivals.arrive(journal, tracker, dir, study, series, sop, at, failure);
    }

    private List<CompletionReport> reportsAt(Instant at, RecordingChannel channel, int expected) throws InterruptedException {
        clock.set(at);
        tracker.check(at);
        Await.until(expected + " report(s) delivered", () -> channel.reports.size() >= expected);
        return List.copyOf(channel.reports);
    }

    @Test
    void aStudyCompletesOnceWhenNothingArrivedForTheQuietPeriod() throws Exception {
        arrive("1.1", "1.1.1", "1.1.1.1", T0);
        arrive("1.1", "1.1.1", "1.1.1.2", T0.plusSeconds(1));
        arrive("1.1", "1.1.2", "1.1.2.1", T0.plusSeconds(2));

        tracker.check(T0.plusSeconds(2).plus(QUIET).minusMillis(1));
        assertThat(studyChannel.reports).isEmpty();
        List<CompletionReport> reports = reportsAt(T0.plusSeconds(2).plus(QUIET), studyChannel, 1);
        tracker.check(T0.plusSeconds(60));

        CompletionReport report = reports.get(0);
        assertThat(report.level()).isEqualTo(Level.STUDY);
        assertThat(report.completedBy()).isEqualTo(CompletedBy.QUIET_PERIOD);
        assertThat(report.round()).isEqualTo(1);
        assertThat(report.objects()).isEqualTo(3);
        assertThat(report.totalObjects()).isEqualTo(3);
        assertThat(report.bytes()).isEqualTo(3000);
        assertThat(report.outcome()).isEqualTo(CompletionReport.Outcome.SUCCESS);
        assertThat(report.calledAeTitle()).isEqualTo("BTUANON");
        assertThat(report.callingAeTitle()).isEqualTo("MODALITY");
        assertThat(report.studyDescription()).isEqualTo("MRI BRAIN WO/W CONTRAST");
        assertThat(report.folders()).containsExactly(dir.resolve("store/P1/1.1").toString());
        assertThat(report.series()).extracting(CompletionReport.SeriesSummary::seriesInstanceUid,
                CompletionReport.SeriesSummary::objects).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1.1.1", 2L), org.assertj.core.groups.Tuple.tuple("1.1.2", 1L));
        assertThat(report.firstArrival()).isEqualTo(T0);
        assertThat(report.lastArrival()).isEqualTo(T0.plusSeconds(2));
        assertThat(studyChannel.reports).hasSize(1);
        assertThat(published).filteredOn(StudyCompleted.class::isInstance).containsExactly(new StudyCompleted("mri",
                "study", "1.1", null, 3, 0, "quiet-period", false, 1));
        Await.until("the notification's event", () -> published.stream().anyMatch(NotificationSent.class::isInstance));
        assertThat(published).filteredOn(NotificationSent.class::isInstance).singleElement()
                .isEqualTo(new NotificationSent("mri", "recording", studyChannel.describe(), 1, 1));
    }

    @Test
    void aRestartDuringTheQuietPeriodStillNotifiesExactlyOnce() throws Exception {
        arrive("2.1", "2.1.1", "2.1.1.1", T0);
        arrive("2.1", "2.1.1", "2.1.1.2", T0.plusSeconds(1));
        restart();
        assertThat(tracker.openStudies()).isEqualTo(1);

        List<CompletionReport> reports = reportsAt(T0.plusSeconds(1).plus(QUIET), studyChannel, 1);
        restart();
        tracker.check(T0.plusSeconds(120));

        assertThat(reports.get(0).objects()).isEqualTo(2);
        assertThat(reports.get(0).studyDescription()).isEqualTo("MRI BRAIN WO/W CONTRAST");
        assertThat(tracker.openStudies()).isZero();
        assertThat(studyChannel.reports).hasSize(1);
    }

    @Test
    void aLateArrivalReopensTheStudyAndTheFollowUpReportsOnlyWhatIsNew() throws Exception {
        arrive("3.1", "3.1.1", "3.1.1.1", T0);
        arrive("3.1", "3.1.1", "3.1.1.2", T0);
        reportsAt(T0.plus(QUIET), studyChannel, 1);
        restart(); // the late objects find the study in the database, not in memory
        Instant late = T0.plusSeconds(300);
        arrive("3.1", "3.1.2", "3.1.2.1", late);

        List<CompletionReport> reports = reportsAt(late.plus(QUIET), studyChannel, 2);

        CompletionReport followUp = reports.get(1);
        assertThat(followUp.round()).isEqualTo(2);
        assertThat(followUp.followUp()).isTrue();
        assertThat(followUp.objects()).isEqualTo(1);
        assertThat(followUp.totalObjects()).isEqualTo(3);
        assertThat(followUp.series()).extracting(CompletionReport.SeriesSummary::seriesInstanceUid)
                .containsExactly("3.1.2");
        assertThat(followUp.firstArrival()).isEqualTo(late);
    }

    @Test
    void interleavedStudiesCompleteEachWithItsOwnCounts() throws Exception {
        for (int i = 0; i < 10; i++) {
            arrive("4.1", "4.1.1", "4.1.1." + i, T0.plusMillis(i * 100L));
            if (i % 2 == 0) {
                arrive("4.2", "4.2.1", "4.2.1." + i, T0.plusMillis(i * 100L + 50));
            }
        }

        List<CompletionReport> reports = reportsAt(T0.plusSeconds(2).plus(QUIET), studyChannel, 2);

        assertThat(reports).extracting(CompletionReport::studyInstanceUid, CompletionReport::objects)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("4.1", 10L),
                        org.assertj.core.groups.Tuple.tuple("4.2", 5L));
    }

    @Test
    void theExpectedNumberOfObjectsCompletesTheStudyBeforeTheQuietPeriod() throws Exception {
        completion = new CompletionConfig(QUIET, Duration.ofSeconds(5), 3, List.of(), Duration.ofHours(1));
        restart();
        arrive("5.1", "5.1.1", "5.1.1.1", T0);
        arrive("5.1", "5.1.1", "5.1.1.2", T0);
        tracker.check(T0.plusSeconds(1));
        assertThat(studyChannel.reports).isEmpty();
        arrive("5.1", "5.1.1", "5.1.1.3", T0);

        List<CompletionReport> reports = reportsAt(T0.plusSeconds(1), studyChannel, 1);

        assertThat(reports.get(0).completedBy()).isEqualTo(CompletedBy.EXPECTED_OBJECTS);
        assertThat(reports.get(0).objects()).isEqualTo(3);
    }

    @Test
    void expectedSeriesCompleteTheStudyOnceEachHasGoneQuietForTheSeriesPeriod() throws Exception {
        completion = new CompletionConfig(QUIET, Duration.ofSeconds(5), 0, List.of("T1*1", "T1*2"),
                Duration.ofHours(1));
        restart();
        arrive("6.1", "6.1.1", "6.1.1.1", T0);
        tracker.check(T0.plusSeconds(6));
        arrive("6.1", "6.1.2", "6.1.2.1", T0.plusSeconds(6));
        tracker.check(T0.plusSeconds(10));
        assertThat(studyChannel.reports).isEmpty();

        List<CompletionReport> reports = reportsAt(T0.plusSeconds(11), studyChannel, 1);

        assertThat(reports.get(0).completedBy()).isEqualTo(CompletedBy.EXPECTED_SERIES);
        assertThat(reports.get(0).objects()).isEqualTo(2);
    }

    @Test
    void aStudyThatNeverGoesQuietIsCompletedByTheForceAfterCap() throws Exception {
        completion = new CompletionConfig(QUIET, Duration.ofSeconds(5), 0, List.of(), Duration.ofSeconds(60));
        restart();
        for (int second = 0; second <= 60; second += 10) {
            arrive("7.1", "7.1.1", "7.1.1." + second, T0.plusSeconds(second));
            tracker.check(T0.plusSeconds(second));
        }

        List<CompletionReport> reports = reportsAt(T0.plusSeconds(60), studyChannel, 1);

        assertThat(reports.get(0).completedBy()).isEqualTo(CompletedBy.FORCE_AFTER);
        assertThat(reports.get(0).objects()).isEqualTo(7);
    }

    @Test
    void seriesChannelsHearOfEachSeriesBeforeTheStudyCompletes() throws Exception {
        RecordingChannel seriesChannel = new RecordingChannel(Level.SERIES);
        channels = List.of(studyChannel, seriesChannel);
        restart();
        arrive("8.1", "8.1.1", "8.1.1.1", T0);
        arrive("8.1", "8.1.2", "8.1.2.1", T0.plusSeconds(8));

        List<CompletionReport> series = reportsAt(T0.plusSeconds(5), seriesChannel, 1);
        assertThat(series.get(0).seriesInstanceUid()).isEqualTo("8.1.1");
        assertThat(studyChannel.reports).isEmpty();
        reportsAt(T0.plusSeconds(8).plus(QUIET), studyChannel, 1);

        assertThat(seriesChannel.reports).extracting(CompletionReport::seriesInstanceUid)
                .containsExactly("8.1.1", "8.1.2");
        assertThat(studyChannel.reports).hasSize(1);
    }

    @Test
    void failedStoreActionsMakeTheReportAFailureWithTheirReasons() throws Exception {
        arrive("9.1", "9.1.1", "9.1.1.1", T0);
        arrive("9.1", "9.1.1", "9.1.1.2", T0, "No space left on device");

        CompletionReport report = reportsAt(T0.plus(QUIET), studyChannel, 1).get(0);

        assertThat(report.outcome()).isEqualTo(CompletionReport.Outcome.FAILURE);
        assertThat(report.objects()).isEqualTo(1);
        assertThat(report.failureCount()).isEqualTo(1);
        assertThat(report.failures()).containsExactly(
                new CompletionReport.Failure("9.1.1.2", "No space left on device"));
    }

    @Test
    void aNotificationThatFailedIsRetriedUntilDeliveredAndSurvivesARestart() throws Exception {
        studyChannel.failuresToCome.set(1000);
        arrive("10.1", "10.1.1", "10.1.1.1", T0);
        clock.set(T0.plus(QUIET));
        tracker.check(T0.plus(QUIET));
        Await.until("a few failed attempts", () -> studyChannel.attempts.get() >= 3);
        assertThat(dispatcher.status().pending()).isEqualTo(1);
        assertThat(published).filteredOn(NotificationFailed.class::isInstance).map(NotificationFailed.class::cast)
                .allSatisfy(failed -> {
                    assertThat(failed.givenUp()).isFalse();
                    assertThat(failed.reason()).contains("SMTP down");
                }).extracting(NotificationFailed::attempts).startsWith(1, 2, 3);
        assertThat(dispatcher.status().lastError()).contains("SMTP down");

        clock.set(T0.plus(QUIET).plusSeconds(1)); // the next attempt is due (at most 200 ms after the last)
        restart();
        studyChannel.failuresToCome.set(0);

        Await.until("the notification delivered after the restart", () -> studyChannel.reports.size() == 1);
        Await.until("recorded as sent", () -> dispatcher.status().sent() == 1);
        assertThat(dispatcher.status().pending()).isZero();
    }

    /** A channel that keeps what it is given; it fails while {@link #failuresToCome} is above zero. */
    static final class RecordingChannel implements NotificationChannel {
        final List<CompletionReport> reports = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        private final Level level;

        RecordingChannel(Level level) {
            this.level = level;
        }

        @Override
        public String kind() {
            return "recording";
        }

        @Override
        public String describe() {
            return "recording " + level;
        }

        @Override
        public Level on() {
            return level;
        }

        @Override
        public void deliver(CompletionReport report) throws NotificationException {
            attempts.incrementAndGet();
            if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new NotificationException("SMTP down", false);
            }
            reports.add(report);
        }
    }
}
