package ferry.router.queue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The jobs of one destination that this node holds, waiting for their time, and its view of the destination's circuit
 * breaker. Workers {@link #take} the job that has been due longest (in arrival order, since a new job is due at once;
 * a job waiting for its retry is passed by the jobs due before its time); while the breaker is open, jobs wait
 * without attempts and one worker probes the destination with a job once the breaker's wait has passed (after the
 * queue claimed the probe for this node, {@link Breakers}). Thread-safe (its monitor).
 *
 * <p>At most {@code window} new jobs wait in memory: the journal holds every job, and a destination that is down
 * for a day gathers more of them than a bounded heap can keep. Past the window, new jobs stay in the journal only
 * (the lane has a backlog), and a worker that finds fewer than half the window waiting claims the next ones, in job
 * order, from the {@link JobSource} (outside the monitor: the claim is a journal write, and commits hand new jobs to
 * {@link #offer}). Every job in memory has an id at most {@link #loadedUpTo}, except jobs given back by {@code ferry
 * queue retry} ({@link #revive}); a job stays known to the lane ({@link #present}) until the record of its end is
 * committed ({@link #finished}), so a claim of the backlog never brings it in twice.
 */
final class Lane {
    /** A job and when it may be tried. */
    record Waiting(ForwardJob job, Instant readyAt) {
    }

    /** Where a lane with a backlog gets its next jobs: claimed in the journal. */
    interface JobSource {
        /** Claims up to {@code limit} pending jobs of {@code destination} with ids above {@code afterId}, by id. */
        List<Waiting> claimAfter(String destination, long afterId, int limit) throws IOException;
    }

    /** A job taken by a worker, and whether it is the breaker's probe. */
    record Taken(ForwardJob job, boolean probe) {
    }

    /** What an ended delivery does to the breaker; the queue records it in the journal ({@link Breakers}). */
    enum Step {
        /** Nothing changes. */
        NONE,
        /** Failures in a row reached the limit: the breaker opens, until {@link #breakerOpenUntil}. */
        OPEN,
        /** The probe failed: the breaker stays open, until {@link #breakerOpenUntil}. */
        PROBE_FAILED,
        /** The destination answered while the breaker was open: it closes. */
        CLOSE
    }

    private static final long LONGEST_WAIT_MILLIS = 1000;
    private static final long REFILL_AGAIN_NANOS = 1_000_000_000L;

    final String destination;
    private final Clock clock;
    private final int window;
    private final JobSource source;
    /** Jobs waiting or being delivered, by id: each in memory once. */
    private final Set<Long> present = new HashSet<>();
    /** The highest id of a job taken into memory from the commits or the backlog. */
    private long loadedUpTo;
    /** Whether the journal may hold jobs for this lane above {@link #loadedUpTo} that are not in memory. */
    private boolean backlog;
    /** Whether a worker is claiming jobs of the backlog now. */
    private boolean refilling;
    /** Jobs finished while a claim was under way: what it returns of them is not brought in again. */
    private final Set<Long> finishedWhileRefilling = new HashSet<>();
    /**
     * Jobs reached the journal's backlog while a claim was under way, which its answer may not hold: one committed
     * after the claim began, or a dead node's found by {@link #rewind}. The backlog then stays after the claim, and
     * the next claim starts after {@link #claimAgainAfter} at the latest.
     */
    private boolean backlogDuringClaim;
    private long claimAgainAfter = Long.MAX_VALUE;
    /** {@link System#nanoTime} before which a failed claim is not tried again. */
    private long refillAfter;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparing(Waiting::readyAt).thenComparingLong(w -> w.job().id()));
    private int inFlight;
    private int failuresInRow;
    /** The jobs whose failures make up {@link #failuresInRow} (each counts once). */
    private final Set<Long> failedInRow = new HashSet<>();
    /** When the open breaker lets the next probe through, or null while it is closed (as this node knows). */
    private Instant breakerOpenUntil;
    /** Whether this node's probe is under way. */
    private boolean probing;
    /** {@link System#nanoTime} of the last change of the breaker made here: an older read of it is out of date. */
    private long breakerChangedAt = System.nanoTime();
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
            backlogDuringClaim |= refilling;
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
        if (refilling) {
            finishedWhileRefilling.add(id);
        }
    }

    /** The journal holds pending jobs of this lane not read yet (at a start). */
    synchronized void backlog() {
        backlog = true;
        notifyAll();
    }

    /**
     * The journal holds jobs this node may claim from id {@code firstId} on (a dead node's, found by the queue's
     * look-out): the next claims start there.
     */
    synchronized void rewind(long firstId) {
        loadedUpTo = Math.min(loadedUpTo, firstId - 1);
        backlog = true;
        if (refilling) {
            backlogDuringClaim = true;
            claimAgainAfter = Math.min(claimAgainAfter, firstId - 1);
        }
        notifyAll();
    }

    /**
     * This node's leases passed before it could renew them: another node may hold any of the jobs waiting here now.
     * They are forgotten and claimed again (those being delivered finish).
     */
    synchronized void forgetWaiting() {
        waiting.forEach(w -> present.remove(w.job().id()));
        waiting.clear();
        loadedUpTo = 0;
        backlog = true;
        if (refilling) {
            backlogDuringClaim = true;
            claimAgainAfter = 0;
        }
        notifyAll();
    }

    /** The ids of the jobs in memory, waiting or being delivered: those whose leases the heartbeat renews. */
    synchronized List<Long> held() {
        return new ArrayList<>(present);
    }

    /** Jobs in memory, waiting or being delivered. */
    synchronized int inMemory() {
        return present.size();
    }

    /** A claim of the backlog a worker makes: after which id, how many at most. */
    private record Refill(long afterId, int limit) {
    }

    /** The claim of the backlog to make now, when fewer than half the window wait; marks it under way. */
    private Refill refillWanted() {
        if (!backlog || refilling || waiting.size() >= window / 2 || System.nanoTime() - refillAfter < 0) {
            return null;
        }
        refilling = true;
        return new Refill(loadedUpTo, window - waiting.size());
    }

    /** Brings in what {@code refill} claimed; null when the claim failed (tried again a second later). */
    private synchronized void refilled(Refill refill, List<Waiting> claimed) {
        refilling = false;
        if (claimed == null) {
            refillAfter = System.nanoTime() + REFILL_AGAIN_NANOS;
        } else {
            for (Waiting next : claimed) {
                loadedUpTo = Math.max(loadedUpTo, next.job().id());
                if (!finishedWhileRefilling.contains(next.job().id()) && present.add(next.job().id())) {
                    waiting.add(next);
                }
            }
            backlog = claimed.size() == refill.limit();
        }
        if (backlogDuringClaim) {
            backlog = true;
            loadedUpTo = Math.min(loadedUpTo, claimAgainAfter);
        }
        backlogDuringClaim = false;
        claimAgainAfter = Long.MAX_VALUE;
        finishedWhileRefilling.clear();
        notifyAll();
    }

    /**
     * The next due job and up to {@code most - 1} more that are due now, in order, waiting for the first; only the
     * first when it is the breaker's probe. Empty once the lane is closed. The backlog is claimed outside the
     * monitor: the claim waits for a journal commit, and commits hand new jobs to {@link #offer}.
     */
    List<Taken> take(int most) throws InterruptedException {
        while (true) {
            Refill refill;
            synchronized (this) {
                if (closed) {
                    return List.of();
                }
                refill = refillWanted();
                if (refill == null) {
                    List<Taken> taken = takeDue(most);
                    if (!taken.isEmpty()) {
                        return taken;
                    }
                    continue;
                }
            }
            List<Waiting> claimed = null;
            try {
                claimed = source.claimAfter(destination, refill.afterId(), refill.limit());
            } catch (IOException | RuntimeException e) {
                // the journal cannot be written now: the jobs wait there, and a take a second later tries again
            } finally {
                refilled(refill, claimed);
            }
        }
    }

    /** The due jobs {@link #take} returns, or none after waiting a while for one. */
    private List<Taken> takeDue(int most) throws InterruptedException {
        Instant now = clock.instant();
        boolean open = breakerOpenUntil != null;
        if (open && (probing || now.isBefore(breakerOpenUntil))) {
            waitUntil(probing ? null : breakerOpenUntil, now);
            return List.of();
        }
        Waiting head = waiting.peek();
        if (head == null || head.readyAt().isAfter(now)) {
            waitUntil(head == null ? null : head.readyAt(), now);
            return List.of();
        }
        List<Taken> taken = new ArrayList<>();
        probing = open;
        do {
            taken.add(new Taken(waiting.poll().job(), open));
            inFlight++;
            head = waiting.peek();
        } while (!open && taken.size() < most && head != null && !head.readyAt().isAfter(now));
        return taken;
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
     * What a delivery that ended does to the breaker.
     *
     * @param step      the change
     * @param failures  the failures in a row, as this node counted them
     * @param openFor   how long the breaker stays open (for {@link Step#OPEN} and {@link Step#PROBE_FAILED})
     * @param openUntil when the next probe may go
     */
    record BreakerStep(Step step, int failures, Duration openFor, Instant openUntil) {
        static final BreakerStep NONE = new BreakerStep(Step.NONE, 0, Duration.ZERO, null);
    }

    /**
     * A delivery of this lane ended, of one job or of several in one exchange ({@link #take}). Failures of
     * {@link QueueConfig#breakerAfter()} different deliveries in a row (and every failed probe) open the breaker, for
     * a wait that grows with each failure past that; a batch that fails counts as one failure, as much as one object
     * that fails. A job failing again counts once: the retries of one object the destination keeps failing on (a
     * peer that aborts the association on it) do not open the breaker for the others. The lane acts on the step at
     * once; the queue records it for every node ({@link Breakers}).
     */
    synchronized BreakerStep ended(List<Taken> taken, Ended how, QueueConfig config) {
        inFlight -= taken.size();
        boolean probe = taken.get(0).probe();
        if (probe) {
            probing = false;
        }
        boolean counts = false;
        for (Taken each : taken) {
            if (how == Ended.FAILED && (each.probe() || failedInRow.add(each.job().id()))) {
                counts = true;
            }
        }
        BreakerStep step = BreakerStep.NONE;
        Instant now = clock.instant();
        if (counts) {
            failuresInRow++;
            if (probe) {
                // a probe of a breaker another node opened counts as the failures that opened it
                failuresInRow = Math.max(failuresInRow, config.breakerAfter());
            }
            if (failuresInRow >= config.breakerAfter()) {
                Duration wait = config.waitAfter(failuresInRow - config.breakerAfter() + 1);
                Step change = probe ? Step.PROBE_FAILED : breakerOpenUntil == null ? Step.OPEN : Step.NONE;
                breakerOpenUntil = now.plus(wait);
                breakerChangedAt = System.nanoTime();
                step = new BreakerStep(change, failuresInRow, wait, breakerOpenUntil);
            }
        } else if (how == Ended.ANSWERED) {
            if (breakerOpenUntil != null || probe) {
                step = new BreakerStep(Step.CLOSE, failuresInRow, Duration.ZERO, null);
            }
            closeBreaker();
        }
        notifyAll();
        return step;
    }

    private void closeBreaker() {
        failuresInRow = 0;
        failedInRow.clear();
        breakerOpenUntil = null;
        breakerChangedAt = System.nanoTime();
    }

    /**
     * The probe {@code taken} may not go (another node probes, or the breaker closed meanwhile): its job waits again,
     * and the breaker lets the next probe through at {@code nextProbe} (null: it is closed).
     */
    synchronized void probeRefused(Taken taken, Instant nextProbe) {
        inFlight--;
        probing = false;
        waiting.add(new Waiting(taken.job(), clock.instant()));
        breakerIs(nextProbe);
    }

    /** The breaker as the journal has it now: its next probe at {@code nextProbe}, or closed (null). */
    synchronized void breakerIs(Instant nextProbe) {
        if (nextProbe == null) {
            if (breakerOpenUntil != null) {
                closeBreaker();
            }
        } else {
            breakerOpenUntil = nextProbe;
            breakerChangedAt = System.nanoTime();
        }
        notifyAll();
    }

    /**
     * The breaker as a read of the journal begun at {@code readAt} ({@link System#nanoTime}) found it: taken unless
     * this node changed it since, or probes it now.
     */
    synchronized void breakerSeen(Instant nextProbe, long readAt) {
        if (probing || readAt - breakerChangedAt < 0 || Objects.equals(nextProbe, breakerOpenUntil)) {
            return;
        }
        breakerIs(nextProbe);
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
            breakerChangedAt = System.nanoTime();
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
