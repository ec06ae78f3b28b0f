package ferry.router.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the blocked reads and writes of connections that made no progress for their time limit: one daemon thread,
 * started with the first connection watched, looks at the connections in use every {@value #TICK_MILLIS} ms and
 * closes those whose deadline passed ({@link Connection#expireIfOverdue}); it sleeps while none is in use.
 */
final class Watchdog {
    static final long TICK_MILLIS = 100;
    private static final Set<Connection> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread;

    private Watchdog() {
    }

    static void watch(Connection connection) {
        WATCHED.add(connection);
        Thread running;
        synchronized (Watchdog.class) {
            if (thread == null) {
                thread = new Thread(Watchdog::run, "ferry-http-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
            running = thread;
        }
        LockSupport.unpark(running);
    }

    static void unwatch(Connection connection) {
        WATCHED.remove(connection);
    }

    private static void run() {
        while (true) {
            if (WATCHED.isEmpty()) {
                LockSupport.park();
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            }
            long now = System.nanoTime();
            for (Connection connection : WATCHED) {
                connection.expireIfOverdue(now);
            }
        }
    }
}
