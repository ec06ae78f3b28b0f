package ferry.router.study;

/**
 * The SQL text of {@link StudyStore}: study and series state ({@code study}, {@code study_series},
 * {@code study_failure}, the journal's schema step 2). Times are nanoseconds since the epoch, as everywhere in the
 * journal.
 *
 * <p>Written for SQLite; a PostgreSQL variant is another holder with the same names. What would differ there: the
 * upserts ({@code INSERT … ON CONFLICT … DO UPDATE}, in both) name the existing row's columns by table there
 * ({@code study.objects}) and use {@code LEAST}/{@code GREATEST} for SQLite's two-argument {@code min}/{@code max};
 * {@link #STUDIES_AFTER} reads SQLite's {@code rowid}.
 */
final class StudySql {

    private StudySql() {
    }

    /**
     * What one arrival (or failure) adds to the row of its study or series when there is one: a round starts when
     * everything before was reported.
     */
    private static final String COUNT_ARRIVAL = """
            round_first_at = CASE WHEN objects = reported_objects AND failures = reported_failures
                                  THEN excluded.round_first_at ELSE min(round_first_at, excluded.round_first_at)
                             END,
            last_at = max(last_at, excluded.last_at),
            objects = objects + excluded.objects,
            bytes = bytes + excluded.bytes,
            failures = failures + excluded.failures,
            folders = excluded.folders""";

    static final String ADD_TO_STUDY = """
            INSERT INTO study (route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number,
                patient_id, patient_name, study_description, study_date, first_at, round_first_at, last_at, objects,
                bytes, failures, reported_objects, reported_bytes, reported_failures, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid) DO UPDATE SET
            """ + COUNT_ARRIVAL;

    static final String ADD_TO_SERIES = """
            INSERT INTO study_series (route, study_uid, series_uid, series_number, description, modality, first_at,
                round_first_at, last_at, objects, bytes, failures, reported_objects, reported_failures,
                study_reported_objects, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid, series_uid) DO UPDATE SET
            """ + COUNT_ARRIVAL;

    static final String INSERT_FAILURE = """
            INSERT INTO study_failure (route, study_uid, series_uid, sop_instance_uid, reason, failed_at)
            VALUES (?, ?, ?, ?, ?, ?)""";

    static final String STUDY_REPORTED = """
            UPDATE study SET reported_objects = ?, reported_bytes = ?, reported_failures = ?, rounds = ?
            WHERE route = ? AND study_uid = ?""";

    static final String SERIES_REPORTED_IN_STUDY = """
            UPDATE study_series SET study_reported_objects = ? WHERE route = ? AND study_uid = ? AND series_uid = ?""";

    static final String SERIES_REPORTED = """
            UPDATE study_series SET reported_objects = ?, reported_failures = ?, rounds = ?
            WHERE route = ? AND study_uid = ? AND series_uid = ?""";

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
     * {@code rowid} is SQLite's: a PostgreSQL schema gives {@code study} an id column and this text names it.
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
