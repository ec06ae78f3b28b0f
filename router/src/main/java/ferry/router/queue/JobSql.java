package ferry.router.queue;

/**
 * The SQL text of {@link JobStore}, on the journal's schema steps 3 and 8 ({@code forward_job}); times are nanoseconds
 * since the epoch, as everywhere in the journal. A job's {@code state} is {@code pending}, {@code failed} or
 * {@code done}; {@code node} is the node whose spool holds its file, {@code claimed_by} the node that delivers it
 * while {@code lease_until} has not passed (docs/cluster.md). One text serves SQLite and PostgreSQL, except the
 * claim: PostgreSQL's skips the rows another node is claiming at the same moment ({@code FOR UPDATE SKIP LOCKED}),
 * SQLite has one writer at a time and no such clause (and its one node reads, {@link #SELECT_CLAIMABLE}).
 */
final class JobSql {

    private JobSql() {
    }

    static final String INSERT_JOB = """
            INSERT INTO forward_job (object_id, route, destination, file, sop_class_uid, sop_instance_uid,
                transfer_syntax_uid, calling_ae_title, study_uid, state, attempts, created_at, next_attempt_at,
                node, claimed_by, lease_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)""";

    /** The columns of a {@link ForwardJob} and when it may be tried (column 13). */
    private static final String JOB_COLUMNS = """
            id, object_id, route, destination, file, sop_class_uid, sop_instance_uid, transfer_syntax_uid,
                calling_ae_title, study_uid, attempts, created_at, next_attempt_at""";

    /**
     * The pending jobs of a destination after an id that a node may take: of its own spool, or of any when the nodes
     * share their storage; held by it already (whenever due: they were its own before a restart), or due and held
     * by no one, or by a node whose lease has passed. Parameters: destination, after id, node, shared storage, node,
     * now, now, limit.
     */
    private static final String CLAIMABLE = """
            WHERE destination = ? AND id > ? AND state = 'pending' AND (node = ? OR ?)
                AND (claimed_by = ? OR ((claimed_by IS NULL OR lease_until < ?) AND next_attempt_at <= ?))
            ORDER BY id LIMIT ?""";

    private static final String CLAIM = "UPDATE forward_job SET claimed_by = ?, lease_until = ? WHERE id IN ("
            + "SELECT id FROM forward_job " + CLAIMABLE;

    /**
     * Claims the next jobs of a destination (SQLite: the one writer claims). Parameters: node, lease, then those of
     * {@link #CLAIMABLE}.
     */
    static final String CLAIM_SQLITE = CLAIM + ") RETURNING " + JOB_COLUMNS;

    /** {@link #CLAIM_SQLITE} on PostgreSQL: rows another node's claim holds now are passed over, not waited for. */
    static final String CLAIM_POSTGRESQL = CLAIM + " FOR UPDATE SKIP LOCKED) RETURNING " + JOB_COLUMNS;

    /**
     * The jobs {@link #CLAIM_SQLITE} would claim, read without writing: on SQLite the one node holds every job already
     * (docs/cluster.md). Parameters: those of {@link #CLAIMABLE}.
     */
    static final String SELECT_CLAIMABLE = "SELECT " + JOB_COLUMNS + " FROM forward_job " + CLAIMABLE;

    /** Renews the leases of the jobs a node holds in memory (PostgreSQL: an array of ids). */
    static final String RENEW_LEASES = """
            UPDATE forward_job SET lease_until = ? WHERE id = ANY(?) AND claimed_by = ? AND state = 'pending'""";

    /**
     * The destinations with due jobs a node may claim and does not hold (a dead node's, unclaimed ones), each with
     * the lowest id of them. Parameters: now, node, shared storage, node, now.
     */
    static final String CLAIMABLE_ELSEWHERE = """
            SELECT destination, min(id) FROM forward_job
            WHERE state = 'pending' AND next_attempt_at <= ? AND (node = ? OR ?)
                AND (claimed_by IS NULL OR (claimed_by <> ? AND lease_until < ?))
            GROUP BY destination""";

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

    /** The pending jobs per destination of a node's spool (or of all, with shared storage): node, shared storage. */
    static final String COUNT_PENDING_BY_DESTINATION = """
            SELECT destination, count(*) FROM forward_job WHERE state = 'pending' AND (node = ? OR ?)
            GROUP BY destination""";

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

    /**
     * A failed job back to pending, claimed by the node that revives it when it may deliver it, else left for the
     * node of its spool. Parameters: due at, node, shared storage, node, lease, id. Returns whether it is claimed.
     */
    static final String RETRY_FAILED = """
            UPDATE forward_job SET state = 'pending', attempts = 0, next_attempt_at = ?, done_at = NULL,
                claimed_by = CASE WHEN node = ? OR ? THEN ? ELSE NULL END, lease_until = ?
            WHERE id = ? AND state = 'failed' RETURNING claimed_by IS NOT NULL""";

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
