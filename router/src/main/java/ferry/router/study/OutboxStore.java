package ferry.router.study;

import ferry.router.database.SqlDialect;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.ReportJson;
import ferry.router.study.NotificationDispatcher.OutboxStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification outbox ({@code notification}) and nothing else: each operation completions, the dispatcher,
 * {@code ferry status} and housekeeping need, as typed values; the SQL text is {@link OutboxSql}'s, bound through
 * {@link Rows}. Writes take the journal's {@link JournalTransaction}, so the caller decides how they commit (a
 * notification with its completion); reads take a connection of {@link ferry.router.journal.Journal#read}. Stateless
 * and thread-safe.
 */
public final class OutboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);

    /** A notification waiting for delivery and when it is to be tried next. */
    record Waiting(Outbound notification, Instant nextAttempt) {
    }

    /**
     * A notification as housekeeping sees it.
     *
     * @param doneAt when it was sent or given up; null while it is pending
     */
    public record Ended(long id, Instant createdAt, Instant doneAt) {
    }

    /** Writes {@code notification} as pending, due at once; returns it with its id. */
    Outbound insert(JournalTransaction transaction, Outbound notification) throws SQLException {
        CompletionReport report = notification.report();
        long createdAt = JournalTransaction.nanos(notification.createdAt());
        return notification.withId(Rows.insert(transaction, OutboxSql.INSERT_NOTIFICATION, notification.route(),
                notification.channel(), notification.description(), report.level().name(), report.studyInstanceUid(),
                report.seriesInstanceUid(), report.round(), ReportJson.toJson(report), createdAt, createdAt));
    }

    /**
     * Claims pending notification {@code id} for {@code node} until {@code until}, unless another claim holds at
     * {@code now}; returns whether it is this node's to send.
     */
    boolean claim(JournalTransaction transaction, long id, String node, Instant until, Instant now)
            throws SQLException {
        return Rows.update(transaction, OutboxSql.CLAIM, node, JournalTransaction.nanos(until), id,
                JournalTransaction.nanos(now)) == 1;
    }

    /**
     * Claims for {@code node} until {@code until} at most {@code limit} pending notifications due at {@code now}
     * that no claim holds, and returns them, the next due first (one whose report cannot be read is logged and left
     * claimed, to be taken again after its lease).
     */
    List<Waiting> claimDue(JournalTransaction transaction, String node, Instant until, Instant now, int limit)
            throws SQLException {
        String sql = transaction.dialect() == SqlDialect.POSTGRESQL ? OutboxSql.CLAIM_DUE_POSTGRESQL
                : OutboxSql.CLAIM_DUE_SQLITE;
        PreparedStatement claim = transaction.statement(sql);
        long nanos = JournalTransaction.nanos(now);
        claim.setString(1, node);
        claim.setLong(2, JournalTransaction.nanos(until));
        claim.setLong(3, nanos);
        claim.setLong(4, nanos);
        claim.setInt(5, limit);
        List<Waiting> claimed = new ArrayList<>();
        try (ResultSet row = claim.executeQuery()) {
            while (row.next()) {
                Waiting waiting = waiting(row);
                if (waiting != null) {
                    claimed.add(waiting);
                }
            }
        }
        claimed.sort(Comparator.comparing(Waiting::nextAttempt)
                .thenComparingLong(waiting -> waiting.notification().id()));
        return claimed;
    }

    /** The claim of {@code node} on notification {@code id}, if it still has it, now lasts until {@code until}. */
    void renewClaim(JournalTransaction transaction, long id, String node, Instant until) throws SQLException {
        Rows.update(transaction, OutboxSql.RENEW_CLAIM, JournalTransaction.nanos(until), id, node);
    }

    /** The claims {@code node} left from a run before end: returns how many. */
    int releaseClaims(JournalTransaction transaction, String node) throws SQLException {
        return Rows.update(transaction, OutboxSql.RELEASE_CLAIMS, node);
    }

    /** Notification {@code id} delivered at {@code at}. */
    void sent(JournalTransaction transaction, long id, Instant at) throws SQLException {
        Rows.update(transaction, OutboxSql.NOTIFICATION_SENT, JournalTransaction.nanos(at), id);
    }

    /** Notification {@code id} failed once more: tried again at {@code next}. */
    void retry(JournalTransaction transaction, long id, Instant next, String error) throws SQLException {
        Rows.update(transaction, OutboxSql.NOTIFICATION_RETRY, JournalTransaction.nanos(next), error, id);
    }

    /** Notification {@code id} given up at {@code at}, its last attempt counted. */
    void fail(JournalTransaction transaction, long id, Instant at, String reason) throws SQLException {
        Rows.update(transaction, OutboxSql.NOTIFICATION_FAILED, JournalTransaction.nanos(at), reason, id);
    }

    /** The notifications waiting for delivery, the next due first; one whose report cannot be read is logged and left. */
    List<Waiting> pending(Connection connection) throws SQLException {
        List<Waiting> pending = new ArrayList<>();
        for (Waiting waiting : Rows.list(connection, OutboxSql.SELECT_PENDING_NOTIFICATIONS, OutboxStore::waiting)) {
            if (waiting != null) {
                pending.add(waiting);
            }
        }
        return pending;
    }

    /** A row of {@link OutboxSql#SELECT_PENDING_NOTIFICATIONS} (and the like), or null (logged) when its report cannot be read. */
    private static Waiting waiting(ResultSet row) throws SQLException {
        CompletionReport report;
        try {
            report = ReportJson.fromJson(row.getString(5));
        } catch (IllegalArgumentException e) {
            LOG.error("notification {}: its stored report is unreadable, skipped: {}", row.getLong(1), e.getMessage());
            return null;
        }
        return new Waiting(new Outbound(row.getLong(1), row.getString(2), row.getInt(3), row.getString(4), report,
                JournalTransaction.instant(row.getLong(6)), row.getInt(7)), JournalTransaction.instant(row.getLong(8)));
    }

    /**
     * Up to {@code limit} notifications with ids below {@code beforeId}, newest first: all, or those in {@code state}
     * ({@link NotificationView#STATES}; null for all).
     */
    List<NotificationView> views(Connection connection, String state, long beforeId, int limit) throws SQLException {
        return state == null
                ? Rows.list(connection, OutboxSql.SELECT_VIEWS, OutboxStore::view, beforeId, limit)
                : Rows.list(connection, OutboxSql.SELECT_VIEWS_IN_STATE, OutboxStore::view, state, beforeId, limit);
    }

    /** The notifications of one study of a route, newest first. */
    List<NotificationView> viewsOf(Connection connection, String route, String studyUid) throws SQLException {
        return Rows.list(connection, OutboxSql.SELECT_VIEWS_OF_STUDY, OutboxStore::view, route, studyUid);
    }

    private static NotificationView view(ResultSet row) throws SQLException {
        String state = row.getString(8);
        long doneAt = row.getLong(12);
        Instant done = row.wasNull() ? null : JournalTransaction.instant(doneAt);
        return new NotificationView(row.getLong(1), row.getString(2), row.getString(3),
                row.getString(4).toLowerCase(Locale.ROOT), row.getString(5), row.getString(6), row.getInt(7),
                state, row.getInt(9), JournalTransaction.instant(row.getLong(10)),
                "pending".equals(state) ? JournalTransaction.instant(row.getLong(11)) : null, done, row.getString(13));
    }

    /** The ids of the failed notifications. */
    List<Long> failedIds(Connection connection) throws SQLException {
        return Rows.list(connection, OutboxSql.SELECT_FAILED_IDS, row -> row.getLong(1));
    }

    /** The state of notification {@code id}, or null when there is none. */
    String state(Connection connection, long id) throws SQLException {
        List<String> states = Rows.list(connection, OutboxSql.SELECT_STATE, row -> row.getString(1), id);
        return states.isEmpty() ? null : states.get(0);
    }

    /** Failed notification {@code id} pending again, due at {@code at}; false when it was not failed. */
    boolean revive(JournalTransaction transaction, long id, Instant at) throws SQLException {
        long now = JournalTransaction.nanos(at);
        return Rows.update(transaction, OutboxSql.NOTIFICATION_REVIVED, now, now, id) > 0;
    }

    /** Notification {@code id} if it is pending, to deliver. */
    Waiting waiting(Connection connection, long id) throws SQLException {
        List<Waiting> found = Rows.list(connection, OutboxSql.SELECT_WAITING, OutboxStore::waiting, id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The counts of the outbox by state, and its latest error of a notification not delivered. */
    OutboxStatus status(Connection connection) throws SQLException {
        Map<String, StateCount> counts = new HashMap<>();
        Rows.list(connection, OutboxSql.COUNT_NOTIFICATIONS, row -> new StateCount(row.getString(1), row.getLong(2),
                row.getLong(3))).forEach(count -> counts.put(count.state(), count));
        StateCount none = new StateCount("", 0, 0);
        StateCount pending = counts.getOrDefault("pending", none);
        List<String> errors = Rows.list(connection, OutboxSql.LAST_NOTIFICATION_ERROR,
                row -> row.getString(1) + ": " + row.getString(2));
        return new OutboxStatus(pending.count(), pending.tried(), counts.getOrDefault("sent", none).count(),
                counts.getOrDefault("failed", none).count(), errors.isEmpty() ? null : errors.get(0));
    }

    /** A row of {@link OutboxSql#COUNT_NOTIFICATIONS}: the notifications in one state, those tried among them. */
    private record StateCount(String state, long count, long tried) {
    }

    /** The studies (per route) with a notification still to send. */
    public Set<StudyKey> studiesWithPending(Connection connection) throws SQLException {
        return new HashSet<>(Rows.list(connection, OutboxSql.STUDIES_WITH_PENDING_NOTIFICATIONS,
                row -> new StudyKey(row.getString(1), row.getString(2))));
    }

    /** Up to {@code limit} notifications with ids above {@code afterId}, in id order (the order they were made). */
    public List<Ended> after(Connection connection, long afterId, int limit) throws SQLException {
        return Rows.list(connection, OutboxSql.NOTIFICATIONS_AFTER, row -> {
            long doneAt = row.getLong(4);
            boolean ended = !row.wasNull() && !"pending".equals(row.getString(3));
            return new Ended(row.getLong(1), JournalTransaction.instant(row.getLong(2)),
                    ended ? JournalTransaction.instant(doneAt) : null);
        }, afterId, limit);
    }

    /** Deletes those of {@code ids} that were sent or given up (pending ones stay). */
    public void deleteEnded(JournalTransaction transaction, List<Long> ids) throws SQLException {
        Rows.forEachId(transaction, OutboxSql.DELETE_ENDED_NOTIFICATION, ids);
    }
}
