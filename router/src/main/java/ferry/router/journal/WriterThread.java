package ferry.router.journal;

import ferry.router.database.Database;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's commits at durability {@code power} ({@link DurabilityPolicy#callersCommit} false): a writer thread
 * commits beside the receiving threads. Each of those appends its record to the receipt log and waits for the receipt
 * syncer's fdatasync of the log, one for every record appended until it began ({@link GroupSync}); the commits need no
 * fsync of their own, since what they hold is safe in the receipt log, except when they hold another package's work
 * (which must be on disk before anyone is told) or when the receipt log is due to start again. Durable means on disk:
 * {@link #whenDurable} waits for an fsync of the write-ahead log that the WAL syncer makes, within
 * {@value #DURABLE_WITHIN_MILLIS} ms, for every caller until then.
 */
final class WriterThread implements CommitStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(WriterThread.class);
    /**
     * How long the WAL syncer gathers callers of {@link #whenDurable} before one fsync serves them all. Nothing on a
     * response's path waits for it.
     */
    static final long DURABLE_WITHIN_MILLIS = 20;

    private final Database database;
    private final BatchCommitter committer;
    private final WriteQueue queue;
    private final Thread thread;
    /** The threads of the group syncs below, one each: syncs of one kind never overlap. */
    private final ExecutorService receiptSyncer;
    private final ExecutorService walSyncer;
    /** fdatasyncs of the receipt log for {@link #receiptSafe}. */
    private final GroupSync receiptSync;
    /** fsyncs of the write-ahead log for {@link #whenDurable}. */
    private final GroupSync walSync;
    private final AtomicLong receiptSyncs = new AtomicLong();
    /** Used by the WAL syncer's thread only. */
    private final LogSync logSync;

    WriterThread(Database database, BatchCommitter committer, WriteQueue queue) {
        this.database = database;
        this.committer = committer;
        this.queue = queue;
        this.logSync = LogSync.of(database);
        String closed = "journal " + database + " is closed";
        this.receiptSyncer = syncer("ferry-journal-receipt-sync");
        this.walSyncer = syncer("ferry-journal-wal-sync");
        this.receiptSync = new GroupSync(receiptSyncer, this::forceReceipts, 0, closed);
        this.walSync = new GroupSync(walSyncer, this::forceWal, DURABLE_WITHIN_MILLIS, closed);
        this.thread = new Thread(this::run, "ferry-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private static ExecutorService syncer(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread syncer = new Thread(runnable, name);
            syncer.setDaemon(true);
            return syncer;
        });
    }

    /**
     * Completes once every record appended to the receipt log before this call is on disk: the receipt syncer
     * fdatasyncs the log for the first caller waiting and so for every record appended until then; a caller already
     * covered finds its future done without another sync. Fails, naming the file, when the sync fails: the records
     * it was to cover must not be acknowledged.
     */
    @Override
    public CompletableFuture<Void> receiptSafe() {
        return receiptSync.request();
    }

    /** The writer thread commits: nothing to do. */
    @Override
    public void commitUntilDone(CompletableFuture<?> done) {
    }

    /**
     * Completes once every commit made before this call is on disk, after an fsync of the write-ahead log. What may
     * only be done once the actions and finishes those commits hold survive a power cut, such as removing a spool
     * file's name, waits for this.
     */
    @Override
    public CompletableFuture<Void> whenDurable() {
        return walSync.request();
    }

    @Override
    public long receiptSyncs() {
        return receiptSyncs.get();
    }

    private void forceReceipts() throws IOException {
        queue.forceReceipts();
        receiptSyncs.incrementAndGet();
    }

    /** Syncs the database's log ({@link LogSync}) for {@link #whenDurable}. */
    private void forceWal() throws IOException {
        if (logSync.sync()) {
            committer.countLogSync();
        }
    }

    private void run() {
        try {
            writeUntilStopped();
            committer.checkpointDurably();
        } finally {
            committer.closeStore();
        }
    }

    private void writeUntilStopped() {
        boolean stop = false;
        while (!stop) {
            List<JournalItem> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                LOG.warn("journal {}: writer interrupted; it goes on until the journal is closed", database);
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            boolean committed = queue.receiptLogDue() ? commitAllAndStartReceiptsAgain(batch)
                    : committer.commit(batch, BatchCommitter.Sync.WITH_WORK);
            boolean stopping = batch.stream().anyMatch(JournalItem.Stop.class::isInstance);
            if (!committed && stopping) {
                committer.giveUpHeld();
                committed = true;
            }
            if (committed) {
                stop = BatchCommitter.completeFlushes(batch);
            }
        }
    }

    /**
     * The next batch: the held items of a failed commit once they are due (or at once when the journal is closing),
     * with what was queued meanwhile; else what is queued, waiting for the first item.
     */
    private List<JournalItem> nextBatch() throws InterruptedException {
        if (committer.holds()) {
            long wait = committer.retryWait();
            if (wait > 0 && !queue.stopping()) {
                JournalItem first = queue.poll(Math.min(wait,
                        TimeUnit.MILLISECONDS.toNanos(CallerCommits.QUIET_COMMIT_MILLIS)));
                if (first != null) {
                    committer.holdAlso(first); // written in queue order after the held items, at the next attempt
                }
                return List.of();
            }
            return committer.takeBatch(BatchCommitter.MAX_BATCH - 1);
        }
        List<JournalItem> batch = new ArrayList<>();
        batch.add(queue.take());
        queue.drainTo(batch, BatchCommitter.MAX_BATCH - 1);
        return batch;
    }

    /**
     * Once the receipt log has grown past {@link ReceiptLog#EMPTY_AFTER_BYTES}: pauses receiving (for one commit,
     * about a millisecond every few hundred objects), commits every record in the log with an fsync of the
     * write-ahead log, and so lets the log start again. Without the pause, records always in flight under a steady
     * stream would keep the log from ever starting again. Returns false when the commit is held.
     */
    private boolean commitAllAndStartReceiptsAgain(List<JournalItem> batch) {
        queue.pause();
        try {
            queue.drainAllTo(batch);
            return committer.commit(batch, BatchCommitter.Sync.ALWAYS);
        } finally {
            queue.resume();
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.stop();
        thread.join();
        receiptSyncer.shutdown();
        walSyncer.shutdown();
        receiptSyncer.awaitTermination(10, TimeUnit.SECONDS);
        walSyncer.awaitTermination(10, TimeUnit.SECONDS);
        logSync.close();
        queue.closeReceipts();
    }
}
