package ferry.router.retention;

/**
 * The SQL of housekeeping, on the journal's schema (journal steps 1 to 3). Candidates are read in id (or rowid)
 * order a batch at a time, so no query scans a table more than once per run, and deleted by primary key or by an
 * index; rows are only ever deleted when they are done with.
 */
final class RetentionSql {
    private RetentionSql() {
    }

    /** Objects with a forward job not delivered yet: never pruned, whatever their age. */
    static final String OBJECTS_WITH_LIVE_JOBS = "SELECT DISTINCT object_id FROM forward_job WHERE state <> 'done'";

    static final String OBJECTS_AFTER = """
            SELECT id, received_at, finished_at FROM received_object WHERE id > ? ORDER BY id LIMIT ?""";
    static final String COUNT_ACTIONS_OF_OBJECT = "SELECT count(*) FROM object_action WHERE object_id = ?";
    static final String DELETE_ACTIONS_OF_OBJECT = "DELETE FROM object_action WHERE object_id = ?";
    static final String DELETE_OBJECT = "DELETE FROM received_object WHERE id = ? AND finished_at IS NOT NULL";

    static final String JOBS_AFTER = """
            SELECT id, created_at, state, done_at FROM forward_job WHERE id > ? ORDER BY id LIMIT ?""";
    static final String DELETE_JOB = "DELETE FROM forward_job WHERE id = ? AND state = 'done'";

    static final String NOTIFICATIONS_AFTER = """
            SELECT id, created_at, state, done_at FROM notification WHERE id > ? ORDER BY id LIMIT ?""";
    static final String DELETE_NOTIFICATION = "DELETE FROM notification WHERE id = ? AND state <> 'pending'";

    /** Studies with a notification still to send: never pruned. */
    static final String STUDIES_WITH_PENDING_NOTIFICATIONS =
            "SELECT DISTINCT route, study_uid FROM notification WHERE state = 'pending'";
    static final String STUDIES_AFTER = """
            SELECT rowid, route, study_uid, last_at, objects = reported_objects AND failures = reported_failures
            FROM study WHERE rowid > ? ORDER BY rowid LIMIT ?""";
    static final String SERIES_UNREPORTED = """
            SELECT count(*) FROM study_series WHERE route = ? AND study_uid = ?
                AND (objects > reported_objects OR failures > reported_failures)""";
    static final String DELETE_SERIES_OF_STUDY = "DELETE FROM study_series WHERE route = ? AND study_uid = ?";
    static final String DELETE_FAILURES_OF_STUDY = "DELETE FROM study_failure WHERE route = ? AND study_uid = ?";
    static final String DELETE_STUDY = """
            DELETE FROM study WHERE route = ? AND study_uid = ? AND objects = reported_objects
                AND failures = reported_failures""";

    static final String AUTO_VACUUM = "PRAGMA auto_vacuum";
    static final String FREE_PAGES = "PRAGMA freelist_count";
    static final String PAGE_SIZE = "PRAGMA page_size";
    /** Gives up to this many free pages back to the file system (with auto_vacuum = INCREMENTAL). */
    static final String INCREMENTAL_VACUUM = "PRAGMA incremental_vacuum(1000)";
    /** SQLite's auto_vacuum value of INCREMENTAL. */
    static final int AUTO_VACUUM_INCREMENTAL = 2;
}
