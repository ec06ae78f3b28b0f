package ferry.router.journal;

import ferry.router.database.Database;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What waits for the journal's next commit, in order, and the receipt log that makes received records safe before
 * their commit. A received record gets its id and its place in the log and in the queue under one lock, so ids
 * follow the order of both. The log starts again once every record in it is committed and, where commits are not
 * synced ({@link DurabilityPolicy#callersCommit} false), on disk: {@link #committed} is told of each commit.
 * Thread-safe.
 */
final class WriteQueue {
    private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

    private final Database database;
    private final BlockingQueue<JournalItem> queue = new LinkedBlockingQueue<>();
    /** The receipt log, appended before each C-STORE response. */
    private final ReceiptLog receipts;
    private final AtomicLong highestId;
    private final ObjectIds ids;
    /** The last id given to a received record (guarded by this). */
    private long reservedId;
    /** The highest id committed to the database (guarded by this). */
    private long committedId;
    /** The highest id whose commit is durable: every commit so far up to the last synced one (guarded by this). */
    private long durableId;
    /** {@link #receive} waits while the writer commits everything to start the receipt log again (guarded by this). */
    private boolean pausing;
    /** A batch of records failed to commit for good; the receipt log keeps them for the next start (this). */
    private boolean keepReceipts;
    private boolean stopped;

    /**
     * @param receipts  the receipt log, started again (what it held is committed)
     * @param highestId the highest id of this node's objects in the database: ids go on from it
     * @param ids       gives the ids
     */
    WriteQueue(Database database, ReceiptLog receipts, long highestId, ObjectIds ids) {
        this.database = database;
        this.receipts = receipts;
        this.ids = ids;
        this.highestId = new AtomicLong(highestId);
        this.reservedId = highestId;
        this.committedId = highestId;
        this.durableId = highestId;
    }

    /**
     * Gives {@code record} the next id, appends it to the receipt log (handed to the operating system when this
     * returns) and queues it for the next commit.
     *
     * @throws IOException when the receipt log cannot be written: the object must not be acknowledged
     */
    long receive(ReceivedRecord record) throws IOException {
        return receive(record, ReceiptLog.prepare(record)); // encoded before the lock: its holder only writes
    }

    private synchronized long receive(ReceivedRecord record, byte[] entry) throws IOException {
        while (pausing && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("journal " + database
                        + ": interrupted while the receipt log starts again");
            }
        }
        ensureRunning();
        long id = ids.after(reservedId);
        try {
            receipts.append(id, entry);
        } catch (IOException e) {
            throw new IOException("journal " + database + ": could not write the receipt log " + receipts.file() + ": "
                    + e.getMessage(), e);
        }
        reservedId = id;
        highestId.set(id);
        queue.add(new JournalItem.Received(record, id));
        return id;
    }

    /** Queues an item; fails once the journal is stopping. */
    synchronized void submit(JournalItem item) {
        ensureRunning();
        queue.add(item);
    }

    private void ensureRunning() {
        if (stopped) {
            throw new IllegalStateException("journal " + database + " is closed");
        }
    }

    /** Queues the end of committing (after everything queued so far); later submissions fail. Once only. */
    synchronized void stop() {
        if (!stopped) {
            queue.add(new JournalItem.Stop());
            stopped = true;
            notifyAll();
        }
    }

    synchronized boolean stopping() {
        return stopped;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Moves up to {@code most} queued items into {@code batch}. */
    void drainTo(List<JournalItem> batch, int most) {
        queue.drainTo(batch, most);
    }

    /** Moves every queued item into {@code batch}. */
    void drainAllTo(List<JournalItem> batch) {
        queue.drainTo(batch);
    }

    /** The first queued item, waiting for one. */
    JournalItem take() throws InterruptedException {
        return queue.take();
    }

    /** The first queued item, waiting up to {@code nanos}; null when none came. */
    JournalItem poll(long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** The highest object id given so far (given when the record reached the receipt log). */
    long highestId() {
        return highestId.get();
    }

    /** Holds {@link #receive} until {@link #resume}: a receive under way has queued its record (it held the lock). */
    synchronized void pause() {
        pausing = true;
    }

    synchronized void resume() {
        pausing = false;
        notifyAll();
    }

    /** Whether the receipt log has grown enough to start again, which needs its records' commits on disk first. */
    synchronized boolean receiptLogDue() {
        return !keepReceipts && receipts.size() >= ReceiptLog.EMPTY_AFTER_BYTES;
    }

    /**
     * Notes the commit of every record up to {@code id} ({@code durable}: and of every commit so far on disk);
     * starts the receipt log again when it may.
     */
    synchronized void committed(long id, boolean durable) {
        committedId = Math.max(committedId, id);
        if (durable) {
            durableId = committedId;
        }
        if (!keepReceipts && durableId == reservedId && receipts.size() >= ReceiptLog.EMPTY_AFTER_BYTES) {
            try {
                receipts.startAgain();
            } catch (IOException e) {
                LOG.warn("journal {}: could not start the receipt log {} again: {}", database, receipts.file(),
                        e.getMessage());
            }
        }
    }

    /** Every commit so far is on disk (a checkpoint synced them). */
    synchronized void allCommitsDurable() {
        durableId = committedId;
    }

    /** Records were not committed and never will be in this run: the receipt log keeps them for the next start. */
    synchronized void keepReceipts() {
        keepReceipts = true;
    }

    /** fdatasyncs the receipt log: every record appended before is then on disk. */
    void forceReceipts() throws IOException {
        try {
            receipts.force();
        } catch (IOException e) {
            throw new IOException("journal " + database + ": could not fdatasync the receipt log " + receipts.file()
                    + ": " + e.getMessage(), e);
        }
    }

    Path receiptFile() {
        return receipts.file();
    }

    /** Starts the receipt log again when everything in it is durably committed, and closes it. */
    synchronized void closeReceipts() {
        try (ReceiptLog receiptLog = receipts) {
            if (!keepReceipts && durableId == reservedId) {
                receiptLog.startAgain();
            }
        } catch (IOException e) {
            LOG.warn("journal {}: closing the receipt log {}: {}", database, receipts.file(), e.getMessage());
        }
    }
}
