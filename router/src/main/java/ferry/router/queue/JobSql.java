package ferry.router.queue;

/**
 * The SQL text of {@link JobStore}, on the journal's schema step 3 ({@code forward_job}); times are nanoseconds since
 * the epoch, as everywhere in the journal. A job's {@code state} is {@code pending}, {@code failed} or {@code done}.
 *
 * <p>Written for SQLite, mostly standard SQL: a PostgreSQL variant is another holder with the same names. What would
 * differ there: ids of new rows (read here with {@code getGeneratedKeys}, {@code RETURNING id} there), and nothing else
 * the queue uses today ({@code LIMIT ?} and partial indexes exist in both).
 */
final class JobSql {

    private JobSql() {
    }

    static final String INSERT_JOB = """
            INSERT INTO forward_job (object_id, route, destination, file, sop_class_uid, sop_instance_uid,
                transfer_syntax_uid, calling_ae_title, study_uid, state, attempts, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)""";

    static final String JOB_DONE = """
            UPDATE forward_job SET state = 'done', done_at = ?, last_error = ? WHERE id = ?""";

    static final String JOB_RETRY = """
            UPDATE forward_job SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?""";

    /** A failed probe of an open breaker: the job waits again, its attempts unchanged. */
    static final String JOB_POSTPONED = """
            UPDATE forward_job SET next_attempt_at = ?, last_error = ? WHERE id = ?""";

    static final String JOB_FAILED = """
            UPDATE forward_job SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ?
            WHERE id = ?""";

    /** The next pending jobs of a destination after an id (the index forward_job_waiting serves it). */
    static final String SELECT_PENDING_AFTER = """
            SELECT id, object_id, route, destination, file, sop_class_uid, sop_instance_uid, transfer_syntax_uid,
                calling_ae_title, study_uid, attempts, created_at, next_attempt_at
            FROM forward_job WHERE destination = ? AND id > ? AND state = 'pending' ORDER BY id LIMIT ?""";

    static final String COUNT_PENDING_BY_DESTINATION = """
            SELECT destination, count(*) FROM forward_job WHERE state = 'pending' GROUP BY destination""";

    static final String COUNT_LIVE_JOBS_OF_FILE = """
            SELECT count(*) FROM forward_job WHERE file = ? AND state <> 'done'""";

    static final String COUNT_BY_DESTINATION = """
            SELECT destination, state, count(*), min(created_at) FROM forward_job WHERE state <> 'done'
            GROUP BY destination, state""";

    static final String LAST_ERROR_BY_DESTINATION = """
            SELECT destination, last_error FROM forward_job
            WHERE id IN (SELECT max(id) FROM forward_job WHERE last_error IS NOT NULL AND state <> 'done'
                         GROUP BY destination)""";

    /** The failed jobs, with when each failed (column 14). */
    static final String SELECT_FAILED = """
            SELECT id, object_id, route, destination, file, sop_class_uid, sop_instance_uid, transfer_syntax_uid,
                calling_ae_title, study_uid, attempts, created_at, next_attempt_at, done_at
            FROM forward_job WHERE state = 'failed' ORDER BY id""";

    /** One job, with its state (column 14). */
    static final String SELECT_JOB = """
            SELECT id, object_id, route, destination, file, sop_class_uid, sop_instance_uid, transfer_syntax_uid,
                calling_ae_title, study_uid, attempts, created_at, next_attempt_at, state
            FROM forward_job WHERE id = ?""";

    static final String SELECT_LIVE_DESTINATIONS = "SELECT DISTINCT destination FROM forward_job WHERE state <> 'done'";

    /** How many jobs of a destination {@code ferry queue} lists: failed, or waiting for a retry. */
    static final String COUNT_LISTED = """
            SELECT count(*) FROM forward_job
            WHERE destination = ? AND state <> 'done' AND (state = 'failed' OR attempts > 0)""";

    /** The columns of a {@link JobView}, then the table. */
    private static final String VIEW_COLUMNS = "SELECT id, destination, route, state, attempts, created_at, "
            + "next_attempt_at, done_at, sop_instance_uid, study_uid, calling_ae_title, last_error FROM forward_job ";

    static final String SELECT_LISTED = VIEW_COLUMNS
            + "WHERE destination = ? AND state <> 'done' AND (state = 'failed' OR attempts > 0) ORDER BY id LIMIT ?";

    /** Jobs of a destination not done after an id (the API's listing), by id; and those of one state. */
    static final String SELECT_VIEWS = VIEW_COLUMNS
            + "WHERE destination = ? AND state <> 'done' AND id > ? ORDER BY id LIMIT ?";

    static final String SELECT_VIEWS_FIRST_ATTEMPT = VIEW_COLUMNS
            + "WHERE destination = ? AND state = 'pending' AND attempts = 0 AND id > ? ORDER BY id LIMIT ?";

    static final String SELECT_VIEWS_RETRYING = VIEW_COLUMNS
            + "WHERE destination = ? AND state = 'pending' AND attempts > 0 AND id > ? ORDER BY id LIMIT ?";

    static final String SELECT_VIEWS_FAILED = VIEW_COLUMNS
            + "WHERE destination = ? AND state = 'failed' AND id > ? ORDER BY id LIMIT ?";

    static final String RETRY_FAILED = """
            UPDATE forward_job SET state = 'pending', attempts = 0, next_attempt_at = ?, done_at = NULL
            WHERE id = ? AND state = 'failed'""";

    static final String DUE_NOW = "UPDATE forward_job SET next_attempt_at = ? WHERE id = ? AND state = 'pending'";

    static final String PURGE_FAILED = """
            UPDATE forward_job SET state = 'done', done_at = ?, last_error = 'purged: ' || coalesce(last_error, '')
            WHERE id = ? AND state = 'failed'""";

    // Housekeeping (docs/operations.md, "Retention").

    /** Objects with a job not done: their journal records are never pruned, whatever their age. */
    static final String OBJECTS_WITH_LIVE_JOBS = "SELECT DISTINCT object_id FROM forward_job WHERE state <> 'done'";

    /** Jobs in id (creation) order after an id, with their state and end. */
    static final String JOBS_AFTER = """
            SELECT id, created_at, state, done_at FROM forward_job WHERE id > ? ORDER BY id LIMIT ?""";

    static final String DELETE_DONE_JOB = "DELETE FROM forward_job WHERE id = ? AND state = 'done'";
}
