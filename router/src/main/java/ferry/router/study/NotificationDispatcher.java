package ferry.router.study;

import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.JournalWork;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.NotificationChannel;
import ferry.router.notify.NotificationException;
import ferry.router.notify.ReportJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notifications of the outbox (the journal's {@code notification} table) through their channels, on
 * threads of its own, so nothing a channel does can slow receiving. A delivery that fails is tried again later, with
 * the waits doubling from {@link RetryConfig#first()} up to {@link RetryConfig#longest()}, until it is delivered or
 * {@link RetryConfig#giveUpAfter()} has passed since the completion (or the failure is permanent); every attempt is
 * recorded, so a restart goes on where the last run stopped and {@code ferry status} shows what is waiting.
 *
 * <p>Delivery is at least once: a crash between a channel's success and its record delivers that notification
 * again after the restart.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    /**
     * One notification of the outbox.
     *
     * @param id          its row (0 before it is written)
     * @param route       the route whose channel delivers it
     * @param channel     the channel's index in the route's notifications
     * @param description the channel's description when the notification was made
     * @param report      what it tells
     * @param createdAt   when the completion was decided
     * @param attempts    failed attempts so far
     */
    public record Outbound(long id, String route, int channel, String description, CompletionReport report,
                           Instant createdAt, int attempts) {
    }

    /**
     * What {@code ferry status} shows of the outbox.
     *
     * @param pending   waiting for delivery (first attempt or retry)
     * @param retrying  of those, the ones that failed at least once
     * @param sent      delivered
     * @param failed    given up
     * @param lastError the latest error of a notification not delivered, with its channel, or null
     */
    public record OutboxStatus(long pending, long retrying, long sent, long failed, String lastError) {
    }

    private final Journal journal;
    private final Supplier<Map<String, RouteNotifications>> routes;
    private final RetryConfig retry;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor threads;

    public NotificationDispatcher(Journal journal, Supplier<Map<String, RouteNotifications>> routes,
                                  RetryConfig retry, Clock clock, int threadCount) {
        this.journal = journal;
        this.routes = routes;
        this.retry = retry;
        this.clock = clock;
        this.threads = new ScheduledThreadPoolExecutor(threadCount, runnable -> {
            Thread thread = new Thread(runnable, "ferry-notify");
            thread.setDaemon(true);
            return thread;
        });
        threads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Schedules what the outbox still holds from the last run, each at its next attempt time. */
    public void start() throws IOException {
        List<Waiting> pending = journal.read(NotificationDispatcher::readPending);
        if (!pending.isEmpty()) {
            LOG.info("{} notification(s) from before the restart are waiting for delivery", pending.size());
        }
        Instant now = clock.instant();
        for (Waiting waiting : pending) {
            schedule(waiting.notification(), Duration.between(now, waiting.nextAttempt()));
        }
    }

    /** A notification of the outbox and when it is to be tried next. */
    private record Waiting(Outbound notification, Instant nextAttempt) {
    }

    /** Delivers a notification just written to the outbox, now. */
    public void enqueue(Outbound notification) {
        schedule(notification, Duration.ZERO);
    }

    private void schedule(Outbound notification, Duration delay) {
        if (threads.isShutdown()) {
            return;
        }
        long millis = Math.max(0, delay.toMillis());
        threads.schedule(() -> deliver(notification), millis, TimeUnit.MILLISECONDS);
    }

    private void deliver(Outbound notification) {
        RouteNotifications route = routes.get().get(notification.route());
        if (route == null || notification.channel() >= route.channels().size()) {
            give(notification, "its channel is no longer configured (route " + notification.route() + ", "
                    + notification.description() + ")");
            return;
        }
        NotificationChannel channel = route.channels().get(notification.channel());
        try {
            channel.deliver(notification.report());
        } catch (NotificationException e) {
            failed(notification, channel, e.getMessage(), e.permanent());
            return;
        } catch (RuntimeException e) {
            failed(notification, channel, e.toString(), false);
            return;
        }
        CompletionReport report = notification.report();
        LOG.info("route {}: notified by {}: {} {} round {}", notification.route(), channel.describe(),
                report.level() == CompletionReport.Level.STUDY ? "study" : "series",
                report.level() == CompletionReport.Level.STUDY ? report.studyInstanceUid()
                        : report.seriesInstanceUid(), report.round());
        Instant now = clock.instant();
        record(notification, transaction -> {
            PreparedStatement sent = transaction.statement(StudySql.NOTIFICATION_SENT);
            sent.setLong(1, JournalTransaction.nanos(now));
            sent.setLong(2, notification.id());
            sent.executeUpdate();
        });
    }

    private void failed(Outbound notification, NotificationChannel channel, String reason, boolean permanent) {
        Instant now = clock.instant();
        int attempts = notification.attempts() + 1;
        if (permanent || !now.isBefore(notification.createdAt().plus(retry.giveUpAfter()))) {
            give(notification, channel.describe() + ": " + reason + (permanent ? " (not retried)"
                    : " (given up after " + attempts + " attempts)"));
            return;
        }
        Duration wait = retry.waitAfter(attempts);
        LOG.warn("route {}: notification by {} failed (attempt {}), trying again in {} s: {}", notification.route(),
                channel.describe(), attempts, wait.toSeconds(), reason);
        Instant next = now.plus(wait);
        boolean recorded = record(notification, transaction -> {
            PreparedStatement later = transaction.statement(StudySql.NOTIFICATION_RETRY);
            later.setLong(1, JournalTransaction.nanos(next));
            later.setString(2, reason);
            later.setLong(3, notification.id());
            later.executeUpdate();
        });
        if (recorded) {
            schedule(new Outbound(notification.id(), notification.route(), notification.channel(),
                    notification.description(), notification.report(), notification.createdAt(), attempts), wait);
        }
    }

    private void give(Outbound notification, String reason) {
        LOG.error("route {}: notification {} given up: {}", notification.route(), notification.id(), reason);
        Instant now = clock.instant();
        record(notification, transaction -> {
            PreparedStatement failed = transaction.statement(StudySql.NOTIFICATION_FAILED);
            failed.setLong(1, JournalTransaction.nanos(now));
            failed.setString(2, reason);
            failed.setLong(3, notification.id());
            failed.executeUpdate();
        });
    }

    private boolean record(Outbound notification, JournalWork update) {
        try {
            journal.write(update);
            return true;
        } catch (IOException | IllegalStateException e) {
            LOG.error("route {}: the state of notification {} could not be recorded (it is tried again after a"
                    + " restart): {}", notification.route(), notification.id(), e.getMessage());
            return false;
        }
    }

    /** Writes a notification into the outbox inside a completion's transaction; returns it with its id. */
    static Outbound insert(JournalTransaction transaction, Outbound notification) throws SQLException {
        CompletionReport report = notification.report();
        PreparedStatement insert = transaction.statement(StudySql.INSERT_NOTIFICATION);
        insert.setString(1, notification.route());
        insert.setInt(2, notification.channel());
        insert.setString(3, notification.description());
        insert.setString(4, report.level().name());
        insert.setString(5, report.studyInstanceUid());
        insert.setString(6, report.seriesInstanceUid());
        insert.setInt(7, report.round());
        insert.setString(8, ReportJson.toJson(report));
        insert.setLong(9, JournalTransaction.nanos(notification.createdAt()));
        insert.setLong(10, JournalTransaction.nanos(notification.createdAt()));
        insert.executeUpdate();
        long id;
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
        }
        return new Outbound(id, notification.route(), notification.channel(), notification.description(), report,
                notification.createdAt(), 0);
    }

    private static List<Waiting> readPending(Connection connection) throws SQLException {
        List<Waiting> pending = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(StudySql.SELECT_PENDING_NOTIFICATIONS)) {
            while (row.next()) {
                CompletionReport report;
                try {
                    report = ReportJson.fromJson(row.getString(5));
                } catch (IllegalArgumentException e) {
                    LOG.error("notification {}: its stored report is unreadable, skipped: {}", row.getLong(1),
                            e.getMessage());
                    continue;
                }
                pending.add(new Waiting(new Outbound(row.getLong(1), row.getString(2), row.getInt(3),
                        row.getString(4), report, JournalTransaction.instant(row.getLong(6)), row.getInt(7)),
                        JournalTransaction.instant(row.getLong(8))));
            }
        }
        return pending;
    }

    /** Counts of the outbox, for {@code ferry status}. */
    public OutboxStatus status() throws IOException {
        return journal.read(connection -> {
            long pending = 0;
            long retrying = 0;
            long sent = 0;
            long failed = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(StudySql.COUNT_NOTIFICATIONS)) {
                while (row.next()) {
                    switch (row.getString(1)) {
                        case "pending" -> {
                            pending = row.getLong(2);
                            retrying = row.getLong(3);
                        }
                        case "sent" -> sent = row.getLong(2);
                        case "failed" -> failed = row.getLong(2);
                        default -> { }
                    }
                }
            }
            String lastError = null;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(StudySql.LAST_NOTIFICATION_ERROR)) {
                if (row.next()) {
                    lastError = row.getString(1) + ": " + row.getString(2);
                }
            }
            return new OutboxStatus(pending, retrying, sent, failed, lastError);
        });
    }

    /** Stops delivering; what is not delivered stays in the outbox for the next start. */
    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
