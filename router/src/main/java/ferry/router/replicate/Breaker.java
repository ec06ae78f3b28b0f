package ferry.router.replicate;

import ferry.router.queue.QueueConfig;
import java.time.Clock;

/**
 * The circuit breaker of one replication's copies, by the forwarding queue's rules (docs/forwarding.md): after
 * {@code breaker-after} failures in a row the breaker opens, copies wait, and one at a time probes after the queue's
 * growing waits; the first success closes it. Thread-safe.
 */
final class Breaker {
    private final QueueConfig rules;
    private final Clock clock;
    private int failuresInARow;
    private boolean open;
    private boolean probing;
    private int probes;
    private long nextProbeAt;

    Breaker(QueueConfig rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** Waits while the breaker is open, until this thread may try (as the probe, when it is open). */
    synchronized void awaitTurn() throws InterruptedException {
        while (open && (probing || clock.millis() < nextProbeAt)) {
            wait(probing ? 1000 : Math.max(1, Math.min(1000, nextProbeAt - clock.millis())));
        }
        if (open) {
            probing = true;
        }
    }

    /** A copy went through (or the destination answered): closes the breaker. */
    synchronized void succeeded() {
        failuresInARow = 0;
        open = false;
        probing = false;
        probes = 0;
        notifyAll();
    }

    /** A copy failed for a reason that may pass. */
    synchronized void failed() {
        failuresInARow++;
        if (open) {
            probing = false;
            probes++;
            nextProbeAt = clock.millis() + rules.waitAfter(probes).toMillis();
        } else if (failuresInARow >= rules.breakerAfter()) {
            open = true;
            probes = 1;
            nextProbeAt = clock.millis() + rules.waitAfter(probes).toMillis();
        }
        notifyAll();
    }

    synchronized boolean isOpen() {
        return open;
    }
}
