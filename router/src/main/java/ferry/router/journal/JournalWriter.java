package ferry.router.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the journal (group commit). Callers queue what they want written; everything queued while the previous
 * batch was being committed is written in one transaction, and then the callers' futures complete. Items are
 * written in the order they were queued. A received object's record is first appended to the {@link ReceiptLog}
 * ({@link #receive}), which gives it its id; at durability {@code power} the caller then waits for
 * {@link #syncReceipts}, one fdatasync of the log for every record appended meanwhile, and the database commits need
 * no fsync of their own until the receipt log starts again. At {@code process} whoever needs a commit makes it; at
 * {@code power} a writer thread does. A commit that fails because of the disk or the file system is not reported to
 * anyone: its batch is held and written again, first in order, on a new connection until it succeeds
 * ({@link #problem} says why meanwhile); only a close gives it up.
 */
final class JournalWriter {

    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    /** Bounds one transaction, so a burst does not hold callers of the first item for long. */
    private static final int MAX_BATCH = 4096;

    /** Something queued for the writer. */
    sealed interface Pending permits Received, Action, Finish, Work, Flush, Stop {
    }

    /**
     * A received object whose record is in the receipt log with id {@code id}; nobody waits for its commit.
     */
    record Received(ReceivedRecord record, long id) implements Pending {
    }

    /** An action's result; nobody waits for it. */
    record Action(long objectId, Instant recordedAt, ActionRecord action) implements Pending {
    }

    /**
     * An object is finished; its future completes once that is committed. {@code alsoWrite} (or null) commits in
     * the same transaction: what must count once per finished object.
     */
    record Finish(long objectId, Instant finishedAt, JournalWork alsoWrite, CompletableFuture<Void> done)
            implements Pending {
    }

    /** Another package's writing, in queue order after the journal's own items of its batch. */
    record Work(JournalWork work, CompletableFuture<Void> done) implements Pending {
    }

    /** Completes once everything queued before it has been committed (or has failed). */
    record Flush(CompletableFuture<Void> done) implements Pending {
    }

    /** The thread ends after committing everything queued before it, and closes the connection. */
    record Stop() implements Pending {
    }

    private final Path file;
    private final Durability durability;
    /**
     * The connection and its statements, used by the committing thread only. After a failed commit they are closed
     * and null: the SQLite driver finalizes a statement whose step failed with an error such as SQLITE_FULL (every
     * later use says "statement is not executing"), and the failed transaction may still be open; the next attempt
     * opens a new connection.
     */
    private Connection connection;
    private WriterStatements statements;
    private JournalTransaction transaction;
    /**
     * Items of batches whose commit failed because of the disk or the file system (full, read-only, an I/O error),
     * in queue order: written again, before anything queued after them, once {@link #retryAt} has come (used by the
     * committing thread only). Nothing in them is lost or reported failed while the journal runs.
     */
    private final List<Pending> held = new ArrayList<>();
    private long retryAt;
    private int failedAttempts;
    private Instant failingSince;
    /** Why the journal cannot write now, or null while it writes. */
    private volatile JournalProblem problem;
    /** The first wait before a failed commit is tried again; it doubles up to {@link #RETRY_LONGEST_MILLIS}. */
    static final long RETRY_FIRST_MILLIS = 250;
    static final long RETRY_LONGEST_MILLIS = 5_000;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong highestId;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong loggedSyncs = new AtomicLong();
    private final AtomicLong receiptSyncs = new AtomicLong();
    /** At power: whether the connection is at {@code synchronous = FULL} now (it opens so). */
    private boolean syncingCommits = true;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong actions = new AtomicLong();
    private final AtomicLong finishes = new AtomicLong();
    /**
     * At process: how long queued items nobody waits for (received records already in the receipt log, action
     * results, late finishes) may wait for a commit; what arrives meanwhile shares it.
     */
    static final long QUIET_COMMIT_MILLIS = 10;
    /** The receipt log, appended before each C-STORE response. */
    private final ReceiptLog receipts;
    /** The last id given to a received record (guarded by this). */
    private long reservedId;
    /** The highest id committed to the database (guarded by this). */
    private long committedId;
    /**
     * The highest id whose commit is durable (guarded by this): at process every commit is; at power every commit
     * up to the last one that ended with an fsync of the write-ahead log.
     */
    private long durableId;
    /** At power: {@link #receive} waits while the writer commits everything to start the receipt log again. */
    private boolean pausingReceipts;
    /** A batch of records failed to commit; the receipt log keeps them for the next start (guarded by this). */
    private boolean keepReceipts;

    /** At power: the threads of the group syncs below, one each (syncs of one kind never overlap); null at process. */
    private final ExecutorService receiptSyncer;
    private final ExecutorService directorySyncer;
    private final ExecutorService walSyncer;
    /** At power: fdatasyncs of the receipt log for callers of {@link #syncReceipts}; null at process. */
    private final GroupSync receiptSync;
    /** At power: fsyncs of each spool directory for callers of {@link #syncReceipts} (spool folders are few). */
    private final Map<Path, GroupSync> directorySyncs = new ConcurrentHashMap<>();
    /** At power: fsyncs of the write-ahead log for callers of {@link #whenDurable}; null at process. */
    private final GroupSync walSync;
    /**
     * At power: how long the WAL syncer gathers callers of {@link #whenDurable} before one fsync serves them all.
     * Nothing on a response's path waits for it.
     */
    static final long DURABLE_WITHIN_MILLIS = 20;
    private final AtomicLong spoolDirectorySyncs = new AtomicLong();
    private final boolean callerCommits;
    private final ScheduledExecutorService timer;
    private final ReentrantLock commitLock = new ReentrantLock();
    private boolean stopped;

    JournalWriter(Path file, Durability durability, Connection connection) throws SQLException, IOException {
        this.file = file;
        this.durability = durability;
        this.connection = connection;
        this.statements = new WriterStatements(connection);
        this.transaction = new JournalTransaction(connection);
        Path receiptFile = ReceiptLog.beside(file);
        commitReceipts(ReceiptLog.read(receiptFile));
        this.highestId = new AtomicLong(selectHighestId());
        this.reservedId = highestId.get();
        this.committedId = reservedId;
        this.durableId = reservedId; // at power the connection opens at synchronous FULL: the receipts' commit is
        this.receipts = ReceiptLog.open(receiptFile,
                durability == Durability.POWER ? ReceiptLog.PREALLOCATED_BYTES : 0);
        // At process whoever needs a commit makes it (a caller of finish or flush, or the timer for records
        // already safe in the receipt log): no writer thread to hand over to. At power the callers wait for the
        // receipt log's fdatasync, and a writer thread commits beside it.
        this.callerCommits = durability == Durability.PROCESS;
        if (callerCommits) {
            this.thread = null;
            // What nobody waits for (action results, late finishes) is committed with the next record, or by
            // this timer when no record comes.
            this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread timerThread = new Thread(runnable, "ferry-journal-timer");
                timerThread.setDaemon(true);
                return timerThread;
            });
            timer.scheduleWithFixedDelay(() -> {
                if (!queue.isEmpty() || problem != null) {
                    commitQueued();
                }
            }, QUIET_COMMIT_MILLIS, QUIET_COMMIT_MILLIS, TimeUnit.MILLISECONDS);
            this.receiptSyncer = null;
            this.directorySyncer = null;
            this.walSyncer = null;
            this.receiptSync = null;
            this.walSync = null;
        } else {
            this.timer = null;
            this.receiptSyncer = syncer("ferry-journal-receipt-sync");
            this.directorySyncer = syncer("ferry-journal-directory-sync");
            this.walSyncer = syncer("ferry-journal-wal-sync");
            this.receiptSync = new GroupSync(receiptSyncer, this::forceReceipts, 0, closedMessage());
            this.walSync = new GroupSync(walSyncer, this::forceWal, DURABLE_WITHIN_MILLIS, closedMessage());
            this.thread = new Thread(this::run, "ferry-journal-writer");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * At durability {@code process}, commits what is queued on the calling thread: whoever holds the lock commits
     * everything queued meanwhile, its own item and other callers' (group commit without a writer thread); a
     * caller whose item was taken by another finds it done. Does nothing at {@code power}, where the writer
     * thread commits. While a failed commit waits to be tried again, nothing is committed: returns how many
     * nanoseconds are left until the next attempt (0 when none is waiting), for a caller to wait that long.
     */
    long commitQueued() {
        if (!callerCommits) {
            return 0;
        }
        commitLock.lock();
        try {
            long wait = retryWait();
            if (wait > 0) {
                return wait;
            }
            List<Pending> batch = takeBatch(MAX_BATCH);
            if (!batch.isEmpty() && commit(batch, false)) {
                completeFlushes(batch);
            }
            return retryWait();
        } finally {
            commitLock.unlock();
        }
    }

    /** The held items of a failed commit first, then up to {@code most} queued ones. */
    private List<Pending> takeBatch(int most) {
        List<Pending> batch = new ArrayList<>(held);
        held.clear();
        queue.drainTo(batch, most);
        return batch;
    }

    /** Nanoseconds until a held batch is due again; 0 when none is held (or it is due). */
    private long retryWait() {
        return held.isEmpty() ? 0 : Math.max(0, retryAt - System.nanoTime());
    }

    /** Why the journal cannot write at the moment, or null when it writes. */
    JournalProblem problem() {
        return problem;
    }

    private static boolean completeFlushes(List<Pending> batch) {
        boolean stop = false;
        for (Pending pending : batch) {
            if (pending instanceof Flush flush) {
                flush.done().complete(null);
            } else if (pending instanceof Stop) {
                stop = true;
            }
        }
        return stop;
    }

    /**
     * Gives {@code record} the next id, appends it to the receipt log (handed to the operating system when this
     * returns; at {@code power} see {@link #syncReceipts}) and queues it for the next commit. Ids follow the order of
     * the log and of the queue.
     *
     * @throws IOException when the receipt log cannot be written: the object must not be acknowledged
     */
    synchronized long receive(ReceivedRecord record) throws IOException {
        while (pausingReceipts && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("journal " + file
                        + ": interrupted while the receipt log starts again");
            }
        }
        if (stopped) {
            throw new IllegalStateException("journal " + file + " is closed");
        }
        long id = reservedId + 1;
        try {
            receipts.append(id, record);
        } catch (IOException e) {
            throw new IOException("journal " + file + ": could not write the receipt log " + receipts.file() + ": "
                    + e.getMessage(), e);
        }
        reservedId = id;
        highestId.set(id);
        queue.add(new Received(record, id));
        return id;
    }

    /**
     * At durability {@code power}: completes once every record appended to the receipt log before this call is on
     * disk and, when {@code directory} is not null, once an fsync of that directory begun after this call has
     * completed. The receipt syncer fdatasyncs the log for the first caller waiting and so for every record appended
     * until then; the directory syncer, at the same time, fsyncs a directory for every caller that asked for it
     * until then. A caller already covered finds its future done without another sync (group commit). Fails,
     * naming the file, when a sync fails: the records it was to cover must not be acknowledged.
     */
    CompletableFuture<Void> syncReceipts(Path directory) {
        CompletableFuture<Void> logged = receiptSync.request();
        if (directory == null) {
            return logged;
        }
        GroupSync named = directorySyncs.computeIfAbsent(directory,
                d -> new GroupSync(directorySyncer, () -> syncDirectory(d), 0, closedMessage()));
        return CompletableFuture.allOf(logged, named.request());
    }

    /**
     * Completes once every commit made before this call is on disk: at {@code process} at once (it promises no
     * more); at {@code power} after an fsync of the write-ahead log that the WAL syncer makes within
     * {@value #DURABLE_WITHIN_MILLIS} ms for every caller until then. Commits at power end without an fsync of
     * their own (their records are safe in the receipt log); what may only be done once the actions and finishes
     * they hold survive a power cut, such as removing a spool file's name, waits for this.
     */
    CompletableFuture<Void> whenDurable() {
        return durability == Durability.PROCESS ? CompletableFuture.completedFuture(null) : walSync.request();
    }

    private String closedMessage() {
        return "journal " + file + " is closed";
    }

    /**
     * fdatasyncs SQLite's write-ahead log through a descriptor of our own: every frame SQLite wrote before is then
     * on disk, so every commit made before (frames already copied into the database file by a checkpoint were
     * synced by it). No log file means the journal closed and folded it in, syncing.
     */
    private void forceWal() throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            channel.force(false);
        } catch (NoSuchFileException closed) {
            return;
        } catch (IOException e) {
            throw new IOException("journal " + file + ": could not fsync the write-ahead log " + wal + ": "
                    + e.getMessage(), e);
        }
        loggedSyncs.incrementAndGet();
    }

    private static ExecutorService syncer(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread syncer = new Thread(runnable, name);
            syncer.setDaemon(true);
            return syncer;
        });
    }

    private void forceReceipts() throws IOException {
        try {
            receipts.force();
        } catch (IOException e) {
            throw new IOException("journal " + file + ": could not fdatasync the receipt log " + receipts.file()
                    + ": " + e.getMessage(), e);
        }
        receiptSyncs.incrementAndGet();
    }

    /** Only the directory syncer calls this. */
    private void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("journal " + file + ": could not fsync spool directory " + directory + ": "
                    + e.getMessage(), e);
        }
        spoolDirectorySyncs.incrementAndGet();
    }

    /**
     * Writes the records of a receipt log the database lacks (a crash or kill came before their commit, or their
     * commit failed for good) as received and unfinished, so that the start carries them out like any unfinished
     * object. A record is missing when its id is not in the database, also below the highest id there.
     */
    private void commitReceipts(List<ReceiptLog.Receipt> logged) throws SQLException {
        if (logged.isEmpty()) {
            return;
        }
        Set<Long> present = new HashSet<>();
        try (PreparedStatement ids = connection.prepareStatement(JournalSql.OBJECT_IDS_BETWEEN)) {
            ids.setLong(1, logged.stream().mapToLong(ReceiptLog.Receipt::id).min().orElseThrow());
            ids.setLong(2, logged.stream().mapToLong(ReceiptLog.Receipt::id).max().orElseThrow());
            try (ResultSet row = ids.executeQuery()) {
                while (row.next()) {
                    present.add(row.getLong(1));
                }
            }
        }
        List<Received> missing = new ArrayList<>();
        for (ReceiptLog.Receipt receipt : logged) {
            if (!present.contains(receipt.id())) {
                missing.add(new Received(receipt.record(), receipt.id()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        statements.begin.execute();
        try {
            insertObjects(missing);
            statements.commit.execute();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
        log.info("journal {}: {} record(s) of acknowledged objects taken from the receipt log", file,
                missing.size());
    }

    private synchronized boolean closing() {
        return stopped;
    }

    /** Queues an item; fails once the writer has been stopped. */
    synchronized void submit(Pending pending) {
        if (stopped) {
            throw new IllegalStateException("journal " + file + " is closed");
        }
        queue.add(pending);
    }

    /**
     * Commits everything queued so far, ends the thread and closes the connection; later submissions fail.
     * Calling it again does nothing. When the journal cannot write even then, what it holds is given up (its
     * records stay in the receipt log for the next start).
     */
    void close() throws InterruptedException {
        synchronized (this) {
            if (!stopped) {
                queue.add(new Stop());
                stopped = true;
            }
        }
        if (thread != null) {
            thread.join();
            receiptSyncer.shutdown();
            directorySyncer.shutdown();
            walSyncer.shutdown();
            receiptSyncer.awaitTermination(10, TimeUnit.SECONDS);
            directorySyncer.awaitTermination(10, TimeUnit.SECONDS);
            walSyncer.awaitTermination(10, TimeUnit.SECONDS);
            closeReceipts();
            return;
        }
        timer.shutdown(); // no interrupt: it could close the receipt log's channel in the middle of a write
        timer.awaitTermination(10, TimeUnit.SECONDS);
        commitLock.lock();
        try {
            while (!queue.isEmpty() || !held.isEmpty()) {
                List<Pending> batch = takeBatch(MAX_BATCH);
                if (!commit(batch, false)) {
                    giveUpHeld();
                }
                completeFlushes(batch);
            }
        } finally {
            commitLock.unlock();
        }
        closeConnection();
        closeReceipts();
    }

    /** Starts the receipt log again when everything in it is durably committed, and closes it. */
    private synchronized void closeReceipts() {
        try (ReceiptLog receiptLog = receipts) {
            if (!keepReceipts && durableId == reservedId) {
                receiptLog.startAgain();
            }
        } catch (IOException e) {
            log.warn("journal {}: closing the receipt log {}: {}", file, receipts.file(), e.getMessage());
        }
    }

    /** The highest object id given so far (given when the record reached the receipt log). */
    long highestId() {
        return highestId.get();
    }

    CommitStats stats(long spoolFileSyncs) {
        long committed = transactions.get();
        return new CommitStats(committed, loggedSyncs.get(), receiptSyncs.get(), objects.get(),
                actions.get(), finishes.get(), spoolFileSyncs, spoolDirectorySyncs.get());
    }

    private void run() {
        try {
            writeUntilStopped();
            checkpointDurably();
        } finally {
            closeConnection();
        }
    }

    /**
     * At power, on closing: a checkpoint syncs the write-ahead log and then the database file (SQLite does so at
     * {@code synchronous = NORMAL} too), so every commit is on disk and the receipt log may start again.
     */
    private void checkpointDurably() {
        if (connection == null) {
            return; // the last commit failed: the receipt log keeps its records
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(JournalSql.CHECKPOINT)) {
            if (result.next() && result.getInt(1) == 0) {
                synchronized (this) {
                    durableId = committedId;
                }
            }
        } catch (SQLException e) {
            log.warn("journal {}: the checkpoint at closing failed: {}", file, e.getMessage());
        }
    }

    private void writeUntilStopped() {
        boolean stop = false;
        while (!stop) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                log.warn("journal {}: writer interrupted; it goes on until the journal is closed", file);
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            boolean committed = receiptLogDue() ? commitAllAndStartReceiptsAgain(batch) : commit(batch, false);
            boolean stopping = batch.stream().anyMatch(Stop.class::isInstance);
            if (!committed && stopping) {
                giveUpHeld();
                committed = true;
            }
            if (committed) {
                stop = completeFlushes(batch);
            }
        }
    }

    /**
     * At power, the writer thread's next batch: the held items of a failed commit once they are due (or at once
     * when the journal is closing), with what was queued meanwhile; else what is queued, waiting for the first item.
     */
    private List<Pending> nextBatch() throws InterruptedException {
        if (!held.isEmpty()) {
            long wait = retryWait();
            if (wait > 0 && !closing()) {
                Pending first = queue.poll(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(QUIET_COMMIT_MILLIS)),
                        TimeUnit.NANOSECONDS);
                if (first != null) {
                    held.add(first); // written in queue order after the held items, at the next attempt
                }
                return List.of();
            }
            return takeBatch(MAX_BATCH - 1);
        }
        List<Pending> batch = new ArrayList<>();
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        return batch;
    }

    /**
     * At power, once the receipt log has grown past {@link ReceiptLog#EMPTY_AFTER_BYTES}: pauses {@link #receive}
     * (for one commit, about a millisecond every few hundred objects), commits every record in the log with an
     * fsync of the write-ahead log, and so lets the log start again. Without the pause, records always in flight
     * under a steady stream would keep the log from ever starting again. Returns false when the commit is held.
     */
    private boolean commitAllAndStartReceiptsAgain(List<Pending> batch) {
        synchronized (this) {
            pausingReceipts = true; // a receive under way has queued its record: it held the lock
        }
        try {
            queue.drainTo(batch);
            return commit(batch, true);
        } finally {
            synchronized (this) {
                pausingReceipts = false;
                notifyAll();
            }
        }
    }

    /**
     * Commits the batch; at power with an fsync of the write-ahead log when {@code sync} or it holds work. Returns
     * false when the commit failed because of the disk or the file system (full, read-only, an input/output error):
     * the batch is then held, to be written again after a wait (see {@link #held}), and nobody is told yet. Any
     * other failure fails the batch's waiting callers.
     */
    private boolean commit(List<Pending> batch, boolean sync) {
        List<Received> received = new ArrayList<>();
        List<Action> actionsToWrite = new ArrayList<>();
        List<Finish> finished = new ArrayList<>();
        List<Work> work = new ArrayList<>();
        for (Pending pending : batch) {
            if (pending instanceof Received r) {
                received.add(r);
            } else if (pending instanceof Action a) {
                actionsToWrite.add(a);
            } else if (pending instanceof Finish f) {
                finished.add(f);
            } else if (pending instanceof Work w) {
                work.add(w);
            }
        }
        if (received.isEmpty() && actionsToWrite.isEmpty() && finished.isEmpty() && work.isEmpty()) {
            return true;
        }
        String what = received.size() + " objects, " + actionsToWrite.size() + " actions and " + finished.size()
                + " finishes";
        boolean synced = false;
        try {
            openConnection();
            if (durability == Durability.POWER) {
                synced = syncCommit(sync || !work.isEmpty());
            }
            write(received, actionsToWrite, finished, work);
        } catch (SQLException e) {
            closeConnection();
            IOException failure = JournalFile.problem(file, "could not record " + what, e);
            if (JournalFile.passes(e)) {
                hold(batch, failure);
                return false;
            }
            fail(batch, failure);
            holdsNothing();
            return true;
        } catch (IOException e) {
            hold(batch, new IOException("journal " + file + " could not record " + what + ": " + e.getMessage(), e));
            return false;
        } catch (RuntimeException e) {
            closeConnection();
            log.error("journal {}: unexpected failure writing {} items", file, batch.size(), e);
            fail(batch, new IOException("journal " + file + ": unexpected failure: " + e, e));
            holdsNothing();
            return true;
        }
        writesAgain(received.size() + actionsToWrite.size() + finished.size() + work.size());
        transactions.incrementAndGet();
        if (synced) {
            loggedSyncs.incrementAndGet();
        }
        objects.addAndGet(received.size());
        actions.addAndGet(actionsToWrite.size());
        finishes.addAndGet(finished.size());
        // ids were given by receive()
        committed(received.isEmpty() ? 0 : received.get(received.size() - 1).id(),
                durability == Durability.PROCESS || synced);
        finished.forEach(f -> f.done().complete(null));
        work.forEach(w -> w.done().complete(null));
        return true;
    }

    /**
     * Keeps a batch that failed to commit because of the disk for the next attempt, after a wait that doubles from
     * {@value #RETRY_FIRST_MILLIS} ms up to {@value #RETRY_LONGEST_MILLIS} ms; the journal reports the problem
     * meanwhile ({@link #problem}).
     */
    private void hold(List<Pending> batch, IOException failure) {
        held.clear();
        held.addAll(batch);
        failedAttempts++;
        long wait = Math.min(RETRY_LONGEST_MILLIS, RETRY_FIRST_MILLIS << Math.min(failedAttempts - 1, 16));
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        Instant now = Instant.now();
        if (failingSince == null) {
            failingSince = now;
            log.error("{}; kept in memory and written again as soon as the journal can write (tried every few"
                    + " seconds; records of acknowledged objects are safe in the receipt log {} meanwhile)",
                    failure.getMessage(), receipts.file());
        }
        long items = held.stream().filter(p -> !(p instanceof Flush) && !(p instanceof Stop)).count();
        problem = new JournalProblem(failure.getMessage(), failingSince, failedAttempts, now.plusMillis(wait),
                (int) items);
    }

    /** A commit succeeded: when the journal could not write before, it can again. */
    private void writesAgain(int items) {
        if (failingSince != null) {
            log.info("journal {} writes again after {} failed attempt(s) since {}; {} held item(s) written", file,
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
    private void giveUpHeld() {
        List<Pending> given = new ArrayList<>(held);
        held.clear();
        JournalProblem last = problem;
        fail(given, new IOException(last == null ? "journal " + file + " could not write" : last.reason()));
        holdsNothing();
        completeFlushes(given);
    }

    /** Opens the connection and prepares its statements when a failed commit closed them. */
    private void openConnection() throws IOException, SQLException {
        if (connection != null) {
            return;
        }
        Connection opened = JournalFile.openWriter(file, durability);
        try {
            statements = new WriterStatements(opened);
        } catch (SQLException e) {
            JournalFile.closeQuietly(opened);
            throw e;
        }
        transaction = new JournalTransaction(opened);
        connection = opened;
        syncingCommits = durability == Durability.POWER; // openWriter sets synchronous = FULL at power
    }

    /**
     * Closes the connection after a failed commit (the transaction it left open is rolled back) or at the end;
     * the next commit opens another.
     */
    private void closeConnection() {
        if (connection != null) {
            rollbackQuietly();
            JournalFile.closeQuietly(connection);
            connection = null;
            statements = null;
            transaction = null;
        }
    }

    /**
     * At power: whether the receipt log has grown enough to start again, which needs its records' commits on disk
     * first ({@link #commitAllAndStartReceiptsAgain}).
     */
    private synchronized boolean receiptLogDue() {
        return durability == Durability.POWER && !keepReceipts && receipts.size() >= ReceiptLog.EMPTY_AFTER_BYTES;
    }

    /**
     * Notes the commit of every record up to {@code id} ({@code durable}: and of every commit so far on disk);
     * starts the receipt log again when it may.
     */
    private synchronized void committed(long id, boolean durable) {
        committedId = Math.max(committedId, id);
        if (durable) {
            durableId = committedId;
        }
        if (!keepReceipts && durableId == reservedId && receipts.size() >= ReceiptLog.EMPTY_AFTER_BYTES) {
            try {
                receipts.startAgain();
            } catch (IOException e) {
                log.warn("journal {}: could not start the receipt log {} again: {}", file, receipts.file(),
                        e.getMessage());
            }
        }
    }

    /**
     * At power, sets whether this commit ends with an fsync of the write-ahead log: a batch with another package's
     * work (forwarding jobs' deliveries, which release spool files) must be on disk before anyone is told, and so
     * must the records of the receipt log before it starts again. Received records are safe in the receipt log, and
     * action results and finishes lost at a power cut are carried out again at the start (placing what is already
     * placed finds it there). The next synced commit fsyncs the log with these frames in it. Returns whether this
     * commit syncs.
     */
    private boolean syncCommit(boolean sync) throws SQLException {
        if (sync != syncingCommits) {
            (sync ? statements.synchronousFull : statements.synchronousNormal).execute();
            syncingCommits = sync;
        }
        return sync;
    }

    /** Writes the batch in one transaction. */
    private void write(List<Received> received, List<Action> actionsToWrite, List<Finish> finished,
                       List<Work> work) throws SQLException {
        statements.begin.execute();
        if (!received.isEmpty()) {
            insertObjects(received);
        }
        if (!actionsToWrite.isEmpty()) {
            insertActions(actionsToWrite);
        }
        if (!finished.isEmpty()) {
            markFinished(finished);
        }
        for (Work w : work) {
            w.work().write(transaction);
        }
        statements.commit.execute();
    }

    private void insertObjects(List<Received> received) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        PreparedStatement object = statements.insertObject;
        for (Received r : received) {
            ReceivedRecord record = r.record();
            object.setLong(1, r.id());
            object.setLong(2, nanos(record.receivedAt()));
            object.setString(3, record.callingAeTitle());
            object.setString(4, record.calledAeTitle());
            object.setString(5, record.peerAddress());
            object.setString(6, record.sopClassUid());
            object.setString(7, record.sopInstanceUid());
            object.setString(8, record.studyInstanceUid());
            object.setString(9, record.seriesInstanceUid());
            object.setString(10, record.transferSyntaxUid());
            object.setLong(11, record.size());
            object.setString(12, record.spoolFile().toString());
            object.setInt(13, record.unrouted() ? 1 : 0);
            object.setString(14, String.join(JournalSql.ROUTE_SEPARATOR, record.routes()));
            if (record.hasSpoolChecksum()) {
                object.setLong(15, record.spoolChecksum());
            } else {
                object.setNull(15, Types.INTEGER);
            }
            object.addBatch();
            for (String name : countNames(record)) {
                count(counts, name, record.size());
            }
        }
        object.executeBatch();
        PreparedStatement addCount = statements.addCount;
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            addCount.setString(1, entry.getKey());
            addCount.setLong(2, entry.getValue()[0]);
            addCount.setLong(3, entry.getValue()[1]);
            addCount.addBatch();
        }
        addCount.executeBatch();
    }

    /** The {@code received_count} rows an object counts in: its routes' (or unrouted) and the total. */
    private static List<String> countNames(ReceivedRecord record) {
        List<String> names = new ArrayList<>(record.routes().size() + 1);
        for (String route : record.routes()) {
            names.add(JournalSql.COUNT_ROUTE_PREFIX + route);
        }
        if (record.unrouted()) {
            names.add(JournalSql.COUNT_UNROUTED);
        }
        names.add(JournalSql.COUNT_TOTAL);
        return names;
    }

    /** Takes an object that was never acknowledged back out of the received counts its record added to. */
    static JournalWork uncount(ReceivedRecord record) {
        return transaction -> {
            PreparedStatement add = transaction.statement(JournalSql.ADD_COUNT);
            for (String name : countNames(record)) {
                add.setString(1, name);
                add.setLong(2, -1);
                add.setLong(3, -record.size());
                add.addBatch();
            }
            add.executeBatch();
        };
    }

    private static void count(Map<String, long[]> counts, String name, long bytes) {
        long[] count = counts.computeIfAbsent(name, n -> new long[2]);
        count[0]++;
        count[1] += bytes;
    }

    private void insertActions(List<Action> actionsToWrite) throws SQLException {
        PreparedStatement insert = statements.insertAction;
        for (Action a : actionsToWrite) {
            insert.setLong(1, a.objectId());
            insert.setLong(2, nanos(a.recordedAt()));
            insert.setString(3, a.action().route());
            insert.setString(4, a.action().action());
            insert.setString(5, a.action().result());
            insert.setString(6, a.action().detail());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    private void markFinished(List<Finish> finished) throws SQLException {
        PreparedStatement update = statements.finishObject;
        for (Finish f : finished) {
            update.setLong(1, nanos(f.finishedAt()));
            update.setLong(2, f.objectId());
            update.addBatch();
        }
        update.executeBatch();
        for (Finish f : finished) {
            if (f.alsoWrite() != null) {
                f.alsoWrite().write(transaction);
            }
        }
    }

    private void fail(List<Pending> batch, IOException failure) {
        int lostActions = 0;
        boolean lostRecords = false;
        for (Pending pending : batch) {
            if (pending instanceof Received) {
                lostRecords = true;
            } else if (pending instanceof Finish f) {
                f.done().completeExceptionally(failure);
            } else if (pending instanceof Work w) {
                w.done().completeExceptionally(failure);
            } else if (pending instanceof Action) {
                lostActions++;
            }
        }
        if (lostRecords) {
            synchronized (this) {
                keepReceipts = true;
            }
            log.error("{}; the records of acknowledged objects stay in the receipt log {} and are committed at the"
                    + " next start", failure.getMessage(), receipts.file());
        }
        if (lostActions > 0) {
            log.error("{}; {} action results were not recorded (their objects stay unfinished and are carried out"
                    + " again after a restart)", failure.getMessage(), lostActions);
        }
    }

    /**
     * Ends the failed transaction (SQLite may have ended it already, which makes ROLLBACK fail harmlessly); rows a
     * failed batch left queued in the statements go with the connection, which is closed next.
     */
    private void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.ROLLBACK);
        } catch (SQLException e) {
            log.debug("journal {}: rollback after a failed commit: {}", file, e.getMessage());
        }
    }

    private long selectHighestId() throws SQLException {
        try (ResultSet result = statements.highestObjectId.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Nanoseconds since the epoch: exact for an Instant up to the year 2262. */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
