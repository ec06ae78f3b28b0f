package ferry.router.study;

/**
 * The SQL text of {@link OutboxStore}: the notification outbox ({@code notification}, the journal's schema step 2).
 * Times are nanoseconds since the epoch, as everywhere in the journal; a notification's {@code state} is
 * {@code pending}, {@code sent} or {@code failed}. A node claims a pending notification before it sends it
 * ({@code claimed_by}, {@code lease_until}): a claim not renewed lapses at its lease, and then another node may take it
 * (docs/cluster.md, "Notifications").
 *
 * <p>One text for SQLite and PostgreSQL except where a comment says why not.
 */
final class OutboxSql {

    private OutboxSql() {
    }

    static final String INSERT_NOTIFICATION = """
            INSERT INTO notification (route, channel, description, level, study_uid, series_uid, round, report,
                created_at, state, attempts, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)""";

    /** Sent: {@code claimed_by} stays, naming the node that sent it. */
    static final String NOTIFICATION_SENT = """
            UPDATE notification SET state = 'sent', attempts = attempts + 1, done_at = ?, last_error = NULL,
                lease_until = NULL
            WHERE id = ?""";

    /** Failed once more: its claim ends, so any node may take it when it is due. */
    static final String NOTIFICATION_RETRY = """
            UPDATE notification SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = NULL,
                lease_until = NULL
            WHERE id = ?""";

    static final String NOTIFICATION_FAILED = """
            UPDATE notification SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ?,
                lease_until = NULL
            WHERE id = ?""";

    /** One pending notification claimed by a node until a time, unless another node's claim still holds. */
    static final String CLAIM = """
            UPDATE notification SET claimed_by = ?, lease_until = ?
            WHERE id = ? AND state = 'pending' AND (claimed_by IS NULL OR lease_until < ?)""";

    /** The columns of an {@link OutboxStore.Waiting}. */
    private static final String WAITING_COLUMNS =
            "id, route, channel, description, report, created_at, attempts, next_attempt_at";

    /**
     * The pending notifications that are due and claimed by no node (or whose claim lapsed), the next due first, at
     * most a number, claimed by a node. PostgreSQL skips the rows another node is claiming at the same moment
     * ({@code FOR UPDATE SKIP LOCKED}) instead of waiting for them; SQLite has one writer and no such clause.
     */
    private static final String CLAIM_DUE = """
            UPDATE notification SET claimed_by = ?, lease_until = ?
            WHERE id IN (SELECT id FROM notification
                         WHERE state = 'pending' AND next_attempt_at <= ? AND (claimed_by IS NULL OR lease_until < ?)
                         ORDER BY next_attempt_at, id LIMIT ?%s)
            RETURNING\s""" + WAITING_COLUMNS;

    static final String CLAIM_DUE_SQLITE = CLAIM_DUE.formatted("");

    static final String CLAIM_DUE_POSTGRESQL = CLAIM_DUE.formatted(" FOR UPDATE SKIP LOCKED");

    /** A node's claim renewed: it is alive and still sending the notification. */
    static final String RENEW_CLAIM = """
            UPDATE notification SET lease_until = ? WHERE id = ? AND claimed_by = ? AND state = 'pending'""";

    /** A node's claims of a run before: at its start, nothing of it is being sent. */
    static final String RELEASE_CLAIMS = """
            UPDATE notification SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ? AND state = 'pending'""";

    static final String SELECT_PENDING_NOTIFICATIONS = "SELECT " + WAITING_COLUMNS
            + " FROM notification WHERE state = 'pending' ORDER BY next_attempt_at, id";

    static final String COUNT_NOTIFICATIONS = """
            SELECT state, count(*), count(CASE WHEN attempts > 0 THEN 1 END) FROM notification GROUP BY state""";

    static final String LAST_NOTIFICATION_ERROR = """
            SELECT description, last_error FROM notification
            WHERE last_error IS NOT NULL AND state <> 'sent' ORDER BY id DESC LIMIT 1""";

    /** The columns of a {@link NotificationView}, then the table. */
    private static final String VIEW_COLUMNS = "SELECT id, route, description, level, study_uid, series_uid, round, "
            + "state, attempts, created_at, next_attempt_at, done_at, last_error FROM notification ";

    /** Notifications after an id, newest first: all, or those in one state. */
    static final String SELECT_VIEWS = VIEW_COLUMNS + "WHERE id < ? ORDER BY id DESC LIMIT ?";

    static final String SELECT_VIEWS_IN_STATE = VIEW_COLUMNS + "WHERE state = ? AND id < ? ORDER BY id DESC LIMIT ?";

    static final String SELECT_VIEWS_OF_STUDY = VIEW_COLUMNS + "WHERE route = ? AND study_uid = ? ORDER BY id DESC";

    static final String SELECT_FAILED_IDS = "SELECT id FROM notification WHERE state = 'failed' ORDER BY id";

    static final String SELECT_STATE = "SELECT state FROM notification WHERE id = ?";

    /** A failed notification back to pending by hand: its attempts and its give-up time count from now. */
    static final String NOTIFICATION_REVIVED = """
            UPDATE notification SET state = 'pending', attempts = 0, created_at = ?, next_attempt_at = ?,
                done_at = NULL, claimed_by = NULL WHERE id = ? AND state = 'failed'""";

    static final String SELECT_WAITING = "SELECT " + WAITING_COLUMNS
            + " FROM notification WHERE id = ? AND state = 'pending'";

    // Housekeeping (docs/operations.md, "Retention").

    /** Studies with a notification still to send: their state is never pruned. */
    static final String STUDIES_WITH_PENDING_NOTIFICATIONS =
            "SELECT DISTINCT route, study_uid FROM notification WHERE state = 'pending'";

    /** Notifications in id (creation) order after an id, with their state and end. */
    static final String NOTIFICATIONS_AFTER = """
            SELECT id, created_at, state, done_at FROM notification WHERE id > ? ORDER BY id LIMIT ?""";

    static final String DELETE_ENDED_NOTIFICATION = "DELETE FROM notification WHERE id = ? AND state <> 'pending'";
}
