package ferry.router.journal;

import ferry.router.database.Database;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal's commits at durability {@code process} ({@link DurabilityPolicy#callersCommit}): whoever needs a
 * commit makes it on its own thread, with no writer thread to hand over to. A caller of {@link Journal#finish} or
 * {@link Journal#flush} takes the lock and commits everything queued meanwhile, its own item and other callers'
 * (group commit); a caller whose item another took finds it done. What nobody waits for (records already safe in the
 * receipt log, action results, late finishes) is committed with the next such commit, or by a timer within
 * {@value #QUIET_COMMIT_MILLIS} ms. Nothing is fsync'd: every commit is as durable as the level promises.
 */
final class CallerCommits implements CommitStrategy {
    /** How long queued items nobody waits for may wait for a commit; what arrives meanwhile shares it. */
    static final long QUIET_COMMIT_MILLIS = 10;

    private final Database database;
    private final BatchCommitter committer;
    private final WriteQueue queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService timer;

    CallerCommits(Database database, BatchCommitter committer, WriteQueue queue) {
        this.database = database;
        this.committer = committer;
        this.queue = queue;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread timerThread = new Thread(runnable, "ferry-journal-timer");
            timerThread.setDaemon(true);
            return timerThread;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (!queue.isEmpty() || committer.problem() != null) {
                commitQueued();
            }
        }, QUIET_COMMIT_MILLIS, QUIET_COMMIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Commits what is queued on the calling thread. While a failed commit waits to be tried again, nothing is
     * committed: returns how many nanoseconds are left until the next attempt (0 when none is waiting).
     */
    private long commitQueued() {
        lock.lock();
        try {
            long wait = committer.retryWait();
            if (wait > 0) {
                return wait;
            }
            List<JournalItem> batch = committer.takeBatch(BatchCommitter.MAX_BATCH);
            if (!batch.isEmpty() && committer.commit(batch, BatchCommitter.Sync.NEVER)) {
                BatchCommitter.completeFlushes(batch);
            }
            return committer.retryWait();
        } finally {
            lock.unlock();
        }
    }

    /** Commits until {@code done} is; while a failed commit waits to be tried again, waits for that. */
    @Override
    public void commitUntilDone(CompletableFuture<?> done) throws InterruptedIOException {
        while (!done.isDone()) {
            long wait = commitQueued();
            if (wait > 0) {
                try {
                    done.get(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the journal " + database);
                } catch (ExecutionException | TimeoutException e) {
                    // done (the caller reports it), or time for the next attempt
                }
            }
        }
    }

    /** A record is safe once written to the receipt log. */
    @Override
    public CompletableFuture<Void> receiptSafe() {
        return null;
    }

    /** At once: every commit is as durable as this level promises (nothing against a power cut). */
    @Override
    public CompletableFuture<Void> whenDurable() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long receiptSyncs() {
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        queue.stop();
        timer.shutdown(); // no interrupt: it could close the receipt log's channel in the middle of a write
        timer.awaitTermination(10, TimeUnit.SECONDS);
        lock.lock();
        try {
            while (!queue.isEmpty() || committer.holds()) {
                List<JournalItem> batch = committer.takeBatch(BatchCommitter.MAX_BATCH);
                if (!committer.commit(batch, BatchCommitter.Sync.NEVER)) {
                    committer.giveUpHeld();
                }
                BatchCommitter.completeFlushes(batch);
            }
        } finally {
            lock.unlock();
        }
        committer.closeStore();
        queue.closeReceipts();
    }
}
