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
import java.util.List;
import java.util.Map;
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
 * {@code power} a writer thread does.
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
    private final Connection connection;
    private final WriterStatements statements;
    private final JournalTransaction transaction;
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
                if (!queue.isEmpty()) {
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
     * thread commits.
     */
    void commitQueued() {
        if (!callerCommits) {
            return;
        }
        commitLock.lock();
        try {
            List<Pending> batch = new ArrayList<>();
            queue.drainTo(batch, MAX_BATCH);
            if (!batch.isEmpty()) {
                commit(batch, false);
                completeFlushes(batch);
            }
        } finally {
            commitLock.unlock();
        }
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
     * Writes the records of a receipt log the database lacks (a crash or kill came before their commit) as
     * received and unfinished, so that the start carries them out like any unfinished object.
     */
    private void commitReceipts(List<ReceiptLog.Receipt> logged) throws SQLException {
        long highest = selectHighestId();
        List<Received> missing = new ArrayList<>();
        for (ReceiptLog.Receipt receipt : logged) {
            if (receipt.id() > highest) {
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

    /** Queues an item; fails once the writer has been stopped. */
    synchronized void submit(Pending pending) {
        if (stopped) {
            throw new IllegalStateException("journal " + file + " is closed");
        }
        queue.add(pending);
    }

    /**
     * Commits everything queued so far, ends the thread and closes the connection; later submissions fail.
     * Calling it again does nothing.
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
        while (!queue.isEmpty()) {
            commitQueued();
        }
        JournalFile.closeQuietly(connection);
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
            JournalFile.closeQuietly(connection);
        }
    }

    /**
     * At power, on closing: a checkpoint syncs the write-ahead log and then the database file (SQLite does so at
     * {@code synchronous = NORMAL} too), so every commit is on disk and the receipt log may start again.
     */
    private void checkpointDurably() {
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
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                log.warn("journal {}: writer interrupted; it goes on until the journal is closed", file);
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (receiptLogDue()) {
                commitAllAndStartReceiptsAgain(batch);
            } else {
                commit(batch, false);
            }
            stop = completeFlushes(batch);
        }
    }

    /**
     * At power, once the receipt log has grown past {@link ReceiptLog#EMPTY_AFTER_BYTES}: pauses {@link #receive}
     * (for one commit, about a millisecond every few hundred objects), commits every record in the log with an
     * fsync of the write-ahead log, and so lets the log start again. Without the pause, records always in flight
     * under a steady stream would keep the log from ever starting again.
     */
    private void commitAllAndStartReceiptsAgain(List<Pending> batch) {
        synchronized (this) {
            pausingReceipts = true; // a receive under way has queued its record: it held the lock
        }
        try {
            queue.drainTo(batch);
            commit(batch, true);
        } finally {
            synchronized (this) {
                pausingReceipts = false;
                notifyAll();
            }
        }
    }

    /** Commits the batch; at power with an fsync of the write-ahead log when {@code sync} or it holds work. */
    private void commit(List<Pending> batch, boolean sync) {
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
            return;
        }
        boolean synced = false;
        try {
            if (durability == Durability.POWER) {
                synced = syncCommit(sync || !work.isEmpty());
            }
            write(received, actionsToWrite, finished, work);
        } catch (SQLException e) {
            rollbackQuietly();
            fail(batch, JournalFile.problem(file, "could not record " + received.size() + " objects, "
                    + actionsToWrite.size() + " actions and " + finished.size() + " finishes", e));
            return;
        } catch (RuntimeException e) {
            rollbackQuietly();
            log.error("journal {}: unexpected failure writing {} items", file, batch.size(), e);
            fail(batch, new IOException("journal " + file + ": unexpected failure: " + e, e));
            return;
        }
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
     * Ends the failed transaction (SQLite may have ended it already, which makes ROLLBACK fail harmlessly) and
     * drops rows a failed batch left queued in the statements.
     */
    private void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statements.clearBatches();
            transaction.clearBatches();
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
