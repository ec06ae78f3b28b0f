package ferry.router.study;

import ferry.router.database.SqlDialect;
import ferry.router.events.Events;
import ferry.router.events.NotificationFailed;
import ferry.router.events.NotificationSent;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.NotificationChannel;
import ferry.router.notify.NotificationException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Before each attempt the dispatcher claims the notification for its node until the lease ends, renewing the
 * claim while it sends; a notification claimed by another node is left to it. On a database that several nodes share
 * (PostgreSQL) every node also claims, every {@link StudyTracker#scanEvery}, the due notifications no claim holds: those
 * of a node that died once its claim lapsed, and the retries of every node. Delivery is at least once: a crash (or a
 * node's loss) between a channel's success and its record delivers that notification again, after the restart or
 * the lease (docs/cluster.md, "Notifications").
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

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
    private final OutboxStore outbox = new OutboxStore();
    private final Supplier<Map<String, RouteNotifications>> routes;
    private final RetryConfig retry;
    private final Clock clock;
    private final Events events;
    private final ScheduledThreadPoolExecutor threads;
    /** Whether other nodes share the database: then due notifications are claimed by a scan. */
    private final boolean shared;
    private final String node;
    private final Duration lease;
    /** The notifications this node claimed and has not recorded yet: their claims are renewed. */
    private final Set<Long> sending = ConcurrentHashMap.newKeySet();

    /** The most notifications one scan claims. */
    static final int CLAIMS_PER_SCAN = 100;

    /**
     * @param events told of each delivery ({@link NotificationSent}) and failed attempt ({@link NotificationFailed})
     * @param lease  how long this node's claim of a notification lasts without a renewal (the cluster's lease): after
     *               it, another node may send the notification
     */
    public NotificationDispatcher(Journal journal, Supplier<Map<String, RouteNotifications>> routes,
                                  RetryConfig retry, Clock clock, int threadCount, Events events, Duration lease) {
        this.journal = journal;
        this.shared = journal.database().dialect() == SqlDialect.POSTGRESQL;
        this.node = journal.database().node();
        this.lease = lease;
        this.events = events;
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

    /**
     * Ends the claims this node left from its last run, then schedules what the outbox still holds, each at its next
     * attempt time; on a shared database, starts the scans that claim due notifications instead.
     */
    public void start() throws IOException {
        int[] released = new int[1];
        journal.write(transaction -> released[0] = outbox.releaseClaims(transaction, node));
        if (released[0] > 0) {
            LOG.info("{} notification(s) this node was sending when it stopped are sent again (at least once)",
                    released[0]);
        }
        if (shared) {
            long every = StudyTracker.scanEvery(lease).toMillis();
            threads.scheduleWithFixedDelay(this::claimDueSafely, 0, every, TimeUnit.MILLISECONDS);
            return;
        }
        List<OutboxStore.Waiting> pending = journal.read(outbox::pending);
        if (!pending.isEmpty()) {
            LOG.info("{} notification(s) from before the restart are waiting for delivery", pending.size());
        }
        Instant now = clock.instant();
        for (OutboxStore.Waiting waiting : pending) {
            schedule(waiting.notification(), Duration.between(now, waiting.nextAttempt()));
        }
    }

    /** Delivers a notification just written to the outbox, now. */
    void enqueue(Outbound notification) {
        schedule(notification, Duration.ZERO);
    }

    private void schedule(Outbound notification, Duration delay) {
        if (threads.isShutdown()) {
            return;
        }
        long millis = Math.max(0, delay.toMillis());
        threads.schedule(() -> {
            if (claim(notification)) {
                deliver(notification);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void claimDueSafely() {
        try {
            claimDue(clock.instant());
        } catch (IOException | RuntimeException e) {
            LOG.error("claiming due notifications failed; trying again in {} s",
                    StudyTracker.scanEvery(lease).toSeconds(), e);
        }
    }

    /**
     * Renews this node's claims, claims up to {@value #CLAIMS_PER_SCAN} notifications due at {@code now} that no
     * claim holds (another node's retries, or the notifications of a node that died once its lease ended), and sends
     * them. Returns how many it claimed.
     */
    int claimDue(Instant now) throws IOException {
        List<OutboxStore.Waiting> claimed = new ArrayList<>();
        List<Long> renewed = List.copyOf(sending);
        journal.write(transaction -> {
            claimed.clear();
            for (long id : renewed) {
                outbox.renewClaim(transaction, id, node, now.plus(lease));
            }
            claimed.addAll(outbox.claimDue(transaction, node, now.plus(lease), now, CLAIMS_PER_SCAN));
        });
        for (OutboxStore.Waiting waiting : claimed) {
            Outbound notification = waiting.notification();
            sending.add(notification.id());
            try {
                threads.execute(() -> deliver(notification));
            } catch (RejectedExecutionException e) {
                sending.remove(notification.id());
            }
        }
        return claimed.size();
    }

    /** Claims {@code notification} for this node; false when another node's claim holds (it sends it). */
    private boolean claim(Outbound notification) {
        Instant now = clock.instant();
        boolean[] claimed = new boolean[1];
        try {
            journal.write(transaction -> claimed[0] = outbox.claim(transaction, notification.id(), node,
                    now.plus(lease), now));
        } catch (IOException | IllegalStateException e) {
            LOG.error("route {}: notification {} could not be claimed (it is tried again after a restart): {}",
                    notification.route(), notification.id(), e.getMessage());
            return false;
        }
        if (claimed[0]) {
            sending.add(notification.id());
        } else {
            LOG.debug("route {}: notification {} is claimed by another node", notification.route(),
                    notification.id());
        }
        return claimed[0];
    }

    /** Sends a notification this node claimed, and records the outcome. */
    private void deliver(Outbound notification) {
        try {
            send(notification);
        } finally {
            sending.remove(notification.id());
        }
    }

    private void send(Outbound notification) {
        RouteNotifications route = routes.get().get(notification.route());
        if (route == null || notification.channel() >= route.channels().size()) {
            String reason = "its channel is no longer configured (route " + notification.route() + ", "
                    + notification.description() + ")";
            events.publish(new NotificationFailed(notification.route(), "unconfigured", notification.description(),
                    notification.id(), notification.attempts() + 1, reason, true));
            give(notification, reason);
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
        events.publish(new NotificationSent(notification.route(), channel.kind(), channel.describe(),
                notification.id(), notification.attempts() + 1));
        CompletionReport report = notification.report();
        LOG.info("route {}: notified by {}: {} {} round {}", notification.route(), channel.describe(),
                report.level() == CompletionReport.Level.STUDY ? "study" : "series",
                report.level() == CompletionReport.Level.STUDY ? report.studyInstanceUid()
                        : report.seriesInstanceUid(), report.round());
        Instant now = clock.instant();
        record(notification, transaction -> outbox.sent(transaction, notification.id(), now));
    }

    private void failed(Outbound notification, NotificationChannel channel, String reason, boolean permanent) {
        Instant now = clock.instant();
        int attempts = notification.attempts() + 1;
        boolean givenUp = permanent || !now.isBefore(notification.createdAt().plus(retry.giveUpAfter()));
        events.publish(new NotificationFailed(notification.route(), channel.kind(), channel.describe(),
                notification.id(), attempts, reason, givenUp));
        if (givenUp) {
            give(notification, channel.describe() + ": " + reason + (permanent ? " (not retried)"
                    : " (given up after " + attempts + " attempts)"));
            return;
        }
        Duration wait = retry.waitAfter(attempts);
        LOG.warn("route {}: notification by {} failed (attempt {}), trying again in {} s: {}", notification.route(),
                channel.describe(), attempts, wait.toSeconds(), reason);
        Instant next = now.plus(wait);
        boolean recorded = record(notification, transaction -> outbox.retry(transaction, notification.id(), next,
                reason));
        if (recorded) {
            schedule(notification.failedOnceMore(), wait);
        }
    }

    private void give(Outbound notification, String reason) {
        LOG.error("route {}: notification {} given up: {}", notification.route(), notification.id(), reason);
        Instant now = clock.instant();
        record(notification, transaction -> outbox.fail(transaction, notification.id(), now, reason));
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

    /**
     * The notifications with ids below {@code beforeId}, newest first, at most {@code limit}: all, or those in
     * {@code state} ({@link NotificationView#STATES}).
     *
     * @throws IllegalArgumentException for another state
     */
    public List<NotificationView> list(String state, long beforeId, int limit) throws IOException {
        if (state != null && !NotificationView.STATES.contains(state)) {
            throw new IllegalArgumentException("state '" + state + "' is not one of " + NotificationView.STATES);
        }
        return journal.read(connection -> outbox.views(connection, state, beforeId, limit));
    }

    /**
     * Sends failed notifications again (docs/notifications.md): those of {@code ids}, or every failed one when it is
     * empty. Each starts over: its attempts from zero, its give-up time counted from now. Returns how many.
     *
     * @throws IllegalArgumentException naming each id that is no notification or not a failed one; then nothing is
     *                                  changed
     */
    public int retry(List<Long> ids) throws IOException {
        List<Long> chosen = journal.read(connection -> {
            if (ids.isEmpty()) {
                return outbox.failedIds(connection);
            }
            List<String> wrong = new ArrayList<>();
            for (long id : ids) {
                String state = outbox.state(connection, id);
                if (!"failed".equals(state)) {
                    wrong.add(id + (state == null ? " (no such notification)" : " (" + state + ")"));
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("only failed notifications can be retried: "
                        + String.join(", ", wrong));
            }
            return List.copyOf(ids);
        });
        Instant now = clock.instant();
        List<Long> revived = new ArrayList<>();
        journal.write(transaction -> {
            revived.clear();
            for (long id : chosen) {
                if (outbox.revive(transaction, id, now)) {
                    revived.add(id);
                }
            }
        });
        for (long id : revived) {
            OutboxStore.Waiting waiting = journal.read(connection -> outbox.waiting(connection, id));
            if (waiting != null) {
                LOG.info("route {}: notification {} ({}) retried by hand", waiting.notification().route(), id,
                        waiting.notification().description());
                enqueue(waiting.notification());
            }
        }
        return revived.size();
    }

    /** Counts of the outbox, for {@code ferry status}. */
    public OutboxStatus status() throws IOException {
        return journal.read(outbox::status);
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
