package ferry.router.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.database.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The routing record of every received object, in an embedded SQLite database (WAL). A C-STORE success response
 * is sent only after {@link #recordReceived} has returned: the record is then safe at the journal's durability, as
 * its {@link DurabilityPolicy} states. Many threads call it at once; each record is appended to a receipt log beside
 * the database first, and what they queue meanwhile is committed in one transaction (group commit) by the strategy
 * the policy chooses: the callers themselves ({@link CallerCommits}, {@code process}) or a writer thread
 * ({@link WriterThread}, {@code power}), both through one {@link BatchCommitter}. Reads use a connection of their
 * own. Records stay after they are finished: everything a route did to an object is kept (docs/durability.md).
 * When a commit fails because of the disk (full, read-only, an input/output error), nothing queued is dropped: it is
 * written again, in order, on a new connection, every few seconds until that succeeds, and {@link #problem} says why
 * meanwhile.
 *
 * <p>Thread-safe. Close it to flush the queued {@link #recordAction} results.
 */
public final class Journal implements AutoCloseable {

    /** The route name journaled for what happened on receipt, before any route ran. */
    public static final String RECEIVE_ROUTE = "(receive)";

    private final Database database;
    private final DurabilityPolicy policy;
    private final WriteQueue queue;
    private final CommitStrategy strategy;
    private final BatchCommitter committer;
    private final JournalQueries queries;
    private volatile boolean closed;

    /**
     * What the caller does to make a received object's file durable while the journal makes its record so: run on
     * the calling thread between the record's append to the receipt log and the wait for that to be safe (at
     * {@code power} the log's fdatasync runs meanwhile). A failure refuses the object.
     */
    @FunctionalInterface
    public interface FileSync {
        /** Nothing to sync: the file is as safe as the level promises once written. */
        FileSync NOTHING = () -> { };

        void sync() throws IOException;
    }

    private Journal(Database database, DurabilityPolicy policy, WriteQueue queue, CommitStrategy strategy,
                    BatchCommitter committer, JournalQueries queries) {
        this.database = database;
        this.policy = policy;
        this.queue = queue;
        this.strategy = strategy;
        this.committer = committer;
        this.queries = queries;
    }

    /**
     * Opens the journal, creating the database when the file does not exist and bringing an older schema up to
     * date. The directory must exist and be writable. Records the receipt log holds and the database lacks are
     * committed first; then the commits go as {@code durability}'s policy says ({@link
     * DurabilityPolicy#callersCommit}).
     *
     * @throws IOException naming the file and what to do, when the directory is missing or read-only, the file is
     *                     not a Ferry journal or is damaged, or it was written by a newer Ferry
     */
    public static Journal open(Path databaseFile, Durability durability) throws IOException {
        return open(new SqliteDatabase(databaseFile), durability);
    }

    /**
     * Opens the journal in {@code database}: {@link #open(Path, Durability)} for an SQLite file, or a PostgreSQL
     * server that other nodes may share (docs/cluster.md). The node registers itself there ({@code ferry_node}).
     *
     * @throws IOException naming the database and what to do when it cannot be reached or used, holds another
     *                     program's tables, or was written by a newer Ferry
     */
    public static Journal open(Database database, Durability durability) throws IOException {
        DurabilityPolicy policy = Objects.requireNonNull(durability, "durability").policy();
        database.check();
        // where a writer thread commits, received records wait for an fdatasync of the receipt log instead: it is
        // written full ahead (cheaper syncs), and commits that must be on disk are synced
        boolean writerThread = !policy.callersCommit();
        Connection writeConnection = database.openWriter(writerThread);
        WriteQueue queue;
        BatchCommitter committer;
        try {
            JournalSchema.migrate(writeConnection, database);
            JournalStore store = JournalStore.on(database, writeConnection, writerThread);
            store.registerNode(JournalTransaction.nanos(Instant.now()));
            Path receiptFile = database.receiptLog();
            BatchCommitter.commitLogged(database, store, ReceiptLog.read(receiptFile));
            ObjectIds ids = database.dialect() == SqlDialect.SQLITE ? ObjectIds.COUNTING
                    : ObjectIds.inBlocks(() -> nextIdBlock(database));
            queue = new WriteQueue(database, ReceiptLog.open(receiptFile,
                    writerThread ? ReceiptLog.PREALLOCATED_BYTES : 0), store.highestObjectId(), ids);
            committer = new BatchCommitter(database, queue, store, writerThread);
        } catch (SQLException e) {
            Database.closeQuietly(writeConnection);
            throw database.problem("cannot be opened", e);
        } catch (IOException | RuntimeException e) {
            Database.closeQuietly(writeConnection);
            throw e;
        }
        CommitStrategy strategy = writerThread ? new WriterThread(database, committer, queue)
                : new CallerCommits(database, committer, queue);
        try {
            return new Journal(database, policy, queue, strategy, committer,
                    new JournalQueries(database, database.openReader()));
        } catch (IOException e) {
            closeQuietly(strategy);
            throw e;
        }
    }

    /** A fresh block of object ids from the shared database's sequence, on a connection of its own. */
    private static long nextIdBlock(Database database) throws IOException {
        try (Connection connection = database.openReader();
             Statement statement = connection.createStatement();
             ResultSet block = statement.executeQuery(JournalSql.NEXT_OBJECT_ID_BLOCK)) {
            block.next();
            return block.getLong(1);
        } catch (SQLException e) {
            throw database.problem("gave no object ids", e);
        }
    }

    /** The schema version this Ferry writes and understands; journals of a newer one are refused. */
    public static int schemaVersion() {
        return JournalSchema.latestVersion();
    }

    /** Where the journal is. */
    public Database database() {
        return database;
    }

    public Durability durability() {
        return policy.level();
    }

    /** What the journal's durability level promises and decides. */
    public DurabilityPolicy policy() {
        return policy;
    }

    /**
     * Records a received object and its routing decision; returns its id once the record is safe at the
     * durability level. The record is appended to the receipt log in one write (handed to the operating system)
     * and committed to the database shortly after, in one transaction with whatever else arrived meanwhile (at
     * {@code process} within {@value CallerCommits#QUIET_COMMIT_MILLIS} ms); a crash before that commit finds it in
     * the receipt log at the next start. At {@code power} the receipt log is written over blocks it already has and
     * fdatasync'd (by the receipt syncer, once for every record appended meanwhile) while the calling thread runs
     * {@code fileSync}; the id is returned when both are done, and the database commit follows without an fsync of
     * its own. The record may thus reach the disk before its file: the record carries the file's checksum
     * ({@link ReceivedRecord#spoolChecksum}), and a start after a power cut drops records whose file does not match
     * it ({@link #dropIfNeverAcknowledged}), objects that were never acknowledged.
     *
     * @param fileSync makes the object's file durable as the level asks (the spool's), meanwhile
     * @return the object's id: positive, unique, increasing in receipt log order
     * @throws IOException when the record or the file could not be made safe; the object must then not be
     *                     acknowledged (a record already logged is finished as not acknowledged)
     */
    public long recordReceived(ReceivedRecord record, FileSync fileSync) throws IOException {
        Objects.requireNonNull(record, "record");
        ensureOpen();
        long id = queue.receive(record);
        CompletableFuture<Void> logged = strategy.receiptSafe();
        try {
            fileSync.sync();
            if (logged != null) {
                await(logged);
            }
        } catch (IOException | RuntimeException e) {
            finishUnacknowledged(id, record, e);
            throw e;
        }
        return id;
    }

    /** {@link #recordReceived(ReceivedRecord, FileSync)} of a record whose file needs no syncing of the caller's. */
    public long recordReceived(ReceivedRecord record) throws IOException {
        return recordReceived(record, FileSync.NOTHING);
    }

    /**
     * The spool file, its directory or the receipt log of a logged record could not be made durable: its object is
     * refused, so its record is finished with a {@link #RECEIVE_ROUTE} action saying so and taken out of the counts,
     * and nothing is carried out for it.
     */
    private void finishUnacknowledged(long id, ReceivedRecord record, Exception cause) {
        try {
            queue.submit(new JournalItem.Action(id, Instant.now(), new ActionRecord(RECEIVE_ROUTE, "receive",
                    "not-acknowledged", cause.getMessage())));
            finish(id, JournalStore.uncount(record));
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e); // the journal fails too: the record stays unfinished in the receipt log
        }
    }

    /**
     * At a start, before carrying out an unfinished object: when its record has a spool checksum and nothing was
     * done for it yet, checks that the spool file is there with that size and checksum. When it is not, the object
     * was never acknowledged (a power cut came between the receipt of its record and the fsync of its file, see
     * {@link #recordReceived}): its record is finished with a {@link #RECEIVE_ROUTE} action {@code dropped}, taken
     * out of the counts, and true is returned; the caller deletes the file. False when the object is intact (or
     * cannot be checked).
     */
    public boolean dropIfNeverAcknowledged(UnfinishedObject object) throws IOException {
        ReceivedRecord record = object.record();
        if (!record.hasSpoolChecksum() || !object.actionsDone().isEmpty()) {
            return false;
        }
        String problem = SpoolFileCheck.problem(record.spoolFile(), record.size(), record.spoolChecksum());
        if (problem == null) {
            return false;
        }
        recordAction(object.id(), new ActionRecord(RECEIVE_ROUTE, "receive", "dropped",
                "never acknowledged: " + problem));
        finish(object.id(), JournalStore.uncount(record));
        return true;
    }

    /**
     * Records what one action of a route did to an object. Asynchronous: the result is queued and committed with
     * the next batch, after everything recorded before it (so per object, in call order); {@link #finish}, {@link
     * #unfinished}, {@link #counts} and {@link #close} wait for it. A result lost in a crash before that commit
     * leaves the action to be carried out again after the restart.
     *
     * @throws IllegalArgumentException when no object has that id
     */
    public void recordAction(long objectId, ActionRecord action) throws IOException {
        Objects.requireNonNull(action, "action");
        ensureOpen();
        checkId(objectId);
        queue.submit(new JournalItem.Action(objectId, Instant.now(), action));
    }

    /**
     * Marks the object finished: all its actions are done. Returns once that is committed (with the action results
     * recorded before it), so the spool file may be deleted afterwards. Finishing an object twice does nothing.
     *
     * @throws IllegalArgumentException when no object has that id
     */
    public void finish(long objectId) throws IOException {
        finish(objectId, null);
    }

    /**
     * {@link #finish(long)}, with {@code alsoWrite} (or null) committed in the same transaction: what must count
     * exactly once per finished object (a study's arrivals).
     */
    public void finish(long objectId, JournalWork alsoWrite) throws IOException {
        ensureOpen();
        checkId(objectId);
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit(new JournalItem.Finish(objectId, Instant.now(), alsoWrite, done));
        strategy.commitUntilDone(done);
        await(done);
    }

    /**
     * Marks the object finished without waiting: committed with the next batch (at {@code process} with the next
     * record, or within {@value CallerCommits#QUIET_COMMIT_MILLIS} ms); a crash before it leaves the object
     * unfinished, to be carried out again at the restart.
     *
     * @throws IllegalArgumentException when no object has that id
     */
    public void finishLater(long objectId) throws IOException {
        finishLater(objectId, null);
    }

    /**
     * {@link #finishLater(long)}, with {@code alsoWrite} (or null) committed in the same transaction. The returned
     * future completes once that commit is done (exceptionally when it failed); what depends on the commit (handing
     * jobs to workers) chains on it. Callbacks run on the committing thread: keep them short.
     */
    public CompletableFuture<Void> finishLater(long objectId, JournalWork alsoWrite) throws IOException {
        ensureOpen();
        checkId(objectId);
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit(new JournalItem.Finish(objectId, Instant.now(), alsoWrite, done));
        return done;
    }

    /**
     * Completes once every commit made before this call is on disk. At {@code process} at once: that level promises
     * nothing against a power cut. At {@code power}, commits holding only records, action results and finishes end
     * without an fsync (the records are safe in the receipt log); this completes after an fsync of the database's
     * log shared by every caller within {@value WriterThread#DURABLE_WITHIN_MILLIS} ms. Callbacks run on the
     * journal's WAL syncer thread: keep them short. Fails once the journal is closed.
     */
    public CompletableFuture<Void> whenDurable() {
        return strategy.whenDurable(); // also while closing: the last commits' callers get their answer
    }

    /**
     * Writes {@code work} in a journal transaction, after everything queued before it; returns once committed.
     *
     * @throws IOException when the transaction failed (nothing of it was written)
     */
    public void write(JournalWork work) throws IOException {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit(new JournalItem.Work(work, done));
        strategy.commitUntilDone(done);
        await(done);
    }

    /**
     * Queues {@code work} for the next commit without waiting (like {@link #recordAction}); the returned future
     * completes once it is committed (exceptionally when that failed). Callbacks run on the committing thread.
     */
    public CompletableFuture<Void> writeLater(JournalWork work) {
        Objects.requireNonNull(work, "work");
        ensureOpen();
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit(new JournalItem.Work(work, done));
        return done;
    }

    /** Reads on the journal's read connection, in one read transaction (it sees one committed state). */
    public <T> T read(JournalReading<T> reading) throws IOException {
        Objects.requireNonNull(reading, "reading");
        ensureOpen();
        return queries.read(reading);
    }

    /** Objects recorded but not finished, oldest first, with the actions done so far: what a restart redoes. */
    public List<UnfinishedObject> unfinished() throws IOException {
        flush();
        return queries.unfinished();
    }

    /**
     * Objects and bytes received per route, the unrouted count and the totals since the journal was created: after
     * everything queued before is committed, or, while the journal cannot write ({@link #problem}), as committed so
     * far.
     */
    public JournalCounts counts() throws IOException {
        if (committer.problem() == null) {
            flush();
        }
        return queries.counts();
    }

    /**
     * Why the journal cannot write at the moment, or null when it writes. While it cannot, what was queued is kept
     * and written again every few seconds, in order; callers waiting for a commit wait on; new objects should be
     * refused (their records would have to wait in memory too).
     */
    public JournalProblem problem() {
        return committer.problem();
    }

    /** What the writer has done since the journal was opened (group commit and fsync figures). */
    public CommitStats commitStats() {
        return committer.stats(strategy.receiptSyncs());
    }

    /** Waits until everything queued before this call is committed. */
    public void flush() throws IOException {
        ensureOpen();
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit(new JournalItem.Flush(done));
        strategy.commitUntilDone(done);
        await(done);
    }

    /** Commits what is queued, then closes the database. Calling it again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queries.close();
        try {
            strategy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the journal " + database);
        }
    }

    /**
     * Refuses an id this journal never gave. On a shared database another node's objects are this node's work too
     * (forward jobs with shared storage, objects taken over from a dead node): any positive id may be there.
     */
    private void checkId(long objectId) {
        boolean shared = database.dialect() != SqlDialect.SQLITE;
        if (objectId < 1 || !shared && objectId > queue.highestId()) {
            throw new IllegalArgumentException("journal " + database + " has no object " + objectId);
        }
    }

    /**
     * On a shared database with shared storage (docs/cluster.md): makes the unfinished objects of the nodes whose last
     * heartbeat is older than {@code silentSince} this node's, in one conditional update (so one node takes each), and
     * returns them with the actions done so far, to be carried out as at a start. Their records acknowledged by the
     * dead node but not yet committed stay in its receipt log, for its restart. Empty on SQLite.
     */
    public List<UnfinishedObject> takeOverFrom(Instant silentSince) throws IOException {
        ensureOpen();
        if (database.dialect() == SqlDialect.SQLITE) {
            return List.of();
        }
        java.util.Set<Long> taken = new java.util.HashSet<>();
        write(transaction -> {
            taken.clear();
            PreparedStatement take = transaction.statement(JournalSql.TAKE_OVER_UNFINISHED);
            take.setString(1, database.node());
            take.setString(2, database.node());
            take.setLong(3, JournalTransaction.nanos(silentSince));
            try (ResultSet row = take.executeQuery()) {
                while (row.next()) {
                    taken.add(row.getLong(1));
                }
            }
        });
        if (taken.isEmpty()) {
            return List.of();
        }
        return unfinished().stream().filter(object -> taken.contains(object.id())).toList();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("journal " + database + " is closed");
        }
    }

    private <T> T await(CompletableFuture<T> done) throws IOException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the journal " + database);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private static void closeQuietly(CommitStrategy strategy) {
        try {
            strategy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
