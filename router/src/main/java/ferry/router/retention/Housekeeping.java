package ferry.router.retention;

import ferry.router.database.SqlDialect;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import ferry.router.queue.JobStore;
import ferry.router.study.OutboxStore;
import ferry.router.study.StudyKey;
import ferry.router.study.StudyStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what {@link RetentionSettings} no longer keeps, in batches of {@value #BATCH} rows: each batch is one
 * {@link Journal#write} (one transaction of the journal's writer, between the receiving batches, which never wait
 * for more than one of these), and candidates are read on the journal's read connection. After a run that deleted
 * rows an SQLite database gives free pages back to the file system, {@value #VACUUM_PAGES} pages per transaction, when
 * it was created with incremental vacuum (every journal since Ferry 0.1; an older one: {@code ferry prune --vacuum}).
 * PostgreSQL's autovacuum makes the space of deleted rows reusable by itself, so on PostgreSQL that step is left out
 * (docs/operations.md, "Retention"). Store folders with {@code keep:} are aged out by {@link StoreAgeOut}.
 *
 * <p>The deletions are the same SQL on both engines and only ever delete rows done with, so nodes sharing a
 * PostgreSQL database may each run housekeeping: a row two of them pick is deleted once, the other's delete finds
 * nothing.
 *
 * <p>Runs every {@link RetentionSettings#every()} on a thread of its own (the first run a minute after the start),
 * and when asked ({@code ferry prune}).
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    /** Rows deleted per transaction. */
    static final int BATCH = 1000;
    /** Pages given back per transaction (4 MB of 4 KiB pages). */
    static final int VACUUM_PAGES = 1000;

    /**
     * How much of the journal's writer a run may take. Beside receiving, each batch is followed by a rest three times
     * as long as the batch took, so housekeeping takes at most a quarter of the writer's time and of a core, and a
     * C-STORE's record never waits behind more than one batch; on a stopped Ferry ({@code ferry prune}) it runs at
     * full speed.
     */
    public enum Pace {
        FULL_SPEED(0), BESIDE_RECEIVING(3);

        final int restPerWork;

        Pace(int restPerWork) {
            this.restPerWork = restPerWork;
        }
    }

    private final Journal journal;
    private final JobStore jobs = new JobStore();
    private final OutboxStore outbox = new OutboxStore();
    private final StudyStore studyStore = new StudyStore();
    private final Pace pace;
    private final Supplier<RetentionSettings> settings;
    private final Supplier<List<StoreAgeOut.Folder>> stores;
    private final Clock clock;
    private final AtomicReference<PruneReport> last = new AtomicReference<>();
    /** Held by a run: one at a time. */
    private final Object running = new Object();
    private volatile boolean closed;
    private ScheduledExecutorService timer;

    /**
     * @param settings the settings in force (they may change on reload)
     * @param stores   the store folders with {@code keep:} in force
     */
    public Housekeeping(Journal journal, Pace pace, Supplier<RetentionSettings> settings,
                        Supplier<List<StoreAgeOut.Folder>> stores, Clock clock) {
        this.journal = journal;
        this.pace = pace;
        this.settings = settings;
        this.stores = stores;
        this.clock = clock;
    }

    /** Runs every {@link RetentionSettings#every()} from now, the first time after {@code firstAfter}. */
    public synchronized void start(Duration firstAfter) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-housekeeping");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        schedule(firstAfter);
    }

    private void schedule(Duration after) {
        timer.schedule(() -> {
            try {
                if (!closed) {
                    runNow(false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("housekeeping failed (tried again in {}): {}", settings.get().every(), e.toString());
            } finally {
                synchronized (this) {
                    if (!closed) {
                        schedule(settings.get().every());
                    }
                }
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last run's report, if there was one. */
    public Optional<PruneReport> last() {
        return Optional.ofNullable(last.get());
    }

    /**
     * Runs now on the calling thread (one run at a time); {@code dryRun} only counts. A {@link #close} meanwhile ends
     * it after its current batch.
     */
    public PruneReport runNow(boolean dryRun) throws IOException {
        synchronized (running) {
            return run(dryRun);
        }
    }

    private PruneReport run(boolean dryRun) throws IOException {
        RetentionSettings retention = settings.get();
        Instant now = clock.instant();
        long[] objects = retention.journal() == null ? new long[2] : pruneObjects(now.minus(retention.journal()),
                dryRun);
        long forwardJobs = retention.forwardJobs() == null ? 0
                : pruneEnded((connection, after) -> jobs.after(connection, after, BATCH).stream()
                        .map(job -> new Row(job.id(), job.createdAt(), job.doneAt())).toList(),
                        jobs::deleteDone, now.minus(retention.forwardJobs()), dryRun);
        long notifications = retention.notifications() == null ? 0
                : pruneEnded((connection, after) -> outbox.after(connection, after, BATCH).stream()
                        .map(sent -> new Row(sent.id(), sent.createdAt(), sent.doneAt())).toList(),
                        outbox::deleteEnded, now.minus(retention.notifications()), dryRun);
        long studies = retention.studies() == null ? 0 : pruneStudies(now.minus(retention.studies()), dryRun);
        long storeFiles = 0;
        for (StoreAgeOut.Folder folder : stores.get()) {
            storeFiles += StoreAgeOut.ageOut(folder, now, dryRun);
        }
        boolean deleted = objects[0] + forwardJobs + notifications + studies > 0;
        long freed = dryRun || !deleted ? 0 : vacuum();
        PruneReport report = new PruneReport(clock.instant(), dryRun, objects[0], objects[1], forwardJobs,
                notifications, studies, storeFiles, freed);
        if (!dryRun) {
            last.set(report);
        }
        if (deleted || storeFiles > 0) {
            LOG.info("housekeeping: {}", report.describe());
        }
        return report;
    }

    /** Finished objects older than {@code cutoff} without a live forward job; returns {objects, actions}. */
    private long[] pruneObjects(Instant cutoff, boolean dryRun) throws IOException {
        Set<Long> live = journal.read(jobs::objectsWithLiveJobs);
        long[] actions = {0};
        long objects = prune(Housekeeping::objectsAfter,
                row -> row.endedAt() != null && row.endedAt().isBefore(cutoff) && !live.contains(row.id()), cutoff,
                ids -> {
                    if (dryRun) {
                        actions[0] += journal.read(connection -> countActions(connection, ids));
                    } else {
                        journal.write(transaction -> {
                            actions[0] += Rows.forEachId(transaction, RetentionSql.DELETE_ACTIONS_OF_OBJECT, ids);
                            Rows.forEachId(transaction, RetentionSql.DELETE_OBJECT, ids);
                        });
                    }
                });
        return new long[] {objects, actions[0]};
    }

    /** Received objects in id order after {@code afterId}: when each was received and finished. */
    private static List<Row> objectsAfter(Connection connection, long afterId) throws SQLException {
        return Rows.list(connection, RetentionSql.OBJECTS_AFTER, row -> {
            long finishedAt = row.getLong(3);
            Instant finished = row.wasNull() ? null : JournalTransaction.instant(finishedAt);
            return new Row(row.getLong(1), JournalTransaction.instant(row.getLong(2)), finished);
        }, afterId, BATCH);
    }

    private static long countActions(Connection connection, List<Long> ids) throws SQLException {
        long count = 0;
        try (PreparedStatement statement = connection.prepareStatement(RetentionSql.COUNT_ACTIONS_OF_OBJECT)) {
            for (long id : ids) {
                statement.setLong(1, id);
                try (ResultSet result = statement.executeQuery()) {
                    count += result.next() ? result.getLong(1) : 0;
                }
            }
        }
        return count;
    }

    /** Rows of a table its {@code page} reads that ended before {@code cutoff}, deleted by {@code deletion}. */
    private long pruneEnded(Page page, Deletes deletes, Instant cutoff, boolean dryRun) throws IOException {
        return prune(page, row -> row.endedAt() != null && row.endedAt().isBefore(cutoff), cutoff, ids -> {
            if (!dryRun) {
                journal.write(transaction -> deletes.delete(transaction, ids));
            }
        });
    }

    /** A row of a table scanned in id order: when it was made, and when it ended (null while it is live). */
    private record Row(long id, Instant createdAt, Instant endedAt) {
    }

    /** Reads the {@value #BATCH} rows of a table after an id. */
    private interface Page {
        List<Row> after(Connection connection, long afterId) throws SQLException;
    }

    /** Deletes those of a batch of ids that ended, in a transaction. */
    private interface Deletes {
        void delete(JournalTransaction transaction, List<Long> ids) throws SQLException;
    }

    /** Deletes (or counts) one batch of ids. */
    private interface Deletion {
        void delete(List<Long> ids) throws IOException;
    }

    /**
     * Scans a table with {@code page} from its first row, a batch at a time, hands each batch's candidates to
     * {@code deletion}, and stops at the first row made at or after {@code cutoff} (ids grow with time, so the rest
     * is younger); returns how many candidates there were.
     */
    private long prune(Page page, Predicate<Row> candidate, Instant cutoff, Deletion deletion) throws IOException {
        long candidates = 0;
        long after = 0;
        boolean more = true;
        while (more && !closed) {
            long started = System.nanoTime();
            long from = after;
            Batch batch = journal.read(connection -> {
                List<Long> ids = new ArrayList<>();
                long lastId = from;
                List<Row> rows = page.after(connection, from);
                for (Row row : rows) {
                    lastId = row.id();
                    if (!row.createdAt().isBefore(cutoff)) {
                        return new Batch(ids, lastId, false);
                    }
                    if (candidate.test(row)) {
                        ids.add(lastId);
                    }
                }
                return new Batch(ids, lastId, rows.size() == BATCH);
            });
            if (!batch.ids().isEmpty()) {
                deletion.delete(batch.ids());
                rest(started);
            }
            candidates += batch.ids().size();
            after = batch.lastId();
            more = batch.more();
        }
        return candidates;
    }

    /** Studies reported complete, quiet since before {@code cutoff}, with nothing left to notify. */
    private long pruneStudies(Instant cutoff, boolean dryRun) throws IOException {
        Set<StudyKey> pending = journal.read(outbox::studiesWithPending);
        long deleted = 0;
        long after = 0;
        boolean more = true;
        while (more && !closed) {
            long started = System.nanoTime();
            long from = after;
            StudyBatch batch = journal.read(connection -> {
                List<StudyStore.Aged> rows = studyStore.after(connection, from, BATCH);
                List<StudyKey> studies = new ArrayList<>();
                for (StudyStore.Aged study : rows) {
                    if (study.lastAt().isBefore(cutoff) && study.reported() && !pending.contains(study.key())) {
                        studies.add(study.key());
                    }
                }
                studies.removeAll(studyStore.withUnreportedSeries(connection, studies));
                return new StudyBatch(studies, rows.isEmpty() ? from : rows.get(rows.size() - 1).row(),
                        rows.size() == BATCH);
            });
            if (!dryRun && !batch.studies().isEmpty()) {
                journal.write(transaction -> studyStore.delete(transaction, batch.studies()));
                rest(started);
            }
            deleted += batch.studies().size();
            after = batch.lastRow();
            more = batch.more();
        }
        return deleted;
    }

    /**
     * Gives free pages of an SQLite file back to the file system, a transaction at a time; returns the bytes given
     * back (none on PostgreSQL, whose autovacuum does its own).
     */
    private long vacuum() throws IOException {
        if (journal.database().dialect() != SqlDialect.SQLITE) {
            return 0;
        }
        long[] state = journal.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                return new long[] {single(statement, RetentionSql.AUTO_VACUUM), single(statement,
                        RetentionSql.FREE_PAGES), single(statement, RetentionSql.PAGE_SIZE)};
            }
        });
        if (state[0] != RetentionSql.AUTO_VACUUM_INCREMENTAL) {
            return 0;
        }
        long freePages = state[1];
        long given = 0;
        while (freePages > 0 && !closed) {
            long started = System.nanoTime();
            // SQLite frees one page per step of the statement: a plain statement's executeUpdate runs it to its end
            journal.write(transaction -> {
                try (Statement statement = transaction.plainStatement()) {
                    statement.executeUpdate(RetentionSql.INCREMENTAL_VACUUM);
                }
            });
            long step = Math.min(freePages, VACUUM_PAGES);
            given += step;
            freePages -= step;
            rest(started);
        }
        return given * state[2];
    }

    /** After a batch begun at {@code started} (nanoTime), rests as the pace says. */
    private void rest(long started) throws IOException {
        long millis = (System.nanoTime() - started) / 1_000_000 * pace.restPerWork;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("housekeeping interrupted");
            }
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private record Batch(List<Long> ids, long lastId, boolean more) {
    }

    private record StudyBatch(List<StudyKey> studies, long lastRow, boolean more) {
    }

    /** Stops the schedule; a run under way stops after its current batch. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (timer != null) {
                timer.shutdown();
            }
        }
    }
}
