package ferry.router.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The jobs of one destination waiting for their time, and its circuit breaker. Workers {@link #take} the next job
 * that is due; while the breaker is open, jobs wait without attempts and one worker at a time probes the
 * destination with a job once the breaker's wait has passed. Thread-safe (its monitor).
 */
final class Lane {
    /** A job and when it may be tried. */
    private record Waiting(ForwardJob job, Instant readyAt) {
    }

    /** A job taken by a worker, and whether it is the breaker's probe. */
    record Taken(ForwardJob job, boolean probe) {
    }

    private static final long LONGEST_WAIT_MILLIS = 1000;

    final String destination;
    private final Clock clock;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparing(Waiting::readyAt).thenComparingLong(w -> w.job().id()));
    private int inFlight;
    private int failuresInRow;
    private Instant breakerOpenUntil;
    private boolean probing;
    private boolean closed;

    Lane(String destination, Clock clock) {
        this.destination = destination;
        this.clock = clock;
    }

    synchronized void add(ForwardJob job, Instant readyAt) {
        waiting.add(new Waiting(job, readyAt));
        notifyAll();
    }

    /** The next due job, waiting for one; null once the lane is closed. */
    synchronized Taken take() throws InterruptedException {
        while (!closed) {
            Instant now = clock.instant();
            boolean open = breakerOpenUntil != null;
            if (open && (probing || now.isBefore(breakerOpenUntil))) {
                waitUntil(probing ? null : breakerOpenUntil, now);
                continue;
            }
            Waiting head = waiting.peek();
            if (head != null && !head.readyAt().isAfter(now)) {
                waiting.poll();
                inFlight++;
                probing = open;
                return new Taken(head.job(), open);
            }
            waitUntil(head == null ? null : head.readyAt(), now);
        }
        return null;
    }

    private void waitUntil(Instant until, Instant now) throws InterruptedException {
        long millis = until == null ? LONGEST_WAIT_MILLIS
                : Math.max(1, Math.min(LONGEST_WAIT_MILLIS, Duration.between(now, until).toMillis()));
        wait(millis);
    }

    /**
     * A delivery of this lane ended; {@code failed} when the destination did not answer usefully (a temporary
     * failure). {@code breakerAfter} failures in a row open the breaker for {@code breakerWait}.
     */
    synchronized void ended(boolean failed, int breakerAfter, Duration breakerWait) {
        inFlight--;
        probing = false;
        if (failed) {
            failuresInRow++;
            if (failuresInRow >= breakerAfter) {
                breakerOpenUntil = clock.instant().plus(breakerWait);
            }
        } else {
            failuresInRow = 0;
            breakerOpenUntil = null;
        }
        notifyAll();
    }

    /** Failures in a row since the last success (for the breaker's growing wait). */
    synchronized int failuresInRow() {
        return failuresInRow;
    }

    synchronized int waitingCount() {
        return waiting.size();
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
