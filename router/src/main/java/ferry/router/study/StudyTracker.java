package ferry.router.study;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.Section;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.CompletionReport.Level;
import ferry.router.notify.NotificationChannel;
import ferry.router.rules.ValueTest;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows when a study (or series) has arrived: counts each stored object of the routes that notify, per route and
 * study, in the journal's database together with the object's finish (so exactly once, across crashes), and checks
 * every {@value #CHECK_MILLIS} ms which studies are complete by their route's {@link CompletionConfig}. A completion
 * writes its report into the notification outbox in the same transaction that marks the study reported, then hands
 * it to the {@link NotificationDispatcher}; a restart finds both where they were. Objects that arrive after a
 * completion open a new round, reported as a follow-up with only what is new.
 *
 * <p>Studies live in memory while something of them is unreported, and are read back from the database when a late
 * object arrives. Thread-safe.
 */
public final class StudyTracker implements AutoCloseable {
    /** How often completions are checked: the latency a notification adds to its quiet period, at most. */
    static final long CHECK_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(StudyTracker.class);

    private final Journal journal;
    private final Supplier<Map<String, RouteNotifications>> routes;
    private final NotificationDispatcher dispatcher;
    private final Clock clock;
    private final Map<StudyKey, StudyState> studies = new HashMap<>();
    private final Map<StudyKey, Integer> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker;
    private final Object checking = new Object();

    /**
     * @param routes     the routes that notify, by name, as configured now (reload swaps them)
     * @param dispatcher delivers the notifications of each completion
     */
    public StudyTracker(Journal journal, Supplier<Map<String, RouteNotifications>> routes,
                        NotificationDispatcher dispatcher, Clock clock) {
        this.journal = journal;
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-completion");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads the studies a previous run left unreported, then starts checking for completions. */
    public void start() throws IOException {
        journal.flush();
        List<StudyState> unreported = journal.read(StudyTracker::readUnreported);
        synchronized (this) {
            // studies the recovery of unfinished objects brought into memory already are newer
            unreported.forEach(study -> studies.putIfAbsent(study.key, study));
        }
        if (!unreported.isEmpty()) {
            LOG.info("{} stud(ies) received before the restart are not reported yet: their completion is awaited",
                    unreported.size());
        }
        checker.scheduleWithFixedDelay(this::checkSafely, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** True when the route's studies are tracked (it has notifications). */
    public boolean tracks(String route) {
        return routes.get().containsKey(route);
    }

    /**
     * An object of the record's routes is on its way through the store actions: its studies do not complete until
     * {@link #released} is called for it. Cheap: called on the receiving path.
     */
    public void expect(ReceivedRecord record) {
        if (record.studyInstanceUid() == null) {
            return;
        }
        for (String route : record.routes()) {
            if (tracks(route)) {
                inFlight.merge(new StudyKey(route, record.studyInstanceUid()), 1, Integer::sum);
            }
        }
    }

    /** The object {@link #expect}ed is done with (its outcome's work queued to the journal, or given up). */
    public void released(ReceivedRecord record) {
        if (record.studyInstanceUid() == null) {
            return;
        }
        for (String route : record.routes()) {
            inFlight.computeIfPresent(new StudyKey(route, record.studyInstanceUid()),
                    (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /**
     * Counts what the store actions did with an object, for the routes that are tracked; returns the journal work
     * that records it, to be committed with the object's finish (or on its own for a failed action), or null when
     * no tracked route is concerned.
     *
     * @param header the object's header, or null when it is not at hand (a recovered object already placed)
     */
    public JournalWork outcome(ReceivedRecord record, DataSet header, List<RouteOutcome> outcomes) {
        String studyUid = record.studyInstanceUid();
        if (studyUid == null || studyUid.isEmpty()) {
            return null;
        }
        List<JournalWork> work = new ArrayList<>();
        for (RouteOutcome outcome : outcomes) {
            if (!tracks(outcome.route())) {
                continue;
            }
            StudyKey key = new StudyKey(outcome.route(), studyUid);
            try {
                work.add(add(key, record, header, outcome));
            } catch (IOException e) {
                LOG.error("route {}: study {} could not be read from the journal, object {} is not counted: {}",
                        outcome.route(), studyUid, record.sopInstanceUid(), e.getMessage());
            }
        }
        if (work.isEmpty()) {
            return null;
        }
        return transaction -> {
            for (JournalWork each : work) {
                each.write(transaction);
            }
        };
    }

    private synchronized JournalWork add(StudyKey key, ReceivedRecord record, DataSet header, RouteOutcome outcome)
            throws IOException {
        StudyState study = studies.get(key);
        if (study == null) {
            study = journal.read(connection -> readStudy(connection, key));
            if (study == null) {
                study = new StudyState(key);
                study.firstAt = record.receivedAt();
                study.roundFirstAt = record.receivedAt();
                study.lastAt = record.receivedAt();
            }
            studies.put(key, study);
        }
        Instant at = record.receivedAt();
        if (!study.unreported()) {
            study.roundFirstAt = at;
            study.roundFailures.clear();
            study.roundFailureSeries.clear();
        } else if (at.isBefore(study.roundFirstAt)) {
            study.roundFirstAt = at;
        }
        if (at.isAfter(study.lastAt)) {
            study.lastAt = at;
        }
        describe(study, record, header);
        String seriesUid = record.seriesInstanceUid() == null ? "" : record.seriesInstanceUid();
        SeriesState series = study.series.get(seriesUid);
        if (series == null) {
            series = new SeriesState(seriesUid, text(header, Tags.SeriesNumber), text(header, Tags.SeriesDescription),
                    text(header, Tags.Modality), at);
            study.series.put(seriesUid, series);
        } else if (!series.unreported()) {
            series.roundFirstAt = at;
        }
        if (at.isAfter(series.lastAt)) {
            series.lastAt = at;
        }
        boolean failed = outcome.failure() != null;
        long objects = failed ? 0 : 1;
        long bytes = failed ? 0 : record.size();
        study.objects += objects;
        study.bytes += bytes;
        series.objects += objects;
        series.bytes += bytes;
        if (failed) {
            study.failures++;
            series.failures++;
            if (study.roundFailures.size() < CompletionReport.MAX_FAILURES_LISTED) {
                study.roundFailures.add(new CompletionReport.Failure(record.sopInstanceUid(), outcome.failure()));
                study.roundFailureSeries.add(seriesUid);
            }
        }
        for (RouteOutcome.StoredFile file : outcome.stored()) {
            StudyState.addFolder(study.folders, file.storeFolder(), file.file());
            StudyState.addFolder(series.folders, file.storeFolder(), file.file());
        }
        return arrivalWork(study, series, record, at, objects, bytes, failed ? outcome.failure() : null);
    }

    private static JournalWork arrivalWork(StudyState study, SeriesState series, ReceivedRecord record, Instant at,
                                           long objects, long bytes, String failure) {
        String route = study.key.route();
        String studyUid = study.key.studyUid();
        String[] described = {study.calledAeTitle, study.callingAeTitle, study.peerAddress, study.accessionNumber,
            study.patientId, study.patientName, study.description, study.studyDate};
        String studyFolders = joined(study.folders);
        String seriesFolders = joined(series.folders);
        String seriesUid = series.uid;
        String[] seriesDescribed = {series.number, series.description, series.modality};
        long failures = failure == null ? 0 : 1;
        long time = JournalTransaction.nanos(at);
        String sop = record.sopInstanceUid();
        return transaction -> {
            PreparedStatement add = transaction.statement(StudySql.ADD_TO_STUDY);
            int i = 1;
            add.setString(i++, route);
            add.setString(i++, studyUid);
            for (String value : described) {
                add.setString(i++, value);
            }
            add.setLong(i++, time);
            add.setLong(i++, time);
            add.setLong(i++, time);
            add.setLong(i++, objects);
            add.setLong(i++, bytes);
            add.setLong(i++, failures);
            add.setString(i, studyFolders);
            add.executeUpdate();
            PreparedStatement addSeries = transaction.statement(StudySql.ADD_TO_SERIES);
            i = 1;
            addSeries.setString(i++, route);
            addSeries.setString(i++, studyUid);
            addSeries.setString(i++, seriesUid);
            for (String value : seriesDescribed) {
                addSeries.setString(i++, value);
            }
            addSeries.setLong(i++, time);
            addSeries.setLong(i++, time);
            addSeries.setLong(i++, time);
            addSeries.setLong(i++, objects);
            addSeries.setLong(i++, bytes);
            addSeries.setLong(i++, failures);
            addSeries.setString(i, seriesFolders);
            addSeries.executeUpdate();
            if (failure != null) {
                PreparedStatement insert = transaction.statement(StudySql.INSERT_FAILURE);
                insert.setString(1, route);
                insert.setString(2, studyUid);
                insert.setString(3, seriesUid);
                insert.setString(4, sop);
                insert.setString(5, failure);
                insert.setLong(6, time);
                insert.executeUpdate();
            }
        };
    }

    /** The study's descriptive values, from its first object that has them. */
    private static void describe(StudyState study, ReceivedRecord record, DataSet header) {
        if (study.calledAeTitle == null || study.calledAeTitle.isEmpty()) {
            study.calledAeTitle = record.calledAeTitle();
            study.callingAeTitle = record.callingAeTitle();
            study.peerAddress = record.peerAddress();
        }
        study.accessionNumber = firstOf(study.accessionNumber, header, Tags.AccessionNumber);
        study.patientId = firstOf(study.patientId, header, Tags.PatientID);
        study.patientName = firstOf(study.patientName, header, Tags.PatientName);
        study.description = firstOf(study.description, header, Tags.StudyDescription);
        study.studyDate = firstOf(study.studyDate, header, Tags.StudyDate);
    }

    private static String firstOf(String known, DataSet header, int tag) {
        return known != null && !known.isEmpty() ? known : text(header, tag);
    }

    private static String text(DataSet header, int tag) {
        if (header == null) {
            return "";
        }
        try {
            return header.getString(tag, "").strip();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String joined(List<Path> folders) {
        return String.join("\n", folders.stream().map(Path::toString).toList());
    }

    /** The studies whose completion is awaited, the next to complete first. */
    public synchronized List<PendingStudy> pending() {
        Map<String, RouteNotifications> configured = routes.get();
        List<PendingStudy> pending = new ArrayList<>();
        for (StudyState study : studies.values()) {
            RouteNotifications route = configured.get(study.key.route());
            if (route == null || !study.unreported() || study.lastAt == null) {
                continue;
            }
            CompletionConfig rules = route.completion();
            Instant quiet = study.lastAt.plus(rules.quietPeriod());
            Instant forced = study.roundFirstAt == null ? quiet : study.roundFirstAt.plus(rules.forceAfter());
            pending.add(new PendingStudy(study.key.route(), study.key.studyUid(), study.objects - study.reportedObjects,
                    study.lastAt, quiet.isBefore(forced) ? quiet : forced));
        }
        pending.sort(Comparator.comparing(PendingStudy::dueAt));
        return pending;
    }

    /** Studies in memory (something of them not reported yet, or objects on their way). */
    public synchronized int openStudies() {
        return studies.size();
    }

    private void checkSafely() {
        try {
            check(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("checking study completion failed; trying again in {} ms", CHECK_MILLIS, e);
        }
    }

    /** Completes what is due at {@code now}: series first, then their study. One check at a time. */
    void check(Instant now) {
        synchronized (checking) {
            checkAlone(now);
        }
    }

    private void checkAlone(Instant now) {
        List<Completion> due = new ArrayList<>();
        synchronized (this) {
            Map<String, RouteNotifications> configured = routes.get();
            var iterator = studies.values().iterator();
            while (iterator.hasNext()) {
                StudyState study = iterator.next();
                RouteNotifications route = configured.get(study.key.route());
                boolean busy = inFlight.containsKey(study.key);
                if (route == null || (!busy && study.settled(route != null && route.wantsSeries()))) {
                    iterator.remove();
                    continue;
                }
                collectDue(study, route, busy, now, due);
            }
        }
        for (Completion completion : due) {
            complete(completion);
        }
    }

    private void collectDue(StudyState study, RouteNotifications route, boolean busy, Instant now,
                            List<Completion> due) {
        CompletionConfig rules = route.completion();
        boolean forced = study.unreported() && passed(study.roundFirstAt, rules.forceAfter(), now);
        if (busy && !forced) {
            return;
        }
        CompletedBy studyDone = study.unreported() ? decide(study, rules, now) : null;
        if (route.wantsSeries()) {
            for (SeriesState series : study.series.values()) {
                if (!series.unreported()) {
                    continue;
                }
                if (studyDone != null || passed(series.lastAt, rules.seriesQuietPeriod(), now)) {
                    due.add(seriesCompletion(study, series, route, studyDone == CompletedBy.FORCE_AFTER
                            ? CompletedBy.FORCE_AFTER : CompletedBy.QUIET_PERIOD, now));
                } else if (passed(series.roundFirstAt, rules.forceAfter(), now)) {
                    due.add(seriesCompletion(study, series, route, CompletedBy.FORCE_AFTER, now));
                }
            }
        }
        if (studyDone != null) {
            due.add(studyCompletion(study, route, studyDone, now));
        }
    }

    private static CompletedBy decide(StudyState study, CompletionConfig rules, Instant now) {
        if (passed(study.roundFirstAt, rules.forceAfter(), now) && !passed(study.lastAt, rules.quietPeriod(), now)) {
            return CompletedBy.FORCE_AFTER;
        }
        if (study.rounds == 0 && rules.expectedObjects() > 0 && study.objects >= rules.expectedObjects()) {
            return CompletedBy.EXPECTED_OBJECTS;
        }
        if (study.rounds == 0 && !rules.expectedSeries().isEmpty()
                && expectedSeriesArrived(study, rules, now)) {
            return CompletedBy.EXPECTED_SERIES;
        }
        if (passed(study.lastAt, rules.quietPeriod(), now)) {
            return CompletedBy.QUIET_PERIOD;
        }
        return null;
    }

    /** Every pattern matches the description of a series that went quiet for the series quiet period. */
    private static boolean expectedSeriesArrived(StudyState study, CompletionConfig rules, Instant now) {
        for (String pattern : rules.expectedSeries()) {
            ValueTest.Wildcard wildcard = new ValueTest.Wildcard(pattern);
            boolean found = study.series.values().stream().anyMatch(series -> wildcard.test(series.description, Vr.LO)
                    && passed(series.lastAt, rules.seriesQuietPeriod(), now));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean passed(Instant since, Duration period, Instant now) {
        return !since.plus(period).isAfter(now);
    }

    /** A decided completion: its report, the counts it reports and the notification rows to write. */
    private record Completion(StudyKey key, SeriesState series, CompletionReport report, long objects, long bytes,
                              long failures, int round, Map<String, Long> seriesObjects,
                              List<NotificationDispatcher.Outbound> notifications) {
    }

    private Completion studyCompletion(StudyState study, RouteNotifications route, CompletedBy by, Instant now) {
        List<CompletionReport.SeriesSummary> summaries = new ArrayList<>();
        Map<String, Long> seriesObjects = new HashMap<>();
        for (SeriesState series : study.series.values()) {
            long fresh = series.objects - series.studyReportedObjects;
            if (fresh > 0) {
                summaries.add(new CompletionReport.SeriesSummary(series.uid, series.number, series.description,
                        series.modality, fresh, series.objects));
            }
            seriesObjects.put(series.uid, series.objects);
        }
        CompletionReport report = report(study, Level.STUDY, null, by, study.rounds + 1,
                study.objects - study.reportedObjects, study.objects, study.bytes - study.reportedBytes,
                study.failures - study.reportedFailures, study.roundFailures, summaries, study.folders,
                study.roundFirstAt, study.lastAt, now);
        return new Completion(study.key, null, report, study.objects, study.bytes, study.failures, study.rounds + 1,
                seriesObjects, outbound(route, report));
    }

    private Completion seriesCompletion(StudyState study, SeriesState series, RouteNotifications route,
                                        CompletedBy by, Instant now) {
        List<CompletionReport.Failure> failures = new ArrayList<>();
        for (int i = 0; i < study.roundFailures.size(); i++) {
            if (study.roundFailureSeries.get(i).equals(series.uid)) {
                failures.add(study.roundFailures.get(i));
            }
        }
        long fresh = series.objects - series.reportedObjects;
        CompletionReport report = report(study, Level.SERIES, series.uid, by, series.rounds + 1, fresh,
                series.objects, 0, series.failures - series.reportedFailures, failures,
                List.of(new CompletionReport.SeriesSummary(series.uid, series.number, series.description,
                        series.modality, fresh, series.objects)), series.folders, series.roundFirstAt,
                series.lastAt, now);
        return new Completion(study.key, series, report, series.objects, 0, series.failures, series.rounds + 1,
                Map.of(), outbound(route, report));
    }

    private static CompletionReport report(StudyState study, Level level, String seriesUid, CompletedBy by,
                                           int round, long objects, long total, long bytes, long failureCount,
                                           List<CompletionReport.Failure> failures,
                                           List<CompletionReport.SeriesSummary> series, List<Path> folders,
                                           Instant first, Instant last, Instant now) {
        return new CompletionReport(level, study.key.route(), study.calledAeTitle, study.callingAeTitle,
                study.peerAddress, study.key.studyUid(), seriesUid, study.accessionNumber, study.patientId,
                study.patientName, study.description, study.studyDate, round, by, objects, total, bytes, failureCount,
                failures, series, folders.stream().map(Path::toString).toList(), first, last, now);
    }

    private static List<NotificationDispatcher.Outbound> outbound(RouteNotifications route,
                                                                  CompletionReport report) {
        List<NotificationDispatcher.Outbound> notifications = new ArrayList<>();
        for (int i = 0; i < route.channels().size(); i++) {
            NotificationChannel channel = route.channels().get(i);
            if (channel.on() == report.level()) {
                notifications.add(new NotificationDispatcher.Outbound(0, route.route(), i, channel.describe(),
                        report, report.completedAt(), 0));
            }
        }
        return notifications;
    }

    /** Writes the completion (reported counts and outbox rows, in one transaction), then dispatches. */
    private void complete(Completion completion) {
        List<NotificationDispatcher.Outbound> written = new ArrayList<>();
        try {
            journal.write(transaction -> {
                written.clear();
                markReported(transaction, completion);
                for (NotificationDispatcher.Outbound notification : completion.notifications()) {
                    written.add(NotificationDispatcher.insert(transaction, notification));
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.error("route {}: completing study {} failed, trying again: {}", completion.key().route(),
                    completion.key().studyUid(), e.getMessage());
            return;
        }
        synchronized (this) {
            StudyState study = studies.get(completion.key());
            if (study != null) {
                applyReported(study, completion);
            }
        }
        CompletionReport report = completion.report();
        LOG.info("route {}: {} {} complete ({}{}): {} file(s), {} in all{}, {} notification(s)",
                report.route(), report.level() == Level.STUDY ? "study" : "series",
                report.level() == Level.STUDY ? report.studyInstanceUid() : report.seriesInstanceUid(),
                Section.written(report.completedBy()), report.followUp() ? ", follow-up" : "",
                report.objects(), report.totalObjects(),
                report.failureCount() > 0 ? ", " + report.failureCount() + " failed" : "", written.size());
        written.forEach(dispatcher::enqueue);
    }

    private static void markReported(JournalTransaction transaction, Completion completion) throws SQLException {
        StudyKey key = completion.key();
        if (completion.series() == null) {
            PreparedStatement study = transaction.statement(StudySql.STUDY_REPORTED);
            study.setLong(1, completion.objects());
            study.setLong(2, completion.bytes());
            study.setLong(3, completion.failures());
            study.setInt(4, completion.round());
            study.setString(5, key.route());
            study.setString(6, key.studyUid());
            study.executeUpdate();
            PreparedStatement series = transaction.statement(StudySql.SERIES_REPORTED_IN_STUDY);
            for (Map.Entry<String, Long> entry : completion.seriesObjects().entrySet()) {
                series.setLong(1, entry.getValue());
                series.setString(2, key.route());
                series.setString(3, key.studyUid());
                series.setString(4, entry.getKey());
                series.executeUpdate();
            }
            return;
        }
        PreparedStatement series = transaction.statement(StudySql.SERIES_REPORTED);
        series.setLong(1, completion.objects());
        series.setLong(2, completion.failures());
        series.setInt(3, completion.round());
        series.setString(4, key.route());
        series.setString(5, key.studyUid());
        series.setString(6, completion.series().uid);
        series.executeUpdate();
    }

    private static void applyReported(StudyState study, Completion completion) {
        if (completion.series() != null) {
            SeriesState series = completion.series();
            series.reportedObjects = completion.objects();
            series.reportedFailures = completion.failures();
            series.rounds = completion.round();
            return;
        }
        study.reportedObjects = completion.objects();
        study.reportedBytes = completion.bytes();
        study.reportedFailures = completion.failures();
        study.rounds = completion.round();
        for (SeriesState series : study.series.values()) {
            Long reported = completion.seriesObjects().get(series.uid);
            if (reported != null) {
                series.studyReportedObjects = reported;
            }
        }
        if (!study.unreported()) {
            study.roundFailures.clear();
            study.roundFailureSeries.clear();
        }
    }

    private static List<StudyState> readUnreported(Connection connection) throws SQLException {
        List<StudyState> result = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(StudySql.SELECT_UNREPORTED_STUDIES);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                result.add(study(row));
            }
        }
        for (StudyState study : result) {
            readDetails(connection, study);
        }
        return result;
    }

    private static StudyState readStudy(Connection connection, StudyKey key) throws SQLException {
        StudyState study;
        try (PreparedStatement select = connection.prepareStatement(StudySql.SELECT_STUDY)) {
            select.setString(1, key.route());
            select.setString(2, key.studyUid());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                study = study(row);
            }
        }
        readDetails(connection, study);
        return study;
    }

    private static StudyState study(ResultSet row) throws SQLException {
        StudyState study = new StudyState(new StudyKey(row.getString(1), row.getString(2)));
        study.calledAeTitle = row.getString(3);
        study.callingAeTitle = row.getString(4);
        study.peerAddress = row.getString(5);
        study.accessionNumber = row.getString(6);
        study.patientId = row.getString(7);
        study.patientName = row.getString(8);
        study.description = row.getString(9);
        study.studyDate = row.getString(10);
        study.firstAt = JournalTransaction.instant(row.getLong(11));
        study.roundFirstAt = JournalTransaction.instant(row.getLong(12));
        study.lastAt = JournalTransaction.instant(row.getLong(13));
        study.objects = row.getLong(14);
        study.bytes = row.getLong(15);
        study.failures = row.getLong(16);
        study.reportedObjects = row.getLong(17);
        study.reportedBytes = row.getLong(18);
        study.reportedFailures = row.getLong(19);
        study.rounds = row.getInt(20);
        folders(row.getString(21), study.folders);
        return study;
    }

    private static void readDetails(Connection connection, StudyState study) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(StudySql.SELECT_SERIES_OF_STUDY)) {
            select.setString(1, study.key.route());
            select.setString(2, study.key.studyUid());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    SeriesState series = new SeriesState(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), JournalTransaction.instant(row.getLong(5)));
                    series.roundFirstAt = JournalTransaction.instant(row.getLong(6));
                    series.lastAt = JournalTransaction.instant(row.getLong(7));
                    series.objects = row.getLong(8);
                    series.bytes = row.getLong(9);
                    series.failures = row.getLong(10);
                    series.reportedObjects = row.getLong(11);
                    series.reportedFailures = row.getLong(12);
                    series.studyReportedObjects = row.getLong(13);
                    series.rounds = row.getInt(14);
                    folders(row.getString(15), series.folders);
                    study.series.put(series.uid, series);
                }
            }
        }
        if (!study.unreported()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(StudySql.SELECT_FAILURES_SINCE)) {
            select.setString(1, study.key.route());
            select.setString(2, study.key.studyUid());
            select.setLong(3, JournalTransaction.nanos(study.roundFirstAt));
            try (ResultSet row = select.executeQuery()) {
                while (row.next() && study.roundFailures.size() < CompletionReport.MAX_FAILURES_LISTED) {
                    study.roundFailureSeries.add(row.getString(1));
                    study.roundFailures.add(new CompletionReport.Failure(row.getString(2), row.getString(3)));
                }
            }
        }
    }

    private static void folders(String joined, List<Path> into) {
        if (joined == null || joined.isEmpty()) {
            return;
        }
        for (String folder : joined.split("\n")) {
            into.add(Path.of(folder));
        }
    }

    /** Stops checking; studies not yet complete are completed by the next start. */
    @Override
    public void close() {
        checker.shutdownNow();
        try {
            checker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
