package ferry.router.cluster;

import ferry.router.journal.Journal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's heartbeat and load every period, and runs what must follow it on every beat: the renewal of
 * the node's leases and the look for work other nodes left (docs/cluster.md). A failed beat is logged and the next
 * one tries again; the node's leases lapse only after {@code cluster.lease} without one.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    /** Work that runs after each beat (renewing leases, taking over what a dead node left). */
    @FunctionalInterface
    public interface OnBeat {
        void run() throws Exception;
    }

    private final ScheduledExecutorService timer;

    private Heartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts beating every {@code period}, the first beat at once.
     *
     * @param node    this node's name in the database
     * @param version the Ferry version it runs
     * @param load    what it is doing, read at each beat
     * @param onBeat  what runs after each beat, in order
     */
    public static Heartbeat start(Journal journal, String node, String version, Supplier<NodeLoad> load,
                                  Duration period, Clock clock, List<OnBeat> onBeat) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        Runnable beat = () -> {
            try {
                journal.write(NodeRegistry.beat(node, clock.instant(), version, load.get()));
            } catch (Exception e) {
                LOG.warn("heartbeat of node {} not written: {}", node, e.getMessage());
                return;
            }
            for (OnBeat work : onBeat) {
                try {
                    work.run();
                } catch (Exception e) {
                    LOG.warn("after the heartbeat of node {}: {}", node, e.getMessage(), e);
                }
            }
        };
        timer.scheduleWithFixedDelay(beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return new Heartbeat(timer);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
