package ferry.router.queue;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.router.edit.EditedCopy;
import ferry.router.edit.TagEdit;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.OutgoingObject;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable forwarding queue: one job per (object, destination) in the journal's database, written in the same
 * transaction that finishes the object, so an acknowledged object is either still to be carried out or has its jobs
 * (a {@code kill -9} loses nothing). Each destination has a {@link Lane} and up to {@link Destination#maxParallel()}
 * worker threads; a failed delivery is retried after a doubling, jittered wait, a destination that keeps failing
 * has its circuit breaker opened, and after {@link QueueConfig#attempts()} failures (or a rejection) a job is
 * failed and kept with its reason, its file kept for {@link QueueConfig#retention()}. The spool file of an object
 * is released once every job of it is done (relay): deleted, or reused by the spool for a later object. Delivery is
 * at least once: a crash between a delivery and its record delivers again, and destinations count duplicates as
 * success.
 */
public final class ForwardQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardQueue.class);
    private static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(10);

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
     * {@link #afterCommit()} hands them to their lanes.
     */
    public record Prepared(JournalWork work, Runnable afterCommit) {
    }

    /** New jobs of a destination kept in memory at most: about 0.5 MB of them. */
    public static final int JOBS_IN_MEMORY = 1000;

    private final Journal journal;
    private final int jobsInMemory;
    private final Supplier<Map<String, Destination>> destinations;
    private final Function<String, QueueConfig> settings;
    private final BiFunction<String, String, List<TagEdit>> edits;
    private final Path workDirectory;
    private final FileRelease release;
    private final Clock clock;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Removes delivered files after their record commits, off the committing thread (a receiver, at process). */
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ferry-queue-cleaner");
        thread.setDaemon(true);
        return thread;
    });
    private Thread maintenance;

    /**
     * @param destinations  the configured destinations by name (reload swaps them)
     * @param settings      the queue settings of a destination
     * @param edits         the edits of (route, destination), applied to a copy before each delivery
     * @param workDirectory where edited copies are written (on the spool's file system)
     * @param release       called with each file no job needs any more, once that is committed
     * @param jobsInMemory  new jobs of a destination kept in memory at most ({@link #JOBS_IN_MEMORY}); the others
     *                      wait in the journal only, and are read from it as those in memory go
     */
    public ForwardQueue(Journal journal, Supplier<Map<String, Destination>> destinations,
                        Function<String, QueueConfig> settings, BiFunction<String, String, List<TagEdit>> edits,
                        Path workDirectory, FileRelease release, Clock clock, int jobsInMemory) {
        this.journal = journal;
        this.jobsInMemory = jobsInMemory;
        this.destinations = destinations;
        this.settings = settings;
        this.edits = edits;
        this.workDirectory = workDirectory;
        this.release = release;
        this.clock = clock;
    }

    /**
     * Starts delivering, first the jobs a previous run left pending: each destination's lane reads them from the
     * journal as it needs them, never all at once.
     */
    public void start() throws IOException {
        Files.createDirectories(workDirectory);
        Map<String, Long> pending = journal.read(ForwardQueue::countPending);
        pending.keySet().forEach(destination -> lane(destination).backlog());
        long total = pending.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            LOG.info("forwarding queue: {} job(s) from before the restart", total);
        }
        maintenance = new Thread(this::maintain, "ferry-queue-maintenance");
        maintenance.setDaemon(true);
        maintenance.start();
    }

    /**
     * Those of {@code files} that a pending or failed job still needs (a start must not remove them); asked a few
     * hundred at a time, so a long queue is never read into memory whole.
     */
    public Set<Path> inUseAmong(List<Path> files) throws IOException {
        return journal.read(connection -> {
            Set<Path> inUse = new HashSet<>();
            try (PreparedStatement count = connection.prepareStatement(QueueSql.COUNT_LIVE_JOBS_OF_FILE)) {
                for (Path file : files) {
                    count.setString(1, file.toAbsolutePath().normalize().toString());
                    try (ResultSet row = count.executeQuery()) {
                        if (row.next() && row.getLong(1) > 0) {
                            inUse.add(file);
                        }
                    }
                }
            }
            return inUse;
        });
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
        JournalWork work = transaction -> {
            written.clear();
            PreparedStatement insert = transaction.statement(QueueSql.INSERT_JOB);
            for (ForwardJob job : jobs) {
                insert.setLong(1, job.objectId());
                insert.setString(2, job.route());
                insert.setString(3, job.destination());
                insert.setString(4, job.file().toString());
                insert.setString(5, job.sopClassUid());
                insert.setString(6, job.sopInstanceUid());
                insert.setString(7, job.transferSyntaxUid());
                insert.setString(8, job.callingAeTitle());
                insert.setString(9, job.studyUid());
                insert.setLong(10, JournalTransaction.nanos(now));
                insert.setLong(11, JournalTransaction.nanos(now));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    written.add(job.withId(keys.getLong(1)));
                }
            }
        };
        return new Prepared(work, () -> written.forEach(job -> lane(job.destination()).offer(job, now)));
    }

    private Lane lane(String destination) {
        return lanes.computeIfAbsent(destination, name -> {
            Lane lane = new Lane(name, clock, jobsInMemory, this::pendingAfter);
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

    private void work(Lane lane) {
        while (!closed.get()) {
            Lane.Taken taken;
            try {
                taken = lane.take();
            } catch (InterruptedException e) {
                return;
            }
            if (taken == null) {
                return;
            }
            QueueConfig config = settings.apply(lane.destination);
            Delivery delivery;
            try {
                delivery = deliver(taken.job());
            } catch (InterruptedException e) {
                lane.requeue(taken.job(), clock.instant());
                lane.ended(taken, Lane.Ended.ABANDONED, config);
                return;
            }
            // a rejection is an answer too: the object is refused for good, the destination works
            lane.ended(taken, delivery.result() == Delivery.Result.FAILED ? Lane.Ended.FAILED : Lane.Ended.ANSWERED,
                    config);
            record(lane, taken, delivery, config);
        }
    }

    private Delivery deliver(ForwardJob job) throws InterruptedException {
        Destination destination = destinations.get().get(job.destination());
        if (destination == null) {
            return Delivery.rejected("destination " + job.destination() + " is no longer configured");
        }
        if (!Files.exists(job.file())) {
            return Delivery.rejected("the object's file " + job.file() + " is gone");
        }
        List<TagEdit> changes = edits.apply(job.route(), job.destination());
        Path edited = null;
        try {
            OutgoingObject object;
            if (changes.isEmpty()) {
                object = new OutgoingObject(job.file(), job.sopClassUid(), job.sopInstanceUid(),
                        job.transferSyntaxUid(), job.callingAeTitle(), job.studyUid());
            } else {
                edited = Files.createTempFile(workDirectory, "job-" + job.id() + "-", ".dcm");
                EditedCopy.write(job.file(), changes, edited);
                DicomFile header = DicomReader.read(edited, ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1));
                DataSet data = header.dataSet();
                object = new OutgoingObject(edited, data.getString(Tags.SOPClassUID, job.sopClassUid()),
                        data.getString(Tags.SOPInstanceUID, job.sopInstanceUid()), header.transferSyntax().uid(),
                        job.callingAeTitle(), job.studyUid());
            }
            return destination.deliver(object);
        } catch (IOException e) {
            return Delivery.failed("editing a copy for " + job.destination() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("forwarding job {} to {}: unexpected failure", job.id(), job.destination(), e);
            return Delivery.failed(e.toString());
        } finally {
            if (edited != null) {
                try {
                    Files.deleteIfExists(edited);
                } catch (IOException e) {
                    LOG.warn("could not remove the edited copy {}: {}", edited, e.getMessage());
                }
            }
        }
    }

    private void record(Lane lane, Lane.Taken taken, Delivery delivery, QueueConfig config) {
        ForwardJob job = taken.job();
        Instant now = clock.instant();
        try {
            if (delivery.done()) {
                recordDone(lane, job, delivery, now);
                return;
            }
            if (delivery.result() == Delivery.Result.REJECTED) {
                LOG.error("forwarding {} to {} failed for good: {}", job.sopInstanceUid(), job.destination(),
                        delivery.detail());
                fail(job, delivery.detail(), now);
                lane.finished(job.id());
                return;
            }
            if (taken.probe()) {
                // the breaker's probe: the destination is still down; the job keeps its attempts
                lane.requeue(job, now);
                LOG.warn("destination {} still fails ({}); next probe in {} s", job.destination(), delivery.detail(),
                        Duration.between(now, lane.breakerOpenUntil() == null ? now : lane.breakerOpenUntil())
                                .toSeconds());
                recordRetry(job, now, delivery.detail());
                return;
            }
            ForwardJob again = job.failedOnceMore();
            if (again.attempts() >= config.attempts()) {
                LOG.error("forwarding {} to {} given up after {} attempts: {}", job.sopInstanceUid(),
                        job.destination(), again.attempts(), delivery.detail());
                fail(job, delivery.detail() + " (after " + again.attempts() + " attempts)", now);
                lane.finished(job.id());
                return;
            }
            Duration wait = jittered(config.waitAfter(again.attempts()));
            Instant next = now.plus(wait);
            LOG.warn("forwarding {} to {} failed (attempt {}), again in {} ms: {}", job.sopInstanceUid(),
                    job.destination(), again.attempts(), wait.toMillis(), delivery.detail());
            journal.write(transaction -> {
                PreparedStatement retry = transaction.statement(QueueSql.JOB_RETRY);
                retry.setLong(1, JournalTransaction.nanos(next));
                retry.setString(2, delivery.detail());
                retry.setLong(3, job.id());
                retry.executeUpdate();
            });
            lane.requeue(again, next);
        } catch (IOException | IllegalStateException e) {
            LOG.error("forwarding job {}: its result could not be recorded (it is tried again after a restart): {}",
                    job.id(), e.getMessage());
        }
    }

    /**
     * Records a delivered job without waiting for the commit (it rides with the next one): the worker goes on to
     * the next object at once. Once committed, the object's file is released if no other job needs it; a crash
     * before the commit delivers the job again (at least once).
     */
    private void recordDone(Lane lane, ForwardJob job, Delivery delivery, Instant now) {
        boolean[] lastOfFile = new boolean[1];
        journal.writeLater(transaction -> {
            PreparedStatement done = transaction.statement(QueueSql.JOB_DONE);
            done.setLong(1, JournalTransaction.nanos(now));
            done.setString(2, delivery.result() == Delivery.Result.ALREADY_THERE
                    ? "already there: " + delivery.detail() : null);
            done.setLong(3, job.id());
            done.executeUpdate();
            lastOfFile[0] = liveJobs(transaction, job.file()) == 0;
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

    private void recordRetry(ForwardJob job, Instant next, String error) throws IOException {
        journal.write(transaction -> {
            PreparedStatement retry = transaction.statement(
                    "UPDATE forward_job SET next_attempt_at = ?, last_error = ? WHERE id = ?");
            retry.setLong(1, JournalTransaction.nanos(next));
            retry.setString(2, error);
            retry.setLong(3, job.id());
            retry.executeUpdate();
        });
    }

    private void fail(ForwardJob job, String reason, Instant now) throws IOException {
        journal.write(transaction -> {
            PreparedStatement failed = transaction.statement(QueueSql.JOB_FAILED);
            failed.setInt(1, 1);
            failed.setLong(2, JournalTransaction.nanos(now));
            failed.setString(3, reason);
            failed.setLong(4, job.id());
            failed.executeUpdate();
        });
    }

    private static long liveJobs(JournalTransaction transaction, Path file) throws SQLException {
        PreparedStatement count = transaction.statement(QueueSql.COUNT_LIVE_JOBS_OF_FILE);
        count.setString(1, file.toString());
        try (ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** ±25 %, so jobs that failed together do not all come back together. */
    private static Duration jittered(Duration wait) {
        double factor = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, Math.round(wait.toMillis() * factor)));
    }

    /** The pending jobs per destination (a start's backlog). */
    private static Map<String, Long> countPending(Connection connection) throws SQLException {
        Map<String, Long> pending = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(QueueSql.COUNT_PENDING_BY_DESTINATION);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                pending.put(row.getString(1), row.getLong(2));
            }
        }
        return pending;
    }

    /** The {@link Lane.JobSource} of every lane: the next pending jobs of a destination, from the journal. */
    private List<Lane.Waiting> pendingAfter(String destination, long afterId, int limit) throws IOException {
        return journal.read(connection -> {
            List<Lane.Waiting> jobs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_PENDING_AFTER)) {
                select.setString(1, destination);
                select.setLong(2, afterId);
                select.setInt(3, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        jobs.add(new Lane.Waiting(ForwardJob.read(row), JournalTransaction.instant(row.getLong(13))));
                    }
                }
            }
            return jobs;
        });
    }

    /** What {@code ferry queue} prints ({@link QueueReport}). */
    public String report() throws IOException {
        return QueueReport.of(journal, summary(), clock.instant());
    }

    /** Each destination's part of the queue now: those configured and those that still have jobs, by name. */
    public List<DestinationQueue> summary() throws IOException {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> errors = new TreeMap<>();
        journal.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(QueueSql.COUNT_BY_DESTINATION);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long[] c = counts.computeIfAbsent(row.getString(1), d -> new long[] {0, 0, Long.MAX_VALUE});
                    c["failed".equals(row.getString(2)) ? 1 : 0] += row.getLong(3);
                    c[2] = Math.min(c[2], row.getLong(4));
                }
            }
            try (PreparedStatement select = connection.prepareStatement(QueueSql.LAST_ERROR_BY_DESTINATION);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    errors.put(row.getString(1), row.getString(2));
                }
            }
            return null;
        });
        Map<String, Destination> configured = destinations.get();
        for (String name : configured.keySet()) {
            counts.putIfAbsent(name, new long[] {0, 0, Long.MAX_VALUE});
        }
        List<DestinationQueue> summary = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            String name = entry.getKey();
            long[] c = entry.getValue();
            Lane lane = lanes.get(name);
            summary.add(new DestinationQueue(name, c[0], lane == null ? 0 : lane.inFlight(), c[1],
                    c[2] == Long.MAX_VALUE ? null : JournalTransaction.instant(c[2]),
                    lane == null ? null : lane.breakerOpenUntil(), configured.containsKey(name), errors.get(name)));
        }
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
        JobSelection selection = JobSelection.read(arguments, destinations.get().keySet(), journal);
        List<JobSelection.Picked> picked = selection.pick(journal, "retried", Set.of("failed", "pending"));
        Instant now = clock.instant();
        List<ForwardJob> revived = new ArrayList<>();
        journal.write(transaction -> {
            revived.clear();
            PreparedStatement retry = transaction.statement(QueueSql.RETRY_FAILED);
            for (JobSelection.Picked job : picked) {
                if (job.failed()) {
                    retry.setLong(1, JournalTransaction.nanos(now));
                    retry.setLong(2, job.job().id());
                    if (retry.executeUpdate() == 1) {
                        revived.add(job.job().withNoAttempts());
                    }
                }
            }
        });
        Set<String> concerned = new TreeSet<>(selection.destinations());
        picked.forEach(job -> concerned.add(job.job().destination()));
        if (selection.destinations().isEmpty() && selection.ids().isEmpty()) {
            concerned.addAll(lanes.keySet());
        }
        for (String name : concerned) {
            Destination destination = destinations.get().get(name);
            if (destination != null) {
                destination.reset();
            }
        }
        revived.forEach(job -> lane(job.destination()).revive(job, now));
        Predicate<ForwardJob> waiting = selection.ids().isEmpty() ? job -> true
                : job -> selection.ids().contains(job.id());
        List<ForwardJob> due = new ArrayList<>();
        for (String name : concerned) {
            Lane lane = lanes.get(name);
            if (lane != null) {
                due.addAll(lane.dueNow(waiting));
            }
        }
        if (!due.isEmpty()) {
            journal.write(transaction -> {
                PreparedStatement dueNow = transaction.statement(QueueSql.DUE_NOW);
                for (ForwardJob job : due) {
                    dueNow.setLong(1, JournalTransaction.nanos(now));
                    dueNow.setLong(2, job.id());
                    dueNow.executeUpdate();
                }
            });
        }
        return revived.size() + " failed job(s) queued again, " + due.size() + " waiting for a retry tried now"
                + (concerned.isEmpty() ? "" : " (" + String.join(", ", concerned) + ")") + "\n";
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
        JobSelection selection = JobSelection.read(arguments, destinations.get().keySet(), journal);
        return purgeJobs(selection.pick(journal, "purged", Set.of("failed")).stream().map(JobSelection.Picked::job)
                .toList());
    }

    private String purgeJobs(List<ForwardJob> failed) throws IOException {
        Instant now = clock.instant();
        List<Path> unneeded = new ArrayList<>();
        int[] purged = new int[1];
        journal.write(transaction -> {
            unneeded.clear();
            purged[0] = 0;
            PreparedStatement purge = transaction.statement(QueueSql.PURGE_FAILED);
            for (ForwardJob job : failed) {
                purge.setLong(1, JournalTransaction.nanos(now));
                purge.setLong(2, job.id());
                purged[0] += purge.executeUpdate();
                if (liveJobs(transaction, job.file()) == 0) {
                    unneeded.add(job.file());
                }
            }
        });
        for (Path file : unneeded) {
            release.release(file);
        }
        return purged[0] + " failed job(s) purged, " + unneeded.size() + " file(s) removed\n";
    }

    /** Every {@value #MAINTENANCE_EVERY}: files of failed jobs past their retention are removed. */
    private void maintain() {
        while (!closed.get()) {
            try {
                Thread.sleep(MAINTENANCE_EVERY.toMillis());
                expire();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("forwarding queue maintenance failed: {}", e.getMessage());
            }
        }
    }

    /** Purges failed jobs whose retention (of their destination, counted from their failure) has passed. */
    void expire() throws IOException {
        Instant now = clock.instant();
        List<ForwardJob> expired = journal.read(connection -> {
            List<ForwardJob> jobs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_FAILED);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ForwardJob job = ForwardJob.read(row);
                    Instant failedAt = JournalTransaction.instant(row.getLong(14));
                    if (failedAt.plus(settings.apply(job.destination()).retention()).isBefore(now)) {
                        jobs.add(job);
                    }
                }
            }
            return jobs;
        });
        if (!expired.isEmpty()) {
            purgeJobs(expired);
            LOG.info("forwarding queue: {} failed job(s) past their retention were purged", expired.size());
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
