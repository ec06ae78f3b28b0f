package ferry.router.study;

/**
 * The SQL of study state and the notification outbox, on the tables of the journal's schema step 2
 * ({@code ferry.router.journal.JournalSql}). Times are nanoseconds since the epoch, as everywhere in the journal.
 */
final class StudySql {

    private StudySql() {
    }

    /** One arrival (or failure) added to a study; a round starts when everything before was reported. */
    static final String ADD_TO_STUDY = """
            INSERT INTO study (route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number,
                patient_id, patient_name, study_description, study_date, first_at, round_first_at, last_at, objects,
                bytes, failures, reported_objects, reported_bytes, reported_failures, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid) DO UPDATE SET
                round_first_at = CASE WHEN objects = reported_objects AND failures = reported_failures
                                      THEN excluded.round_first_at ELSE min(round_first_at, excluded.round_first_at)
                                 END,
                last_at = max(last_at, excluded.last_at),
                objects = objects + excluded.objects,
                bytes = bytes + excluded.bytes,
                failures = failures + excluded.failures,
                folders = excluded.folders""";

    static final String ADD_TO_SERIES = """
            INSERT INTO study_series (route, study_uid, series_uid, series_number, description, modality, first_at,
                round_first_at, last_at, objects, bytes, failures, reported_objects, reported_failures,
                study_reported_objects, rounds, folders)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
            ON CONFLICT (route, study_uid, series_uid) DO UPDATE SET
                round_first_at = CASE WHEN objects = reported_objects AND failures = reported_failures
                                      THEN excluded.round_first_at ELSE min(round_first_at, excluded.round_first_at)
                                 END,
                last_at = max(last_at, excluded.last_at),
                objects = objects + excluded.objects,
                bytes = bytes + excluded.bytes,
                failures = failures + excluded.failures,
                folders = excluded.folders""";

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

    static final String SELECT_STUDY = """
            SELECT route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number, patient_id,
                patient_name, study_description, study_date, first_at, round_first_at, last_at, objects, bytes,
                failures, reported_objects, reported_bytes, reported_failures, rounds, folders
            FROM study WHERE route = ? AND study_uid = ?""";

    /** Studies with something not reported yet, or a series of theirs (what a restart must still complete). */
    static final String SELECT_UNREPORTED_STUDIES = """
            SELECT route, study_uid, called_ae_title, calling_ae_title, peer_address, accession_number, patient_id,
                patient_name, study_description, study_date, first_at, round_first_at, last_at, objects, bytes,
                failures, reported_objects, reported_bytes, reported_failures, rounds, folders
            FROM study s
            WHERE objects > reported_objects OR failures > reported_failures
               OR EXISTS (SELECT 1 FROM study_series x WHERE x.route = s.route AND x.study_uid = s.study_uid
                          AND (x.objects > x.reported_objects OR x.failures > x.reported_failures))""";

    static final String SELECT_SERIES_OF_STUDY = """
            SELECT series_uid, series_number, description, modality, first_at, round_first_at, last_at, objects,
                bytes, failures, reported_objects, reported_failures, study_reported_objects, rounds, folders
            FROM study_series WHERE route = ? AND study_uid = ? ORDER BY first_at, series_uid""";

    static final String SELECT_FAILURES_SINCE = """
            SELECT series_uid, sop_instance_uid, reason FROM study_failure
            WHERE route = ? AND study_uid = ? AND failed_at >= ? ORDER BY id LIMIT 1000""";

    // The outbox.
    static final String INSERT_NOTIFICATION = """
            INSERT INTO notification (route, channel, description, level, study_uid, series_uid, round, report,
                created_at, state, attempts, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)""";

    static final String NOTIFICATION_SENT = """
            UPDATE notification SET state = 'sent', attempts = attempts + 1, done_at = ?, last_error = NULL
            WHERE id = ?""";

    static final String NOTIFICATION_RETRY = """
            UPDATE notification SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?""";

    static final String NOTIFICATION_FAILED = """
            UPDATE notification SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ?
            WHERE id = ?""";

    static final String SELECT_PENDING_NOTIFICATIONS = """
            SELECT id, route, channel, description, report, created_at, attempts, next_attempt_at
            FROM notification WHERE state = 'pending' ORDER BY next_attempt_at, id""";

    static final String COUNT_NOTIFICATIONS = """
            SELECT state, count(*), sum(attempts > 0) FROM notification GROUP BY state""";

    static final String LAST_NOTIFICATION_ERROR = """
            SELECT description, last_error FROM notification
            WHERE last_error IS NOT NULL AND state <> 'sent' ORDER BY id DESC LIMIT 1""";
}
