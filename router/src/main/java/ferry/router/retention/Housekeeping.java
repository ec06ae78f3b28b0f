package ferry.router.retention;

import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what {@link RetentionSettings} no longer keeps, in batches of {@value #BATCH} rows: each batch is one
 * {@link Journal#write} (one transaction of the journal's writer, between the receiving batches, which never wait
 * for more than one of these), and candidates are read on the journal's read connection. After a run that deleted
 * rows the database gives free pages back to the file system, {@value #VACUUM_PAGES} pages per transaction, when it
 * was created with incremental vacuum (every journal since Ferry 0.1; an older one: {@code ferry prune --vacuum}).
 * Store folders with {@code keep:} are aged out by {@link StoreAgeOut}.
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
        long[] objects = retention.journal() == null ? new long[2] : pruneObjects(cutoff(now, retention.journal()),
                dryRun);
        long jobs = retention.forwardJobs() == null ? 0
                : pruneById(RetentionSql.JOBS_AFTER, RetentionSql.DELETE_JOB, "done",
                        cutoff(now, retention.forwardJobs()), dryRun);
        long notifications = retention.notifications() == null ? 0
                : pruneById(RetentionSql.NOTIFICATIONS_AFTER, RetentionSql.DELETE_NOTIFICATION, null,
                        cutoff(now, retention.notifications()), dryRun);
        long studies = retention.studies() == null ? 0 : pruneStudies(cutoff(now, retention.studies()), dryRun);
        long storeFiles = 0;
        for (StoreAgeOut.Folder folder : stores.get()) {
            storeFiles += StoreAgeOut.ageOut(folder, now, dryRun);
        }
        boolean deleted = objects[0] + jobs + notifications + studies > 0;
        long freed = dryRun || !deleted ? 0 : vacuum();
        PruneReport report = new PruneReport(clock.instant(), dryRun, objects[0], objects[1], jobs, notifications,
                studies, storeFiles, freed);
        if (!dryRun) {
            last.set(report);
        }
        if (deleted || storeFiles > 0) {
            LOG.info("housekeeping: {}", report.describe());
        }
        return report;
    }

    private static long cutoff(Instant now, Duration retention) {
        return JournalTransaction.nanos(now.minus(retention));
    }

    /** Finished objects older than {@code cutoff} without a live forward job; returns {objects, actions}. */
    private long[] pruneObjects(long cutoff, boolean dryRun) throws IOException {
        Set<Long> live = journal.read(connection -> {
            Set<Long> ids = new HashSet<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(RetentionSql.OBJECTS_WITH_LIVE_JOBS)) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
        long[] actions = {0};
        long objects = prune(RetentionSql.OBJECTS_AFTER, cutoff, row -> {
            long finished = row.getLong(3);
            return !row.wasNull() && finished < cutoff && !live.contains(row.getLong(1));
        }, ids -> {
            if (dryRun) {
                actions[0] += journal.read(connection -> {
                    long count = 0;
                    try (PreparedStatement statement = connection.prepareStatement(
                            RetentionSql.COUNT_ACTIONS_OF_OBJECT)) {
                        for (long id : ids) {
                            statement.setLong(1, id);
                            try (ResultSet result = statement.executeQuery()) {
                                count += result.next() ? result.getLong(1) : 0;
                            }
                        }
                    }
                    return count;
                });
            } else {
                journal.write(transaction -> {
                    actions[0] += delete(transaction, RetentionSql.DELETE_ACTIONS_OF_OBJECT, ids);
                    delete(transaction, RetentionSql.DELETE_OBJECT, ids);
                });
            }
        });
        return new long[] {objects, actions[0]};
    }

    /**
     * Rows of a table ({@code select}: id, created_at, state, done_at) that are done ({@code state} equal to
     * {@code doneState}, or anything but {@code pending} when null) since before {@code cutoff}.
     */
    private long pruneById(String select, String delete, String doneState, long cutoff, boolean dryRun)
            throws IOException {
        return prune(select, cutoff, row -> {
            String state = row.getString(3);
            boolean done = doneState == null ? !"pending".equals(state) : doneState.equals(state);
            long doneAt = row.getLong(4);
            return done && !row.wasNull() && doneAt < cutoff;
        }, ids -> {
            if (!dryRun) {
                journal.write(transaction -> delete(transaction, delete, ids));
            }
        });
    }

    /** Whether a row of a scan is to be deleted. */
    private interface Candidate {
        boolean test(ResultSet row) throws SQLException;
    }

    /** Deletes (or counts) one batch of ids. */
    private interface Deletion {
        void delete(List<Long> ids) throws IOException;
    }

    /**
     * Scans {@code select} (its first columns: the id, then the row's creation time; parameters: the id to start
     * after, the batch size) from the first row, a batch at a time, hands each batch's candidates to
     * {@code deletion}, and stops at the first row created at or after {@code cutoff} (ids grow with time, so the
     * rest is younger); returns how many candidates there were.
     */
    private long prune(String select, long cutoff, Candidate candidate, Deletion deletion) throws IOException {
        long candidates = 0;
        long after = 0;
        boolean more = true;
        while (more && !closed) {
            long started = System.nanoTime();
            long from = after;
            Batch batch = journal.read(connection -> {
                List<Long> ids = new ArrayList<>();
                long lastId = from;
                int rows = 0;
                try (PreparedStatement statement = connection.prepareStatement(select)) {
                    statement.setLong(1, from);
                    statement.setInt(2, BATCH);
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            rows++;
                            lastId = row.getLong(1);
                            if (row.getLong(2) >= cutoff) {
                                return new Batch(ids, lastId, false);
                            }
                            if (candidate.test(row)) {
                                ids.add(lastId);
                            }
                        }
                    }
                }
                return new Batch(ids, lastId, rows == BATCH);
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

    /** Runs {@code sql} with each id; returns the rows it deleted. */
    private static long delete(JournalTransaction transaction, String sql, List<Long> ids) throws SQLException {
        PreparedStatement statement = transaction.statement(sql);
        for (long id : ids) {
            statement.setLong(1, id);
            statement.addBatch();
        }
        long deleted = 0;
        for (int count : statement.executeBatch()) {
            deleted += Math.max(count, 0);
        }
        return deleted;
    }

    /** Studies reported complete, quiet since before {@code cutoff}, with nothing left to notify. */
    private long pruneStudies(long cutoff, boolean dryRun) throws IOException {
        Set<String> pending = journal.read(connection -> {
            Set<String> keys = new HashSet<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(RetentionSql.STUDIES_WITH_PENDING_NOTIFICATIONS)) {
                while (rows.next()) {
                    keys.add(rows.getString(1) + '\u0000' + rows.getString(2));
                }
            }
            return keys;
        });
        long deleted = 0;
        long after = 0;
        boolean more = true;
        while (more && !closed) {
            long started = System.nanoTime();
            long from = after;
            StudyBatch batch = journal.read(connection -> {
                List<String[]> studies = new ArrayList<>();
                long lastRow = from;
                int rows = 0;
                try (PreparedStatement select = connection.prepareStatement(RetentionSql.STUDIES_AFTER);
                     PreparedStatement series = connection.prepareStatement(RetentionSql.SERIES_UNREPORTED)) {
                    select.setLong(1, from);
                    select.setInt(2, BATCH);
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            rows++;
                            lastRow = result.getLong(1);
                            String route = result.getString(2);
                            String study = result.getString(3);
                            if (result.getLong(4) < cutoff && result.getBoolean(5)
                                    && !pending.contains(route + '\u0000' + study)) {
                                studies.add(new String[] {route, study});
                            }
                        }
                    }
                    studies.removeIf(key -> {
                        try {
                            series.setString(1, key[0]);
                            series.setString(2, key[1]);
                            try (ResultSet result = series.executeQuery()) {
                                return result.next() && result.getLong(1) > 0;
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                return new StudyBatch(studies, lastRow, rows == BATCH);
            });
            if (!dryRun && !batch.studies().isEmpty()) {
                journal.write(transaction -> {
                    for (String sql : List.of(RetentionSql.DELETE_SERIES_OF_STUDY,
                            RetentionSql.DELETE_FAILURES_OF_STUDY, RetentionSql.DELETE_STUDY)) {
                        PreparedStatement statement = transaction.statement(sql);
                        for (String[] key : batch.studies()) {
                            statement.setString(1, key[0]);
                            statement.setString(2, key[1]);
                            statement.addBatch();
                        }
                        statement.executeBatch();
                    }
                });
                rest(started);
            }
            deleted += batch.studies().size();
            after = batch.lastRow();
            more = batch.more();
        }
        return deleted;
    }

    /** Gives free pages back to the file system, a transaction at a time; returns the bytes given back. */
    private long vacuum() throws IOException {
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
                throw new java.io.InterruptedIOException("housekeeping interrupted");
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

    private record StudyBatch(List<String[]> studies, long lastRow, boolean more) {
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
