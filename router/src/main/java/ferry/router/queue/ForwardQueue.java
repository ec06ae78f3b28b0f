package ferry.router.queue;

import ferry.router.database.SqlDialect;
import ferry.router.edit.TagEdit;
import ferry.router.events.Events;
import ferry.router.events.FerryEvent;
import ferry.router.events.ForwardDelivered;
import ferry.router.events.ForwardFailed;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable forwarding queue: one job per (object, destination) in the journal's database, written in the same
 * transaction that finishes the object, so an acknowledged object is either still to be carried out or has its jobs
 * (a {@code kill -9} loses nothing). Each destination has a {@link Lane} and up to {@link Destination#maxParallel()}
 * worker threads, each taking up to {@link Destination#batchSize()} due jobs at once (one exchange for a destination
 * that takes batches, such as a Splunk HTTP Event Collector); a failed delivery is retried after a doubling, jittered wait, a destination that keeps failing
 * has its circuit breaker opened, and after {@link QueueConfig#attempts()} failures (or a rejection) a job is
 * failed and kept with its reason, its file kept for {@link QueueConfig#retention()}. The spool file of an object
 * is released once every job of it is done (relay): deleted, or reused by the spool for a later object. Delivery is
 * at least once: a crash between a delivery and its record delivers again, and destinations count duplicates as
 * success, or (a JSON lines file) find what they wrote before the crash by the job's id. See docs/architecture.md
 * (section "The path of one C-STORE", steps 12 to 14).
 *
 * <p>Where several nodes share the database (PostgreSQL) a job is claimed, not owned: written claimed by the node
 * that received the object, claimed by another only once its lease passed (and only with shared storage), renewed by
 * {@link #heartbeat}; the breakers are the database's, one for the cluster ({@link ClaimSettings}, docs/cluster.md).
 */
public final class ForwardQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardQueue.class);
    private static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(10);
    /** How old the breakers' state of other nodes is at most, here. */
    private static final Duration BREAKER_WATCH_EVERY = Duration.ofSeconds(1);

    /** A destination an object goes to, by a route. */
    public record Target(String route, String destination) {
    }

    /**
     * What becomes of a spool file once no job needs it: deleted, or given back to the spool to be reused (which
     * only removes its name when a store folder or a folder destination linked it: docs/forwarding.md).
     */
    @FunctionalInterface
    public interface FileRelease {
        void release(Path file) throws IOException;
    }

    /**
     * The jobs of one object, prepared: {@link #work()} writes them (commit it with the object's finish), then
     * {@link #afterCommit()} hands them to their lanes; {@link #ids()} gives their ids once written.
     */
    public record Prepared(JournalWork work, Runnable afterCommit, Supplier<List<Long>> ids) {
    }

    /** New jobs of a destination kept in memory at most: about 0.5 MB of them. */
    public static final int JOBS_IN_MEMORY = 1000;

    private final Journal journal;
    private final JobStore store = new JobStore();
    private final ClaimSettings claims;
    private final Leases leases;
    private final Breakers breakers;
    private final int jobsInMemory;
    private final Supplier<Map<String, Destination>> destinations;
    private final Function<String, QueueConfig> settings;
    private final JobDelivery jobDelivery;
    private final Path workDirectory;
    private final FileRelease release;
    private final Clock clock;
    private final Events events;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final QueueCommands commands;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Removes delivered files after their record commits, off the committing thread (a receiver, at process). */
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ferry-queue-cleaner");
        thread.setDaemon(true);
        return thread;
    });
    private Thread maintenance;
    private Thread breakerWatch;

    /**
     * @param destinations  the configured destinations by name (reload swaps them)
     * @param settings      the queue settings of a destination
     * @param edits         the edits of (route, destination), applied to a copy before each delivery
     * @param workDirectory where edited copies are written (on the spool's file system)
     * @param release       called with each file no job needs any more, once that is committed
     * @param jobsInMemory  new jobs of a destination kept in memory at most ({@link #JOBS_IN_MEMORY}); the others
     *                      wait in the journal only, and are read from it as those in memory go
     * @param events        told of each delivery ({@link ForwardDelivered}), failed attempt ({@link ForwardFailed})
     *                      and circuit breaker that opens or closes ({@code DestinationDown}, {@code
     *                      DestinationRecovered})
     * @param claims        how this node claims jobs where several share the database ({@link #heartbeat})
     */
    public ForwardQueue(Journal journal, Supplier<Map<String, Destination>> destinations,
                        Function<String, QueueConfig> settings, BiFunction<String, String, List<TagEdit>> edits,
                        Path workDirectory, FileRelease release, Clock clock, int jobsInMemory, Events events,
                        ClaimSettings claims) {
        this.journal = journal;
        this.claims = claims;
        this.leases = new Leases(journal, store, claims, clock);
        this.breakers = new Breakers(journal, claims.lease(), clock);
        this.events = events;
        this.jobsInMemory = jobsInMemory;
        this.destinations = destinations;
        this.settings = settings;
        this.jobDelivery = new JobDelivery(destinations, edits, workDirectory);
        this.workDirectory = workDirectory;
        this.release = release;
        this.clock = clock;
        this.commands = new QueueCommands(journal, store, destinations, settings, lanes, this::lane, release, clock,
                claims, breakers);
    }

    /** {@link #ForwardQueue(Journal, Supplier, Function, BiFunction, Path, FileRelease, Clock, int, Events,
     * ClaimSettings)} of one node on its own ({@link ClaimSettings#ONE_NODE}). */
    public ForwardQueue(Journal journal, Supplier<Map<String, Destination>> destinations,
                        Function<String, QueueConfig> settings, BiFunction<String, String, List<TagEdit>> edits,
                        Path workDirectory, FileRelease release, Clock clock, int jobsInMemory, Events events) {
        this(journal, destinations, settings, edits, workDirectory, release, clock, jobsInMemory, events,
                ClaimSettings.ONE_NODE);
    }

    /**
     * Starts delivering, first the jobs a previous run left pending: each destination's lane claims them in the
     * journal as it needs them, never all at once (those this node held before it stopped at once, whatever their
     * leases; others' once theirs have passed, docs/cluster.md).
     */
    public void start() throws IOException {
        Files.createDirectories(workDirectory);
        leases.started();
        String node = journal.database().node();
        Map<String, Long> pending = journal.read(connection -> store.pendingByDestination(connection, node, claims));
        pending.keySet().forEach(destination -> lane(destination).backlog());
        long total = pending.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            LOG.info("forwarding queue: {} job(s) from before the restart", total);
        }
        maintenance = new Thread(this::maintain, "ferry-queue-maintenance");
        maintenance.setDaemon(true);
        maintenance.start();
        breakerWatch = new Thread(this::watchBreakers, "ferry-queue-breakers");
        breakerWatch.setDaemon(true);
        breakerWatch.start();
    }

    /**
     * This node's heartbeat, where several nodes share the database (PostgreSQL; nothing on SQLite): renews the
     * leases of the jobs this node holds in memory, in one statement, and looks for jobs it may claim that no live
     * node holds (a dead node's, with shared storage; a job {@code ferry queue retry} gave back to this node's
     * spool), which its lanes then claim. Call it at every heartbeat, well within {@link ClaimSettings#lease}: a node
     * whose leases have less than a third of their time left starts no delivery (another node may soon take its
     * jobs); one whose leases passed forgets its waiting jobs and claims them again.
     */
    public void heartbeat() throws IOException {
        leases.heartbeat(lanes.values(), this::lane);
    }

    /**
     * Those of {@code files} that a pending or failed job still needs (a start must not remove them); asked a few
     * hundred at a time, so a long queue is never read into memory whole.
     */
    public Set<Path> inUseAmong(List<Path> files) throws IOException {
        return journal.read(connection -> store.inUseAmong(connection, files));
    }

    /** Jobs for {@code record} (journal id {@code objectId}) to each target, to be committed with its finish. */
    public Prepared prepare(long objectId, ReceivedRecord record, List<Target> targets) {
        Instant now = clock.instant();
        List<ForwardJob> jobs = new ArrayList<>();
        for (Target target : targets) {
            jobs.add(new ForwardJob(0, objectId, target.route(), target.destination(),
                    record.spoolFile().toAbsolutePath(), record.sopClassUid(), record.sopInstanceUid(),
                    record.transferSyntaxUid(), record.callingAeTitle(), record.studyInstanceUid(), 0, now));
        }
        List<ForwardJob> written = new ArrayList<>();
        Instant leaseUntil = now.plus(claims.lease());
        JournalWork work = transaction -> {
            written.clear();
            written.addAll(store.insert(transaction, jobs, leaseUntil));
        };
        return new Prepared(work, () -> written.forEach(job -> lane(job.destination()).offer(job, now)),
                () -> written.stream().map(ForwardJob::id).toList());
    }

    private Lane lane(String destination) {
        return lanes.computeIfAbsent(destination, name -> {
            Lane lane = new Lane(name, clock, jobsInMemory, this::claim);
            Destination configured = destinations.get().get(name);
            int threads = configured == null ? 1 : Math.max(1, configured.maxParallel());
            synchronized (workers) {
                for (int i = 0; i < threads; i++) {
                    Thread worker = new Thread(() -> work(lane), "ferry-forward-" + name + "-" + i);
                    worker.setDaemon(true);
                    workers.add(worker);
                    worker.start();
                }
            }
            return lane;
        });
    }

    /**
     * Claims for this node the next jobs of {@code destination} ({@link Lane.JobSource}); on SQLite, where the one
     * node holds every job, reads them without a write.
     */
    private List<Lane.Waiting> claim(String destination, long afterId, int limit) throws IOException {
        Instant now = clock.instant();
        if (journal.database().dialect() == SqlDialect.SQLITE) {
            return journal.read(connection -> store.claimable(connection, journal.database().node(), destination,
                    afterId, limit, claims, now));
        }
        List<Lane.Waiting> claimed = new ArrayList<>();
        journal.write(transaction -> {
            claimed.clear();
            claimed.addAll(store.claim(transaction, destination, afterId, limit, claims, now));
        });
        return claimed;
    }

    private void work(Lane lane) {
        while (!closed.get()) {
            Destination destination = destinations.get().get(lane.destination);
            List<Lane.Taken> taken;
            try {
                taken = lane.take(destination == null ? 1 : Math.max(1, destination.batchSize()));
            } catch (InterruptedException e) {
                return;
            }
            if (taken.isEmpty()) {
                return;
            }
            QueueConfig config = settings.apply(lane.destination);
            if (!leases.held()) {
                // another node may soon take these jobs: they wait until the heartbeat renews the leases
                Instant later = clock.instant().plusSeconds(1);
                taken.forEach(t -> lane.requeue(t.job(), later));
                lane.ended(taken, Lane.Ended.ABANDONED, config);
                continue;
            }
            if (taken.get(0).probe() && !breakers.claimProbe(lane, taken.get(0))) {
                continue;
            }
            List<Delivery> deliveries;
            try {
                deliveries = jobDelivery.deliverAll(taken.stream().map(Lane.Taken::job).toList());
            } catch (InterruptedException e) {
                taken.forEach(t -> lane.requeue(t.job(), clock.instant()));
                lane.ended(taken, Lane.Ended.ABANDONED, config);
                return;
            }
            // a rejection is an answer too: the object is refused for good, the destination works
            boolean allFailed = deliveries.stream().allMatch(d -> d.result() == Delivery.Result.FAILED);
            Lane.BreakerStep step = lane.ended(taken, allFailed ? Lane.Ended.FAILED : Lane.Ended.ANSWERED, config);
            FerryEvent breaker = breakers.record(lane, step, deliveries.get(0).detail());
            if (breaker != null) {
                events.publish(breaker);
            }
            for (int i = 0; i < taken.size(); i++) {
                record(lane, taken.get(i), deliveries.get(i), config);
            }
        }
    }

    private void record(Lane lane, Lane.Taken taken, Delivery delivery, QueueConfig config) {
        ForwardJob job = taken.job();
        Instant now = clock.instant();
        try {
            if (delivery.done()) {
                events.publish(new ForwardDelivered(job.destination(), job.route(), job.id(), job.attempts() + 1,
                        delivery.result() == Delivery.Result.ALREADY_THERE));
                recordDone(lane, job, delivery, now);
                return;
            }
            if (delivery.result() == Delivery.Result.REJECTED) {
                LOG.error("forwarding {} to {} failed for good: {}", job.sopInstanceUid(), job.destination(),
                        delivery.detail());
                failed(job, job.attempts() + 1, delivery, ForwardFailed.Next.REJECTED);
                fail(job, delivery.detail(), now);
                lane.finished(job.id());
                return;
            }
            if (taken.probe()) {
                // the breaker's probe: the destination is still down; the job keeps its attempts
                failed(job, job.attempts(), delivery, ForwardFailed.Next.PROBE_AGAIN);
                lane.requeue(job, now);
                LOG.warn("destination {} still fails ({}); next probe in {} s", job.destination(), delivery.detail(),
                        Duration.between(now, lane.breakerOpenUntil() == null ? now : lane.breakerOpenUntil())
                                .toSeconds());
                journal.write(transaction -> store.postpone(transaction, job.id(), now, delivery.detail()));
                return;
            }
            ForwardJob again = job.failedOnceMore();
            if (again.attempts() >= config.attempts()) {
                LOG.error("forwarding {} to {} given up after {} attempts: {}", job.sopInstanceUid(),
                        job.destination(), again.attempts(), delivery.detail());
                failed(job, again.attempts(), delivery, ForwardFailed.Next.GIVEN_UP);
                fail(job, delivery.detail() + " (after " + again.attempts() + " attempts)", now);
                lane.finished(job.id());
                return;
            }
            Duration wait = jittered(config.waitAfter(again.attempts()));
            Instant next = now.plus(wait);
            failed(job, again.attempts(), delivery, ForwardFailed.Next.RETRY);
            LOG.warn("forwarding {} to {} failed (attempt {}), again in {} ms: {}", job.sopInstanceUid(),
                    job.destination(), again.attempts(), wait.toMillis(), delivery.detail());
            journal.write(transaction -> store.retry(transaction, job.id(), next, delivery.detail()));
            lane.requeue(again, next);
        } catch (IOException | IllegalStateException e) {
            LOG.error("forwarding job {}: its result could not be recorded (it is tried again after a restart): {}",
                    job.id(), e.getMessage());
        }
    }

    private void failed(ForwardJob job, int attempts, Delivery delivery, ForwardFailed.Next next) {
        events.publish(new ForwardFailed(job.destination(), job.route(), job.id(), attempts, delivery.detail(), next));
    }

    /**
     * Records a delivered job without waiting for the commit (it rides with the next one): the worker goes on to
     * the next object at once. Once committed, the object's file is released if no other job needs it; a crash
     * before the commit delivers the job again (at least once).
     */
    private void recordDone(Lane lane, ForwardJob job, Delivery delivery, Instant now) {
        boolean[] lastOfFile = new boolean[1];
        String note = delivery.result() == Delivery.Result.ALREADY_THERE ? "already there: " + delivery.detail() : null;
        journal.writeLater(transaction -> {
            store.done(transaction, job.id(), now, note);
            lastOfFile[0] = store.liveJobsOf(transaction, job.file()) == 0;
        }).whenCompleteAsync((committed, failure) -> {
            if (failure == null) {
                lane.finished(job.id());
            }
            if (failure != null) {
                LOG.error("forwarding job {}: its delivery could not be recorded (it is delivered again after a "
                        + "restart): {}", job.id(), failure.getMessage());
            } else if (lastOfFile[0]) {
                try {
                    release.release(job.file());
                } catch (IOException e) {
                    LOG.warn("could not remove {} after its last delivery: {}", job.file(), e.getMessage());
                }
            }
        }, this::clean);
    }

    /** Runs a removal on the cleaner; after {@link #close} it is skipped (the next start removes the file). */
    private void clean(Runnable removal) {
        try {
            cleaner.execute(removal);
        } catch (RejectedExecutionException e) {
            LOG.debug("forwarding queue closed: a delivered file is removed at the next start");
        }
    }

    private void fail(ForwardJob job, String reason, Instant now) throws IOException {
        journal.write(transaction -> store.fail(transaction, job.id(), now, reason));
    }

    /** ±25 %, so jobs that failed together do not all come back together. */
    private static Duration jittered(Duration wait) {
        double factor = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, Math.round(wait.toMillis() * factor)));
    }

    /** What {@code ferry queue} prints ({@link QueueReport}): {@link #view} as text. */
    public String report() throws IOException {
        return QueueReport.of(view(QueueReport.LISTED));
    }

    /**
     * The queue now: each destination's counts ({@link #summary()}) with its jobs failed or waiting for a retry, the
     * first {@code listed} of them.
     */
    public QueueView view(int listed) throws IOException {
        Instant now = clock.instant();
        List<DestinationQueue> summary = summary();
        return journal.read(connection -> {
            List<QueueView.Destination> destinations = new ArrayList<>();
            for (DestinationQueue destination : summary) {
                destinations.add(QueueView.Destination.of(destination,
                        store.listing(connection, destination.destination(), listed)));
            }
            return new QueueView(now, destinations);
        });
    }

    /**
     * Up to {@code limit} jobs of {@code destination} that are not done, with ids above {@code afterId}, by id: all
     * of them, or those in {@code state} ({@code pending}, {@code retrying}, {@code failed}; null for all).
     *
     * @throws IllegalArgumentException for another state
     */
    public List<JobView> jobs(String destination, String state, long afterId, int limit) throws IOException {
        if (state != null && !JobView.STATES.contains(state)) {
            throw new IllegalArgumentException("state '" + state + "' is not one of " + JobView.STATES);
        }
        return journal.read(connection -> store.views(connection, destination, state, afterId, limit));
    }

    /** Each destination's part of the queue now: those configured and those that still have jobs, by name. */
    public List<DestinationQueue> summary() throws IOException {
        Map<String, JobStore.Counts> counts = new TreeMap<>(journal.read(store::countsByDestination));
        Map<String, Destination> configured = destinations.get();
        for (String name : configured.keySet()) {
            counts.putIfAbsent(name, new JobStore.Counts(0, 0, null, null));
        }
        List<DestinationQueue> summary = new ArrayList<>();
        counts.forEach((name, c) -> {
            Lane lane = lanes.get(name);
            summary.add(new DestinationQueue(name, c.pending(), lane == null ? 0 : lane.inFlight(), c.failed(),
                    c.oldest(), lane == null ? null : lane.breakerOpenUntil(), configured.containsKey(name),
                    c.lastError()));
        });
        return summary;
    }

    /**
     * {@code ferry queue retry [DEST|JOB]...}: the failed jobs picked ({@link JobSelection}) go back to pending with
     * their attempts counted from zero, and the picked jobs waiting for a retry are due now. Each destination
     * concerned forgets its pooled connections ({@link Destination#reset}), and its open breaker probes now.
     * Returns a line saying what was done.
     *
     * @throws IllegalArgumentException naming every argument that picks nothing it could (no such destination or
     *                                  job, a job that is done, a job of another destination than those named);
     *                                  nothing is changed then
     */
    public String retry(List<String> arguments) throws IOException {
        return commands.retry(arguments);
    }

    /**
     * {@code ferry queue purge [DEST|JOB]...}: removes the failed jobs picked ({@link JobSelection}) and the files no
     * other job needs. Returns a line saying what was done.
     *
     * @throws IllegalArgumentException naming every argument that picks nothing it could (no such destination or
     *                                  job, a job that is not failed, a job of another destination than those
     *                                  named); nothing is changed then
     */
    public String purge(List<String> arguments) throws IOException {
        return commands.purge(arguments);
    }

    /** Every second: the breakers as the other nodes left them ({@link Breakers#refresh}). */
    private void watchBreakers() {
        while (!closed.get()) {
            try {
                Thread.sleep(BREAKER_WATCH_EVERY.toMillis());
                breakers.refresh(lanes.values());
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("forwarding queue: the breakers could not be read: {}", e.getMessage());
            }
        }
    }

    /** Every {@value #MAINTENANCE_EVERY}: files of failed jobs past their retention are removed. */
    private void maintain() {
        while (!closed.get()) {
            try {
                Thread.sleep(MAINTENANCE_EVERY.toMillis());
                commands.expire();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("forwarding queue maintenance failed: {}", e.getMessage());
            }
        }
    }

    /** Stops the workers (a delivery running now is abandoned and done again at the next start). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lanes.values().forEach(Lane::close);
        if (maintenance != null) {
            maintenance.interrupt();
            breakerWatch.interrupt();
        }
        synchronized (workers) {
            for (Thread worker : workers) {
                try {
                    worker.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // removals still waiting run when the journal's last commit completes them; a file left behind is
        // removed at the next start (no live job needs it)
        cleaner.shutdown();
    }
}
