package ferry.router.action;

import ferry.router.journal.ReceivedRecord;
import ferry.router.queue.QueueConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the failed store actions of objects are tried again while Ferry runs (a folder made writable, a disk with room
 * again, a file or link in the way removed): after the waits of the top-level {@code queue:} settings, doubling from
 * {@code retry-first} up to {@code retry-longest}, until {@code attempts} attempts have failed (docs/storage.md). A
 * given-up object stays in the spool, unfinished and listed, and is carried out again at the next start. Thread-safe.
 */
final class StoreRetries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRetries.class);

    /**
     * An object waiting: its record, the store actions already done (with the files they placed), and how it is
     * shown.
     */
    record Waiting(ReceivedRecord record, Map<ActionKey, Path> done, StoreRetry shown) {
    }

    private final Supplier<QueueConfig> settings;
    private final Clock clock;
    private final Consumer<Waiting> attempt;
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ferry-store-retry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param settings the queue settings in force (reloaded with the configuration)
     * @param attempt  makes the next attempt for a waiting object, when it is due
     */
    StoreRetries(Supplier<QueueConfig> settings, Clock clock, Consumer<Waiting> attempt) {
        this.settings = settings;
        this.clock = clock;
        this.attempt = attempt;
    }

    /**
     * Attempt number {@code failures} for object {@code id} failed: {@code done} holds what succeeded so far (and the
     * files placed), the rest is tried again after the wait for that many failures, or given up after the configured
     * attempts.
     */
    void failed(long id, ReceivedRecord record, Map<ActionKey, Path> done, String route, Path folder,
                String reason, int failures) {
        QueueConfig config = settings.get();
        boolean givingUp = failures >= config.attempts();
        Duration wait = config.waitAfter(failures);
        Instant next = givingUp ? null : clock.instant().plus(wait);
        Waiting entry = new Waiting(record, Collections.unmodifiableMap(new HashMap<>(done)),
                new StoreRetry(id, record.sopInstanceUid(), route, folder, failures, next, reason));
        waiting.put(id, entry);
        if (givingUp) {
            LOG.error("route {}: storing {} (journal record {}) into {} failed {} times, given up until the next"
                    + " start; it stays in the spool: {}", route, record.sopInstanceUid(), id, folder, failures,
                    reason);
            return;
        }
        LOG.warn("route {}: storing {} (journal record {}) into {} failed ({} of {} attempts), tried again in {} s:"
                + " {}", route, record.sopInstanceUid(), id, folder, failures, config.attempts(), wait.toSeconds(),
                reason);
        try {
            timer.schedule(() -> attempt.accept(entry), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // stopping: the next start carries it out
        }
    }

    /** Object {@code id} is stored after failed attempts (nothing happens when it never failed). */
    void succeeded(long id) {
        Waiting was = waiting.remove(id);
        if (was != null) {
            LOG.info("route {}: {} (journal record {}) stored into {} after {} failed attempt(s)",
                    was.shown().route(), was.shown().sopInstanceUid(), id, was.shown().folder(),
                    was.shown().failures());
        }
    }

    /** Object {@code id} left the retries another way (its spool file unreadable, say): no longer listed. */
    void forget(long id) {
        waiting.remove(id);
    }

    /** The objects waiting for another attempt or given up, oldest journal id first. */
    List<StoreRetry> waiting() {
        return waiting.values().stream().map(Waiting::shown)
                .sorted(Comparator.comparingLong(StoreRetry::journalId)).toList();
    }

    /** Cancels the waits: the objects stay unfinished and are carried out at the next start. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
