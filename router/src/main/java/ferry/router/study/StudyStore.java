package ferry.router.study;

import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import ferry.router.notify.CompletionReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables of study and series state ({@code study}, {@code study_series}, {@code study_failure}) and nothing
 * else: each operation study tracking and housekeeping need, as typed values; the SQL text is {@link StudySql}'s,
 * bound through {@link Rows}.
 * Writes take the journal's {@link JournalTransaction}, so the caller decides how they commit (an arrival with its
 * object's finish, a completion with its outbox rows); reads take a connection of
 * {@link ferry.router.journal.Journal#read}, so several of them can see one committed state. Stateless and
 * thread-safe.
 */
public final class StudyStore {

    /**
     * One object counted in its study and series, or one failed store action, for one route.
     *
     * @param study         the study's description as known now (all its values set)
     * @param at            when the object was received
     * @param bytes         the object's size; not counted when it failed
     * @param failure       why a store action failed, or null when it was stored
     * @param studyFolders  the study's folders now
     * @param seriesFolders the series' folders now
     */
    record Arrival(StudyKey key, StudyDescription study, String seriesUid, String seriesNumber,
                   String seriesDescription, String modality, Instant at, String sopInstanceUid, long bytes,
                   String failure, List<Path> studyFolders, List<Path> seriesFolders) {
        Arrival {
            studyFolders = List.copyOf(studyFolders);
            seriesFolders = List.copyOf(seriesFolders);
        }
    }

    /**
     * What a completion reported, as counted so far: of the study (with the objects of each series it counted), or
     * of one series.
     *
     * @param seriesUid     the series that completed, or null when the study did
     * @param bytes         of a study; 0 for a series
     * @param round         the completion's round (1 for the first)
     * @param seriesObjects of a study: the objects of each series it reported, by Series Instance UID
     * @param lastAt        the latest arrival the completion saw: it holds only if there was none since
     */
    record Reported(StudyKey key, String seriesUid, long objects, long bytes, long failures, int round,
                    Map<String, Long> seriesObjects, Instant lastAt) {
        Reported {
            seriesObjects = Map.copyOf(seriesObjects);
        }
    }

    /**
     * A study as housekeeping sees it.
     *
     * @param row      its position in the table, for reading on after it
     * @param lastAt   when its latest object arrived
     * @param reported whether all its objects and failures are in a study report
     */
    public record Aged(long row, StudyKey key, Instant lastAt, boolean reported) {
    }

    /** Counts {@code arrival} in its study and series; a new round begins when all before it was reported. */
    void add(JournalTransaction transaction, Arrival arrival) throws SQLException {
        StudyKey key = arrival.key();
        StudyDescription study = arrival.study();
        boolean failed = arrival.failure() != null;
        long objects = failed ? 0 : 1;
        long bytes = failed ? 0 : arrival.bytes();
        long failures = failed ? 1 : 0;
        long at = JournalTransaction.nanos(arrival.at());
        Rows.update(transaction, StudySql.ADD_TO_STUDY, key.route(), key.studyUid(), study.calledAeTitle(),
                study.callingAeTitle(), study.peerAddress(), study.accessionNumber(), study.patientId(),
                study.patientName(), study.description(), study.studyDate(), at, at, at, objects, bytes, failures,
                joined(arrival.studyFolders()));
        Rows.update(transaction, StudySql.ADD_TO_SERIES, key.route(), key.studyUid(), arrival.seriesUid(),
                arrival.seriesNumber(), arrival.seriesDescription(), arrival.modality(), at, at, at, objects, bytes,
                failures, joined(arrival.seriesFolders()));
        if (failed) {
            Rows.update(transaction, StudySql.INSERT_FAILURE, key.route(), key.studyUid(), arrival.seriesUid(),
                    arrival.sopInstanceUid(), arrival.failure(), at);
        }
    }

    /**
     * Records what a completion reported, if the study (series) is still as the completion read it: the same counts,
     * latest arrival and rounds. Returns false when it is not (an arrival since, or another node reported it): then
     * nothing is written.
     */
    boolean markReported(JournalTransaction transaction, Reported reported) throws SQLException {
        StudyKey key = reported.key();
        long lastAt = JournalTransaction.nanos(reported.lastAt());
        if (reported.seriesUid() != null) {
            return Rows.update(transaction, StudySql.SERIES_REPORTED, reported.objects(), reported.failures(),
                    reported.round(), key.route(), key.studyUid(), reported.seriesUid(), reported.objects(),
                    reported.failures(), lastAt, reported.round() - 1) == 1;
        }
        if (Rows.update(transaction, StudySql.STUDY_REPORTED, reported.objects(), reported.bytes(),
                reported.failures(), reported.round(), key.route(), key.studyUid(), reported.objects(),
                reported.failures(), lastAt, reported.round() - 1) != 1) {
            return false;
        }
        for (Map.Entry<String, Long> series : reported.seriesObjects().entrySet()) {
            Rows.update(transaction, StudySql.SERIES_REPORTED_IN_STUDY, series.getValue(), key.route(),
                    key.studyUid(), series.getKey());
        }
        return true;
    }

    /**
     * A study with something unreported, as {@link #unreportedUpTo} finds it.
     *
     * @param lastAt       when its latest object arrived
     * @param roundFirstAt when the first object of its round arrived
     * @param seriesOnly   whether the study itself was reported, and only series reports are missing
     */
    record Unreported(StudyKey key, Instant lastAt, Instant roundFirstAt, boolean seriesOnly) {
    }

    /** The studies (of any node) with something not reported yet whose latest object arrived at or before {@code at}. */
    List<Unreported> unreportedUpTo(Connection connection, Instant at) throws SQLException {
        return Rows.list(connection, StudySql.SELECT_UNREPORTED_UP_TO, row -> new Unreported(
                new StudyKey(row.getString(1), row.getString(2)), JournalTransaction.instant(row.getLong(3)),
                JournalTransaction.instant(row.getLong(4)), row.getBoolean(5)), JournalTransaction.nanos(at));
    }

    /**
     * The study of {@code key} with its series and, when something of it is unreported, the failures of its round
     * (the first {@link CompletionReport#MAX_FAILURES_LISTED}); null when it was never counted.
     */
    StudyState study(Connection connection, StudyKey key) throws SQLException {
        List<StudyState> found = Rows.list(connection, StudySql.SELECT_STUDY, StudyStore::study, key.route(),
                key.studyUid());
        if (found.isEmpty()) {
            return null;
        }
        readDetails(connection, found.get(0));
        return found.get(0);
    }

    /** The studies with something not reported yet, of their own or of a series, as {@link #study} reads them. */
    List<StudyState> unreported(Connection connection) throws SQLException {
        List<StudyState> result = Rows.list(connection, StudySql.SELECT_UNREPORTED_STUDIES, StudyStore::study);
        for (StudyState study : result) {
            readDetails(connection, study);
        }
        return result;
    }

    private static StudyState study(ResultSet row) throws SQLException {
        StudyState study = new StudyState(new StudyKey(row.getString(1), row.getString(2)));
        study.described = new StudyDescription(row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10));
        tally(row, 11, study);
        study.reportedBytes = row.getLong(21);
        return study;
    }

    private static SeriesState series(ResultSet row) throws SQLException {
        SeriesState series = new SeriesState(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                null);
        tally(row, 5, series);
        series.studyReportedObjects = row.getLong(15);
        return series;
    }

    /** Reads the ten columns from first_at to folders, from column {@code from} on. */
    private static void tally(ResultSet row, int from, Tally into) throws SQLException {
        int i = from;
        into.firstAt = JournalTransaction.instant(row.getLong(i++));
        into.roundFirstAt = JournalTransaction.instant(row.getLong(i++));
        into.lastAt = JournalTransaction.instant(row.getLong(i++));
        into.objects = row.getLong(i++);
        into.bytes = row.getLong(i++);
        into.failures = row.getLong(i++);
        into.reportedObjects = row.getLong(i++);
        into.reportedFailures = row.getLong(i++);
        into.rounds = row.getInt(i++);
        folders(row.getString(i), into.folders);
    }

    private static void readDetails(Connection connection, StudyState study) throws SQLException {
        String route = study.key.route();
        String studyUid = study.key.studyUid();
        for (SeriesState series : Rows.list(connection, StudySql.SELECT_SERIES_OF_STUDY, StudyStore::series, route,
                studyUid)) {
            study.series.put(series.uid, series);
        }
        if (!study.unreported()) {
            return;
        }
        for (SeriesFailure failure : Rows.list(connection, StudySql.SELECT_FAILURES_SINCE,
                row -> new SeriesFailure(row.getString(1), new CompletionReport.Failure(row.getString(2),
                        row.getString(3))), route, studyUid, JournalTransaction.nanos(study.roundFirstAt))) {
            if (study.roundFailures.size() == CompletionReport.MAX_FAILURES_LISTED) {
                break;
            }
            study.roundFailureSeries.add(failure.seriesUid());
            study.roundFailures.add(failure.failure());
        }
    }

    /** A failed store action of a series. */
    private record SeriesFailure(String seriesUid, CompletionReport.Failure failure) {
    }

    /** Folders are kept one a line. */
    private static String joined(List<Path> folders) {
        return String.join("\n", folders.stream().map(Path::toString).toList());
    }

    private static void folders(String joined, List<Path> into) {
        if (joined == null || joined.isEmpty()) {
            return;
        }
        for (String folder : joined.split("\n")) {
            into.add(Path.of(folder));
        }
    }

    /** A row of {@link StudySql#SELECT_VIEWS} and its variants. */
    record Listed(String route, String studyUid, String patientId, String patientName, String accessionNumber,
                  String description, String date, String callingAeTitle, String calledAeTitle, Instant firstAt,
                  Instant lastAt, long objects, long bytes, long failures, int rounds, boolean awaiting) {

        StudyView view(String state, Instant dueAt, Long secondsLeft, List<NotificationView> notifications) {
            return new StudyView(route, studyUid, patientId, patientName, accessionNumber, description, date,
                    callingAeTitle, calledAeTitle, firstAt, lastAt, objects, bytes, failures, state, dueAt,
                    secondsLeft, rounds, notifications);
        }
    }

    /** The rows of {@code sql}, one of {@link StudySql#SELECT_VIEWS} and its variants. */
    List<Listed> listed(Connection connection, String sql, Object... parameters) throws SQLException {
        return Rows.list(connection, sql, row -> new Listed(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), JournalTransaction.instant(row.getLong(10)), JournalTransaction.instant(row.getLong(11)),
                row.getLong(12), row.getLong(13), row.getLong(14), row.getInt(15), row.getBoolean(16)), parameters);
    }

    /** Up to {@code limit} studies after {@code afterRow}, in the table's order. */
    public List<Aged> after(Connection connection, long afterRow, int limit) throws SQLException {
        return Rows.list(connection, StudySql.STUDIES_AFTER, row -> new Aged(row.getLong(1),
                new StudyKey(row.getString(2), row.getString(3)), JournalTransaction.instant(row.getLong(4)),
                row.getBoolean(5)), afterRow, limit);
    }

    /** Those of {@code keys} with a series that has something not reported yet. */
    public Set<StudyKey> withUnreportedSeries(Connection connection, Collection<StudyKey> keys) throws SQLException {
        Set<StudyKey> unreported = new LinkedHashSet<>();
        try (PreparedStatement count = connection.prepareStatement(StudySql.COUNT_SERIES_UNREPORTED)) {
            for (StudyKey key : keys) {
                count.setString(1, key.route());
                count.setString(2, key.studyUid());
                try (ResultSet row = count.executeQuery()) {
                    if (row.next() && row.getLong(1) > 0) {
                        unreported.add(key);
                    }
                }
            }
        }
        return unreported;
    }

    /**
     * Deletes the state of {@code keys}: their series and failures, and each study itself when everything of it is
     * reported.
     */
    public void delete(JournalTransaction transaction, List<StudyKey> keys) throws SQLException {
        for (String sql : List.of(StudySql.DELETE_SERIES_OF_STUDY, StudySql.DELETE_FAILURES_OF_STUDY,
                StudySql.DELETE_REPORTED_STUDY)) {
            PreparedStatement delete = transaction.statement(sql);
            for (StudyKey key : keys) {
                delete.setString(1, key.route());
                delete.setString(2, key.studyUid());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }
}
