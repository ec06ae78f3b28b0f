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

    // Housekeeping (docs/operations.md, "Retention").

    /** Studies with a notification still to send: their state is never pruned. */
    static final String STUDIES_WITH_PENDING_NOTIFICATIONS =
            "SELECT DISTINCT route, study_uid FROM notification WHERE state = 'pending'";

    /** Notifications in id (creation) order after an id, with their state and end. */
    static final String NOTIFICATIONS_AFTER = """
            SELECT id, created_at, state, done_at FROM notification WHERE id > ? ORDER BY id LIMIT ?""";

    static final String DELETE_ENDED_NOTIFICATION = "DELETE FROM notification WHERE id = ? AND state <> 'pending'";
}
