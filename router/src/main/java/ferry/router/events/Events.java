package ferry.router.events;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link FerryEvent}s to the {@link EventListener}s registered, in the order they were registered, on the
 * publishing thread. Publishing takes no lock and allocates nothing: the listeners are an array replaced as a whole
 * when one is added (listeners are added at the start, before anything is published). A listener that throws is
 * logged and skipped for that event only; the publisher and the other listeners go on, so a broken observer never
 * breaks receiving. Thread-safe.
 */
public final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    /** One line at most this often about listeners that throw, with the count of those not logged. */
    private static final long FAILURE_LOG_EVERY_NANOS = 60_000_000_000L;

    private volatile EventListener[] listeners = new EventListener[0];
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastFailureLogged = new AtomicLong(System.nanoTime() - FAILURE_LOG_EVERY_NANOS);
    private long failuresLogged;

    /** Adds {@code listener}: it hears every event published from now on. */
    public synchronized void listen(EventListener listener) {
        EventListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
    }

    /** Tells every listener of {@code event}. Never throws for what a listener does. */
    public void publish(FerryEvent event) {
        for (EventListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException | LinkageError e) {
                failed(listener, event, e);
            }
        }
    }

    /** Listener failures since the start (each logged or counted in a later line). */
    public long failures() {
        return failures.get();
    }

    private void failed(EventListener listener, FerryEvent event, Throwable e) {
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFailureLogged.get();
        if (now - last >= FAILURE_LOG_EVERY_NANOS && lastFailureLogged.compareAndSet(last, now)) {
            long unlogged;
            synchronized (this) {
                unlogged = count - 1 - failuresLogged;
                failuresLogged = count;
            }
            LOG.warn("an observer of Ferry's events ({}) failed on {}; what it observes may be incomplete, nothing"
                    + " else is affected{}", listener.getClass().getName(), event.getClass().getSimpleName(),
                    unlogged > 0 ? " (" + unlogged + " more failure(s) since the last such line)" : "", e);
        }
    }
}
