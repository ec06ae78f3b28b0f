package ferry.router.study;

/**
 * The SQL text of {@link StudyStore}: study and series state ({@code study}, {@code study_series},
 * {@code study_failure}, the journal's schema step 2). Times are nanoseconds since the epoch, as everywhere in the
 * journal.
 *
 * <p>One text for SQLite and PostgreSQL: the upserts name the existing row's columns by their table
 * ({@code study.objects}: a bare name is ambiguous to PostgreSQL beside {@code excluded}), and take the lesser and the
 * greater of two values with {@code CASE} (SQLite's two-argument {@code min}/{@code max} are PostgreSQL's
 * {@code LEAST}/{@code GREATEST}); comparisons are read with {@code getBoolean} (a number on SQLite, a boolean on
 * PostgreSQL). {@link #STUDIES_AFTER} reads {@code rowid}: SQLite's own, a column of PostgreSQL's schema.
 */
final class StudySql {

    private StudySql() {
    }

    /**
     * What one arrival (or failure) adds to the row of its study or series when there is one: a round starts when
     * everything before was reported.
     */
    private static String countArrival(String table) {
        String t = table + ".";
        return """
                round_first_at = CASE WHEN T.objects = T.reported_objects AND T.failures = T.reported_failures
                                        OR excluded.round_first_at < T.round_first_at
                                      THEN excluded.round_first_at ELSE T.round_first_at END,
                last_at = CASE WHEN excluded.last_at > T.last_at THEN excluded.last_at ELSE T.last_at END,
                objects = T.objects + excluded.objects,
                bytes = T.bytes + excluded.bytes,
                failures = T.failures + excluded.failures,
                folders = excluded.folders""".replace("T.", t);
    }

    static final String ADD_TO_STUDY = """
            INSERT INTO study (route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number,
                patient_id, patient_name, study_description, study_date, first_at, round_first_at, last_at, objects,
                bytes, failures, reported_objects, reported_bytes, reported_failures, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid) DO UPDATE SET
            """ + countArrival("study");

    static final String ADD_TO_SERIES = """
            INSERT INTO study_series (route, study_uid, series_uid, series_number, description, modality, first_at,
                round_first_at, last_at, objects, bytes, failures, reported_objects, reported_failures,
                study_reported_objects, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid, series_uid) DO UPDATE SET
            """ + countArrival("study_series");

    static final String INSERT_FAILURE = """
            INSERT INTO study_failure (route, study_uid, series_uid, sop_instance_uid, reason, failed_at)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /**
     * A completion decided on what a node read of the study: it holds only while the study is still as read (no
     * arrival since, on any node, and no other node's report of it), so exactly one node reports each round
     * (docs/cluster.md, "Study completion").
     */
    static final String STUDY_REPORTED = """
            UPDATE study SET reported_objects = ?, reported_bytes = ?, reported_failures = ?, rounds = ?
            WHERE route = ? AND study_uid = ? AND objects = ? AND failures = ? AND last_at = ? AND rounds = ?""";

    static final String SERIES_REPORTED_IN_STUDY = """
            UPDATE study_series SET study_reported_objects = ? WHERE route = ? AND study_uid = ? AND series_uid = ?""";

    /** A series' completion, on the same condition as {@link #STUDY_REPORTED}. */
    static final String SERIES_REPORTED = """
            UPDATE study_series SET reported_objects = ?, reported_failures = ?, rounds = ?
            WHERE route = ? AND study_uid = ? AND series_uid = ? AND objects = ? AND failures = ? AND last_at = ?
                AND rounds = ?""";

    /** A study's columns: those of {@link #SERIES_COLUMNS} from first_at to folders are in the same order. */
    private static final String STUDY_COLUMNS = """
            route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number, patient_id,
            patient_name, study_description, study_date, first_at, round_first_at, last_at, objects, bytes, failures,
            reported_objects, reported_failures, rounds, folders, reported_bytes""";

    private static final String SERIES_COLUMNS = """
            series_uid, series_number, description, modality, first_at, round_first_at, last_at, objects, bytes,
            failures, reported_objects, reported_failures, rounds, folders, study_reported_objects""";

    static final String SELECT_STUDY = "SELECT " + STUDY_COLUMNS + " FROM study WHERE route = ? AND study_uid = ?";

    /** Studies with something not reported yet, or a series of theirs (what a restart must still complete). */
    static final String SELECT_UNREPORTED_STUDIES = "SELECT " + STUDY_COLUMNS + """
             FROM study s
            WHERE objects > reported_objects OR failures > reported_failures
               OR EXISTS (SELECT 1 FROM study_series x WHERE x.route = s.route AND x.study_uid = s.study_uid
                          AND (x.objects > x.reported_objects OR x.failures > x.reported_failures))""";

    /**
     * The studies with something not reported yet whose last arrival is at or before a time, with their round's
     * first arrival and whether only a series has something unreported: those a node looks at to take over from
     * another (docs/cluster.md). A scan of the table, which housekeeping keeps to its retention.
     */
    static final String SELECT_UNREPORTED_UP_TO = """
            SELECT route, study_uid, last_at, round_first_at,
                   objects = reported_objects AND failures = reported_failures
            FROM study s
            WHERE last_at <= ? AND (objects > reported_objects OR failures > reported_failures
               OR EXISTS (SELECT 1 FROM study_series x WHERE x.route = s.route AND x.study_uid = s.study_uid
                          AND (x.objects > x.reported_objects OR x.failures > x.reported_failures)))""";

    static final String SELECT_SERIES_OF_STUDY = "SELECT " + SERIES_COLUMNS
            + " FROM study_series WHERE route = ? AND study_uid = ? ORDER BY first_at, series_uid";

    static final String SELECT_FAILURES_SINCE = """
            SELECT series_uid, sop_instance_uid, reason FROM study_failure
            WHERE route = ? AND study_uid = ? AND failed_at >= ? ORDER BY id LIMIT 1000""";

    /** The studies the REST API lists, the latest arrival first; awaiting (not all reported) or complete. */
    private static final String VIEW_COLUMNS = "SELECT route, study_uid, patient_id, patient_name, accession_number, "
            + "study_description, study_date, calling_ae_title, called_ae_title, first_at, last_at, objects, bytes, "
            + "failures, rounds, (objects > reported_objects OR failures > reported_failures) FROM study ";

    static final String SELECT_VIEWS = VIEW_COLUMNS + "ORDER BY last_at DESC, route, study_uid LIMIT ? OFFSET ?";

    static final String SELECT_VIEWS_AWAITING = VIEW_COLUMNS
            + "WHERE objects > reported_objects OR failures > reported_failures "
            + "ORDER BY last_at DESC, route, study_uid LIMIT ? OFFSET ?";

    static final String SELECT_VIEWS_COMPLETE = VIEW_COLUMNS
            + "WHERE objects = reported_objects AND failures = reported_failures "
            + "ORDER BY last_at DESC, route, study_uid LIMIT ? OFFSET ?";

    static final String SELECT_VIEWS_OF_STUDY = VIEW_COLUMNS + "WHERE study_uid = ? ORDER BY route";

    // Housekeeping (docs/operations.md, "Retention").

    /**
     * Studies in rowid order after a rowid, with their last arrival and whether everything of them was reported.
     * {@code rowid} is SQLite's own; PostgreSQL's schema gives {@code study} an identity column of that name.
     */
    static final String STUDIES_AFTER = """
            SELECT rowid, route, study_uid, last_at, objects = reported_objects AND failures = reported_failures
            FROM study WHERE rowid > ? ORDER BY rowid LIMIT ?""";

    static final String COUNT_SERIES_UNREPORTED = """
            SELECT count(*) FROM study_series WHERE route = ? AND study_uid = ?
                AND (objects > reported_objects OR failures > reported_failures)""";

    static final String DELETE_SERIES_OF_STUDY = "DELETE FROM study_series WHERE route = ? AND study_uid = ?";

    static final String DELETE_FAILURES_OF_STUDY = "DELETE FROM study_failure WHERE route = ? AND study_uid = ?";

    static final String DELETE_REPORTED_STUDY = """
            DELETE FROM study WHERE route = ? AND study_uid = ? AND objects = reported_objects
                AND failures = reported_failures""";
}
