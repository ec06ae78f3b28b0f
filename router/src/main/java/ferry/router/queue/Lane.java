package ferry.router.queue;

import ferry.router.events.DestinationDown;
import ferry.router.events.DestinationRecovered;
import ferry.router.events.FerryEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The jobs of one destination waiting for their time, and its circuit breaker. Workers {@link #take} the job that
 * has been due longest (in arrival order, since a new job is due at once; a job waiting for its retry is passed by
 * the jobs due before its time); while the breaker is open, jobs wait without attempts and one worker at a time
 * probes the destination with a job once the breaker's wait has passed. Thread-safe (its monitor).
 *
 * <p>At most {@code window} new jobs wait in memory: the journal holds every job, and a destination that is down
 * for a day gathers more of them than a bounded heap can keep. Past the window, new jobs stay in the journal only
 * (the lane has a backlog), and a worker that finds fewer than half the window waiting reads the next ones, in job
 * order, from the {@link JobSource}. Every job in memory has an id at most {@link #loadedUpTo}, except jobs given
 * back by {@code ferry queue retry} ({@link #revive}); a job stays known to the lane ({@link #present}) until the
 * record of its end is committed ({@link #finished}), so a read of the backlog never brings it in twice.
 */
final class Lane {
    /** A job and when it may be tried. */
    record Waiting(ForwardJob job, Instant readyAt) {
    }

    /** Where a lane with a backlog reads its next jobs: the journal. */
    interface JobSource {
        /** Up to {@code limit} pending jobs of {@code destination} with ids above {@code afterId}, by id. */
        List<Waiting> pendingAfter(String destination, long afterId, int limit) throws IOException;
    }

    /** A job taken by a worker, and whether it is the breaker's probe. */
    record Taken(ForwardJob job, boolean probe) {
    }

    private static final long LONGEST_WAIT_MILLIS = 1000;

    final String destination;
    private final Clock clock;
    private final int window;
    private final JobSource source;
    /** Jobs waiting or being delivered, by id: each in memory once. */
    private final Set<Long> present = new HashSet<>();
    /** The highest id of a job taken into memory from the commits or the backlog. */
    private long loadedUpTo;
    /** Whether the journal holds pending jobs above {@link #loadedUpTo} that are not in memory. */
    private boolean backlog;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparing(Waiting::readyAt).thenComparingLong(w -> w.job().id()));
    private int inFlight;
    private int failuresInRow;
    /** The jobs whose failures make up {@link #failuresInRow} (each counts once). */
    private final Set<Long> failedInRow = new HashSet<>();
    private Instant breakerOpenUntil;
    /** When the breaker opened, while it is open. */
    private Instant breakerOpenedAt;
    private boolean probing;
    private boolean closed;

    /** @param window the new jobs kept in memory at most (at least 2) */
    Lane(String destination, Clock clock, int window, JobSource source) {
        this.destination = destination;
        this.clock = clock;
        this.window = Math.max(2, window);
        this.source = source;
    }

    /** A job just committed: waits in memory, or in the journal only when the window is full. */
    synchronized void offer(ForwardJob job, Instant readyAt) {
        if (present.contains(job.id())) {
            return;
        }
        if (backlog || waiting.size() >= window) {
            backlog = true;
            return;
        }
        present.add(job.id());
        loadedUpTo = Math.max(loadedUpTo, job.id());
        waiting.add(new Waiting(job, readyAt));
        notifyAll();
    }

    /** A job of this lane back for another attempt (a retry, a probe, an abandoned delivery). */
    synchronized void requeue(ForwardJob job, Instant readyAt) {
        present.add(job.id());
        waiting.add(new Waiting(job, readyAt));
        notifyAll();
    }

    /** A failed job given back by {@code ferry queue retry}: waits in memory whatever the window. */
    synchronized void revive(ForwardJob job, Instant readyAt) {
        if (present.add(job.id())) {
            waiting.add(new Waiting(job, readyAt));
            notifyAll();
        }
    }

    /** The journal has the end of job {@code id} (delivered, or failed for good): the lane forgets it. */
    synchronized void finished(long id) {
        present.remove(id);
    }

    /** The journal holds pending jobs of this lane not read yet (at a start). */
    synchronized void backlog() {
        backlog = true;
        notifyAll();
    }

    /** Jobs in memory, waiting or being delivered. */
    synchronized int inMemory() {
        return present.size();
    }

    /** Reads the next jobs of the backlog while fewer than half the window wait; a failed read is tried later. */
    private void refill() {
        if (!backlog || waiting.size() >= window / 2) {
            return;
        }
        int limit = window - waiting.size();
        try {
            List<Waiting> read = source.pendingAfter(destination, loadedUpTo, limit);
            for (Waiting next : read) {
                loadedUpTo = Math.max(loadedUpTo, next.job().id());
                if (present.add(next.job().id())) {
                    waiting.add(next);
                }
            }
            backlog = read.size() == limit;
        } catch (IOException e) {
            // the journal cannot be read now: the jobs wait there, and the next take tries again
        }
    }

    /**
     * The next due job and up to {@code most - 1} more that are due now, in order, waiting for the first; only the
     * first when it is the breaker's probe. Empty once the lane is closed.
     */
    synchronized List<Taken> take(int most) throws InterruptedException {
        while (!closed) {
            refill();
            Instant now = clock.instant();
            boolean open = breakerOpenUntil != null;
            if (open && (probing || now.isBefore(breakerOpenUntil))) {
                waitUntil(probing ? null : breakerOpenUntil, now);
                continue;
            }
            Waiting head = waiting.peek();
            if (head != null && !head.readyAt().isAfter(now)) {
                List<Taken> taken = new ArrayList<>();
                probing = open;
                do {
                    taken.add(new Taken(waiting.poll().job(), open));
                    inFlight++;
                    if (waiting.isEmpty()) {
                        refill();
                    }
                    head = waiting.peek();
                } while (!open && taken.size() < most && head != null && !head.readyAt().isAfter(now));
                return taken;
            }
            waitUntil(head == null ? null : head.readyAt(), now);
        }
        return List.of();
    }

    private void waitUntil(Instant until, Instant now) throws InterruptedException {
        long millis = until == null ? LONGEST_WAIT_MILLIS
                : Math.max(1, Math.min(LONGEST_WAIT_MILLIS, Duration.between(now, until).toMillis()));
        wait(millis);
    }

    /** How a delivery ended, for the breaker. */
    enum Ended {
        /** The destination answered (it has the object, or refused it for good): the breaker closes. */
        ANSWERED,
        /** It did not work this time (connection refused, an abort, out of resources). */
        FAILED,
        /** Not carried to an end (the worker was stopped). */
        ABANDONED
    }

    /**
     * A delivery of this lane ended, of one job or of several in one exchange ({@link #take}). Failures of
     * {@link QueueConfig#breakerAfter()} different deliveries in a row (and every failed probe) open the breaker, for
     * a wait that grows with each failure past that; a batch that fails counts as one failure, as much as one object
     * that fails. A job failing again counts once: the retries of one object the destination keeps failing on (a
     * peer that aborts the association on it) do not open the breaker for the others.
     *
     * @param reason the failure's words, for the {@link DestinationDown} of a breaker that opens now
     * @return the breaker's change: {@link DestinationDown} when it opened, {@link DestinationRecovered} when it
     *         closed, else null
     */
    synchronized FerryEvent ended(List<Taken> taken, Ended how, QueueConfig config, String reason) {
        inFlight -= taken.size();
        probing = false;
        boolean counts = false;
        for (Taken each : taken) {
            if (how == Ended.FAILED && (each.probe() || failedInRow.add(each.job().id()))) {
                counts = true;
            }
        }
        FerryEvent change = null;
        Instant now = clock.instant();
        if (counts) {
            failuresInRow++;
            if (failuresInRow >= config.breakerAfter()) {
                Duration wait = config.waitAfter(failuresInRow - config.breakerAfter() + 1);
                if (breakerOpenUntil == null) {
                    breakerOpenedAt = now;
                    change = new DestinationDown(destination, reason, failuresInRow, wait);
                }
                breakerOpenUntil = now.plus(wait);
            }
        } else if (how == Ended.ANSWERED) {
            if (breakerOpenUntil != null) {
                change = new DestinationRecovered(destination, Duration.between(breakerOpenedAt, now));
            }
            failuresInRow = 0;
            failedInRow.clear();
            breakerOpenUntil = null;
            breakerOpenedAt = null;
        }
        notifyAll();
        return change;
    }

    /**
     * Makes the jobs waiting for a retry that {@code which} picks due now, and lets an open breaker's probe go now
     * ({@code ferry queue retry}); returns those jobs.
     */
    synchronized List<ForwardJob> dueNow(Predicate<ForwardJob> which) {
        Instant now = clock.instant();
        List<Waiting> later = new ArrayList<>();
        waiting.removeIf(w -> w.readyAt().isAfter(now) && which.test(w.job()) && later.add(w));
        later.forEach(w -> waiting.add(new Waiting(w.job(), now)));
        if (breakerOpenUntil != null && breakerOpenUntil.isAfter(now)) {
            breakerOpenUntil = now;
        }
        notifyAll();
        return later.stream().map(Waiting::job).toList();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** When the open breaker lets the next probe through, or null when it is closed. */
    synchronized Instant breakerOpenUntil() {
        return breakerOpenUntil;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
