package ferry.router.study;

/**
 * The SQL text of {@link OutboxStore}: the notification outbox ({@code notification}, the journal's schema step 2).
 * Times are nanoseconds since the epoch, as everywhere in the journal; a notification's {@code state} is
 * {@code pending}, {@code sent} or {@code failed}.
 *
 * <p>Written for SQLite; a PostgreSQL variant is another holder with the same names. What would differ there: ids of
 * new rows (read with {@code getGeneratedKeys} here, {@code RETURNING id} there), and {@link #COUNT_NOTIFICATIONS},
 * which sums a comparison as SQLite does ({@code count(*) FILTER (WHERE attempts > 0)} there).
 */
final class OutboxSql {

    private OutboxSql() {
    }

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
                done_at = NULL WHERE id = ? AND state = 'failed'""";

    static final String SELECT_WAITING = """
            SELECT id, route, channel, description, report, created_at, attempts, next_attempt_at
            FROM notification WHERE id = ? AND state = 'pending'""";

    // Housekeeping (docs/operations.md, "Retention").

    /** Studies with a notification still to send: their state is never pruned. */
    static final String STUDIES_WITH_PENDING_NOTIFICATIONS =
            "SELECT DISTINCT route, study_uid FROM notification WHERE state = 'pending'";

    /** Notifications in id (creation) order after an id, with their state and end. */
    static final String NOTIFICATIONS_AFTER = """
            SELECT id, created_at, state, done_at FROM notification WHERE id > ? ORDER BY id LIMIT ?""";

    static final String DELETE_ENDED_NOTIFICATION = "DELETE FROM notification WHERE id = ? AND state <> 'pending'";
}
