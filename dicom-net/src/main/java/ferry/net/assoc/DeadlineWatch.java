package ferry.net.assoc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread for a {@link DicomServer} that looks at the {@link UnitDeadline} of each of its connections every
 * {@value #TICK_MILLIS} ms and ends those whose deadline has passed. It is the only thread the time limits need; the
 * reading threads do nothing per read for them.
 */
final class DeadlineWatch implements AutoCloseable {
    static final long TICK_MILLIS = 100;

    private final Set<UnitDeadline> watched = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    DeadlineWatch(String name) {
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void watch(UnitDeadline deadline) {
        watched.add(deadline);
    }

    void forget(UnitDeadline deadline) {
        watched.remove(deadline);
    }

    private void run() {
        long tick = Duration.ofMillis(TICK_MILLIS).toNanos();
        while (!closed) {
            long now = System.nanoTime();
            for (UnitDeadline deadline : watched) {
                String why = deadline.overdue(now);
                if (why != null && watched.remove(deadline)) {
                    deadline.expire(why);
                }
            }
            LockSupport.parkNanos(tick);
        }
    }

    /** Stops watching and closes the connections that are not yet associations. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        watched.forEach(UnitDeadline::closeIfPending);
    }
}
