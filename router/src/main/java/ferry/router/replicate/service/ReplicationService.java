package ferry.router.replicate.service;

import ferry.router.journal.DurabilityPolicy;
import ferry.router.queue.QueueConfig;
import ferry.router.replicate.Replication;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.replicate.ReplicationReport;
import ferry.router.replicate.Replicator;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code replications:} of a running Ferry, each on a thread of its own: opened, then followed (or passed over
 * every {@code relist}); when an end cannot be used or the record cannot be written, the reason is logged and shown
 * by {@code ferry status}, and the replication is opened again after the queue's growing waits.
 */
public final class ReplicationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);

    private final List<Runner> runners = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param work  the replications' work folder
     * @param rules the queue rules of a destination, by its name
     */
    public ReplicationService(List<ReplicationConfig> replications, Endpoints endpoints, Path work,
                              Function<String, QueueConfig> rules, DurabilityPolicy policy, Clock clock) {
        for (ReplicationConfig settings : replications) {
            runners.add(new Runner(settings, endpoints, work, rules.apply(settings.to()), policy, clock));
        }
    }

    /** Starts every replication. */
    public void start() {
        for (Runner runner : runners) {
            Thread thread = new Thread(runner, "ferry-replication-" + runner.settings.name());
            thread.setDaemon(true);
            runner.thread = thread;
            thread.start();
        }
    }

    /** A line per replication for {@code ferry status}: its ends, what it does, its counts, its last problem. */
    public List<String> status() {
        return runners.stream().map(Runner::status).toList();
    }

    /** Stops every replication: copies on their way finish or are abandoned, the records are written out. */
    @Override
    public void close() {
        running = false;
        for (Runner runner : runners) {
            Replicator replicator = runner.replicator;
            if (replicator != null) {
                replicator.stop();
            }
        }
        for (Runner runner : runners) {
            if (runner.thread != null) {
                try {
                    runner.thread.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One replication's thread. */
    private final class Runner implements Runnable {
        private final ReplicationConfig settings;
        private final Endpoints endpoints;
        private final Path work;
        private final QueueConfig rules;
        private final DurabilityPolicy policy;
        private final Clock clock;
        private volatile Thread thread;
        private volatile Replicator replicator;
        private volatile String described;
        private volatile String doing = "starting";
        private volatile String problem;
        private volatile Instant problemSince;

        Runner(ReplicationConfig settings, Endpoints endpoints, Path work, QueueConfig rules, DurabilityPolicy policy,
               Clock clock) {
            this.settings = settings;
            this.endpoints = endpoints;
            this.work = work;
            this.rules = rules;
            this.policy = policy;
            this.clock = clock;
        }

        @Override
        public void run() {
            int failures = 0;
            while (running) {
                try (Replication replication = Replication.open(settings, endpoints, work, rules, policy, clock)) {
                    described = replication.describe();
                    replicator = replication.replicator();
                    Replicator.Progress progress = new Progress();
                    if (settings.follow()) {
                        doing = "following";
                        replicator.follow(settings.query(), settings.poll(), settings.relist(), () -> running,
                                progress);
                    } else {
                        doing = "passing";
                        ReplicationReport report = replicator.pass(settings.query(), false, progress);
                        LOG.info("replication {}: {}", settings.name(), report.summary(false));
                        doing = "waiting for the next pass (every " + settings.relist() + ")";
                        problem = null;
                        failures = 0;
                        sleep(settings.relist());
                    }
                } catch (IOException | RuntimeException e) {
                    failures++;
                    problem = e.getMessage() == null ? e.toString() : e.getMessage();
                    if (problemSince == null) {
                        problemSince = clock.instant();
                    }
                    doing = "failing";
                    LOG.warn("replication {}: {} (tried again in {})", settings.name(), problem,
                            rules.waitAfter(failures));
                    sleep(rules.waitAfter(failures));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sleep(Duration duration) {
            long until = System.nanoTime() + duration.toNanos();
            while (running && System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        String status() {
            Replicator current = replicator;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s %s, %s", settings.name(),
                    described == null ? settings.from() + " → " + settings.to() : described, doing));
            if (current != null) {
                ReplicationReport report = current.report();
                line.append(String.format(Locale.ROOT, "; %,d present, %,d copied, %,d failed since %s",
                        report.present(), report.copied(), report.failed(),
                        clock.instant().minus(report.elapsed()).toString()));
            }
            if (problem != null) {
                line.append("; since ").append(problemSince).append(": ").append(problem);
            }
            return line.toString();
        }

        /** Logs what fails; clears the problem once copies go through again. */
        private final class Progress implements Replicator.Progress {
            @Override
            public void changed(ReplicationReport soFar) {
                if (problem != null && soFar.handled() > 0) {
                    problem = null;
                    problemSince = null;
                }
            }

            @Override
            public void failed(SourceInstance instance, String reason) {
                LOG.warn("replication {}: {}{}", settings.name(), instance == null ? "" : instance.sopInstanceUid()
                        + " failed: ", reason);
            }

            @Override
            public void note(String message) {
                LOG.warn("replication {}: {}", settings.name(), message);
            }
        }
    }
}
