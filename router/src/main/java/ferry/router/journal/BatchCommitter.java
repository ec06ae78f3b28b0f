package ferry.router.journal;

import ferry.router.database.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the journal's queued items in batches (group commit): everything queued while the previous batch was being
 * committed goes into one transaction ({@link JournalStore}), and then its callers' futures complete. Both commit
 * strategies use it, from one thread at a time: {@link CallerCommits} under its lock, {@link WriterThread} on its
 * thread.
 *
 * <p>A commit that fails because of the disk or the file system (full, read-only, an input/output error) is not
 * reported to anyone: its batch is held and written again, first and in order, on a new connection, after a wait
 * that doubles from {@value #RETRY_FIRST_MILLIS} ms up to {@value #RETRY_LONGEST_MILLIS} ms, until it succeeds
 * ({@link #problem} says why meanwhile); only a close gives it up. The connection is new because the SQLite driver
 * finalizes a statement whose step failed with an error such as SQLITE_FULL, and the failed transaction may still be
 * open.
 */
final class BatchCommitter {
    /** How many times a transaction that met another node's in a deadlock is written again at once. */
    private static final int CONFLICT_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);
    /** Bounds one transaction, so a burst does not hold callers of the first item for long. */
    static final int MAX_BATCH = 4096;
    /** The first wait before a failed commit is tried again; it doubles up to {@link #RETRY_LONGEST_MILLIS}. */
    static final long RETRY_FIRST_MILLIS = 250;
    static final long RETRY_LONGEST_MILLIS = 5_000;

    /** When a commit ends with an fsync of the write-ahead log. */
    enum Sync {
        /** Never: commits are as durable as the level promises without one (durability process). */
        NEVER,
        /** When the batch holds another package's work, which must be on disk before anyone is told. */
        WITH_WORK,
        /** Always (the receipt log starts again after it, or the journal opens). */
        ALWAYS
    }

    private final Database database;
    private final WriteQueue queue;
    /** Whether a new connection's commits fsync the write-ahead log until told otherwise. */
    private final boolean openSyncing;
    /** The store on the writer's connection; null after a failed commit until the next attempt opens another. */
    private JournalStore store;
    /**
     * Items of batches whose commit failed because of the disk or the file system, in queue order: written again,
     * before anything queued after them, once {@link #retryAt} has come. Nothing in them is lost or reported failed
     * while the journal runs.
     */
    private final List<JournalItem> held = new ArrayList<>();
    private long retryAt;
    private int failedAttempts;
    private Instant failingSince;
    /** Why the journal cannot write now, or null while it writes. */
    private volatile JournalProblem problem;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong logSyncs = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong actions = new AtomicLong();
    private final AtomicLong finishes = new AtomicLong();

    /**
     * @param store       the store on the writer's connection, opened with {@code openSyncing}
     * @param openSyncing whether the writer's connections open with commits that fsync (see {@link Sync})
     */
    BatchCommitter(Database database, WriteQueue queue, JournalStore store, boolean openSyncing) {
        this.database = database;
        this.queue = queue;
        this.store = store;
        this.openSyncing = openSyncing;
    }

    /**
     * Writes the records of a receipt log the database lacks (a crash or kill came before their commit, or their
     * commit failed for good) as received and unfinished, so that the start carries them out like any unfinished
     * object. A record is missing when its id is not in the database, also below the highest id there. Before the
     * queue exists: {@code store} is the one the journal opened with.
     */
    static void commitLogged(Database database, JournalStore store, List<ReceiptLog.Receipt> logged) throws SQLException {
        if (logged.isEmpty()) {
            return;
        }
        Set<Long> present = store.objectIdsBetween(
                logged.stream().mapToLong(ReceiptLog.Receipt::id).min().orElseThrow(),
                logged.stream().mapToLong(ReceiptLog.Receipt::id).max().orElseThrow());
        List<JournalItem.Received> missing = new ArrayList<>();
        for (ReceiptLog.Receipt receipt : logged) {
            if (!present.contains(receipt.id())) {
                missing.add(new JournalItem.Received(receipt.record(), receipt.id()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        store.writeRecords(missing);
        LOG.info("journal {}: {} record(s) of acknowledged objects taken from the receipt log", database,
                missing.size());
    }

    /** The held items of a failed commit first, then up to {@code most} queued ones. */
    List<JournalItem> takeBatch(int most) {
        List<JournalItem> batch = new ArrayList<>(held);
        held.clear();
        queue.drainTo(batch, most);
        return batch;
    }

    /** Whether a failed commit's items wait to be written again. */
    boolean holds() {
        return !held.isEmpty();
    }

    /** Puts an item queued after the held ones behind them, for the next attempt. */
    void holdAlso(JournalItem item) {
        held.add(item);
    }

    /** Nanoseconds until a held batch is due again; 0 when none is held (or it is due). */
    long retryWait() {
        return held.isEmpty() ? 0 : Math.max(0, retryAt - System.nanoTime());
    }

    /** Why the journal cannot write at the moment, or null when it writes. */
    JournalProblem problem() {
        return problem;
    }

    /**
     * Completes the flushes of a committed batch; returns whether it held the {@link JournalItem.Stop} (committing
     * ends).
     */
    static boolean completeFlushes(List<JournalItem> batch) {
        boolean stop = false;
        for (JournalItem item : batch) {
            if (item instanceof JournalItem.Flush flush) {
                flush.done().complete(null);
            } else if (item instanceof JournalItem.Stop) {
                stop = true;
            }
        }
        return stop;
    }

    /**
     * Commits the batch, ending with an fsync of the write-ahead log as {@code sync} says. Returns false when the
     * commit failed because of the disk or the file system: the batch is then held, to be written again after a
     * wait, and nobody is told yet. Any other failure fails the batch's waiting callers.
     */
    boolean commit(List<JournalItem> batch, Sync sync) {
        List<JournalItem.Received> received = new ArrayList<>();
        List<JournalItem.Action> actionsToWrite = new ArrayList<>();
        List<JournalItem.Finish> finished = new ArrayList<>();
        List<JournalItem.Work> work = new ArrayList<>();
        for (JournalItem item : batch) {
            if (item instanceof JournalItem.Received r) {
                received.add(r);
            } else if (item instanceof JournalItem.Action a) {
                actionsToWrite.add(a);
            } else if (item instanceof JournalItem.Finish f) {
                finished.add(f);
            } else if (item instanceof JournalItem.Work w) {
                work.add(w);
            }
        }
        if (received.isEmpty() && actionsToWrite.isEmpty() && finished.isEmpty() && work.isEmpty()) {
            return true;
        }
        String what = received.size() + " objects, " + actionsToWrite.size() + " actions and " + finished.size()
                + " finishes";
        boolean synced;
        try {
            synced = writeOnce(received, actionsToWrite, finished, work,
                    sync == Sync.ALWAYS || sync == Sync.WITH_WORK && !work.isEmpty());
        } catch (SQLException e) {
            closeStore();
            IOException failure = database.problem("could not record " + what, e);
            if (database.passes(e)) {
                hold(batch, failure);
                return false;
            }
            fail(batch, failure);
            holdsNothing();
            return true;
        } catch (IOException e) {
            hold(batch, new IOException("journal " + database + " could not record " + what + ": " + e.getMessage(), e));
            return false;
        } catch (RuntimeException e) {
            closeStore();
            LOG.error("journal {}: unexpected failure writing {} items", database, batch.size(), e);
            fail(batch, new IOException("journal " + database + ": unexpected failure: " + e, e));
            holdsNothing();
            return true;
        }
        writesAgain(received.size() + actionsToWrite.size() + finished.size() + work.size());
        transactions.incrementAndGet();
        if (synced) {
            logSyncs.incrementAndGet();
        }
        objects.addAndGet(received.size());
        actions.addAndGet(actionsToWrite.size());
        finishes.addAndGet(finished.size());
        // ids were given by WriteQueue.receive
        queue.committed(received.isEmpty() ? 0 : received.get(received.size() - 1).id(),
                sync == Sync.NEVER || synced);
        finished.forEach(f -> f.done().complete(null));
        work.forEach(w -> w.done().complete(null));
        return true;
    }

    /**
     * Writes the batch in one transaction; returns whether its commit was synced. A transaction that PostgreSQL ended
     * because it met another node's in a deadlock (or a serialization conflict) is written again at once, a few
     * times: the other node's went through, and this one's rows are free now ({@link Database#conflicts}).
     */
    private boolean writeOnce(List<JournalItem.Received> received, List<JournalItem.Action> actionsToWrite,
                              List<JournalItem.Finish> finished, List<JournalItem.Work> work, boolean syncNow)
            throws SQLException, IOException {
        for (int attempt = 1; ; attempt++) {
            openStore();
            try {
                boolean synced = store.syncCommits(syncNow);
                store.write(received, actionsToWrite, finished, work);
                return synced;
            } catch (SQLException e) {
                if (!database.conflicts(e) || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                LOG.info("journal {}: a transaction met another node's ({}); written again at once", database,
                        e.getSQLState());
                closeStore();
            }
        }
    }

    /** Keeps a batch that failed to commit because of the disk for the next attempt, after a doubling wait. */
    private void hold(List<JournalItem> batch, IOException failure) {
        held.clear();
        held.addAll(batch);
        failedAttempts++;
        long wait = Math.min(RETRY_LONGEST_MILLIS, RETRY_FIRST_MILLIS << Math.min(failedAttempts - 1, 16));
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        Instant now = Instant.now();
        if (failingSince == null) {
            failingSince = now;
            LOG.error("{}; kept in memory and written again as soon as the journal can write (tried every few"
                    + " seconds; records of acknowledged objects are safe in the receipt log {} meanwhile)",
                    failure.getMessage(), queue.receiptFile());
        }
        long items = held.stream().filter(i -> !(i instanceof JournalItem.Flush)
                && !(i instanceof JournalItem.Stop)).count();
        problem = new JournalProblem(failure.getMessage(), failingSince, failedAttempts, now.plusMillis(wait),
                (int) items);
    }

    /** A commit succeeded: when the journal could not write before, it can again. */
    private void writesAgain(int items) {
        if (failingSince != null) {
            LOG.info("journal {} writes again after {} failed attempt(s) since {}; {} held item(s) written", database,
                    failedAttempts, failingSince, items);
            holdsNothing();
        }
    }

    /** Nothing is held any more (written, or failed for good): no problem to report. */
    private void holdsNothing() {
        failingSince = null;
        failedAttempts = 0;
        problem = null;
    }

    /** On closing while the journal still cannot write: fails what it holds (see {@link #fail}). */
    void giveUpHeld() {
        List<JournalItem> given = new ArrayList<>(held);
        held.clear();
        JournalProblem last = problem;
        fail(given, new IOException(last == null ? "journal " + database + " could not write" : last.reason()));
        holdsNothing();
        completeFlushes(given);
    }

    private void fail(List<JournalItem> batch, IOException failure) {
        int lostActions = 0;
        boolean lostRecords = false;
        for (JournalItem item : batch) {
            if (item instanceof JournalItem.Received) {
                lostRecords = true;
            } else if (item instanceof JournalItem.Finish f) {
                f.done().completeExceptionally(failure);
            } else if (item instanceof JournalItem.Work w) {
                w.done().completeExceptionally(failure);
            } else if (item instanceof JournalItem.Action) {
                lostActions++;
            }
        }
        if (lostRecords) {
            queue.keepReceipts();
            LOG.error("{}; the records of acknowledged objects stay in the receipt log {} and are committed at the"
                    + " next start", failure.getMessage(), queue.receiptFile());
        }
        if (lostActions > 0) {
            LOG.error("{}; {} action results were not recorded (their objects stay unfinished and are carried out"
                    + " again after a restart)", failure.getMessage(), lostActions);
        }
    }

    /** Opens a connection when a failed commit closed the last one. */
    private void openStore() throws IOException, SQLException {
        if (store == null) {
            store = JournalStore.open(database, openSyncing);
        }
    }

    /**
     * Closes the connection after a failed commit (the transaction it left open is rolled back) or at the end; the
     * next commit opens another.
     */
    void closeStore() {
        if (store != null) {
            store.rollbackQuietly();
            store.close();
            store = null;
        }
    }

    /**
     * On closing: a checkpoint syncs the write-ahead log and then the database file, so every commit is on disk and
     * the receipt log may start again. Nothing when the last commit failed (the receipt log keeps its records).
     */
    void checkpointDurably() {
        if (store == null) {
            return;
        }
        try {
            if (store.checkpoint()) {
                queue.allCommitsDurable();
            }
        } catch (SQLException e) {
            LOG.warn("journal {}: the checkpoint at closing failed: {}", database, e.getMessage());
        }
    }

    /** One more fsync of the write-ahead log, made outside a commit (for {@link Journal#whenDurable}). */
    void countLogSync() {
        logSyncs.incrementAndGet();
    }

    /** What has been committed so far; {@code receiptSyncs} comes from the strategy. */
    CommitStats stats(long receiptSyncs) {
        return new CommitStats(transactions.get(), logSyncs.get(), receiptSyncs, objects.get(), actions.get(),
                finishes.get());
    }
}
