package ferry.router.action;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.router.index.IndexUpdate;
import ferry.router.journal.ActionRecord;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.journal.UnfinishedObject;
import ferry.router.queue.ForwardQueue;
import ferry.router.queue.QueueConfig;
import ferry.router.receive.ReceivedObject;
import ferry.router.receive.Routing;
import ferry.router.receive.Spool;
import ferry.router.storage.DirectorySyncs;
import ferry.router.storage.LayoutFolder;
import ferry.router.storage.StoreConfig;
import ferry.router.study.RouteOutcome;
import ferry.router.study.StudyTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the store actions of recorded objects, after their C-STORE response: each route's folders (through
 * tag edits when configured), or the unrouted area when no route applied. The spool places each object's file
 * ({@link Spool#place}): a hard link (a copy across file systems), never the spool file moved away. Every result
 * goes to the journal; when all succeeded the object is finished, with its forwarding jobs when it has some ({@link
 * Finishing}). A failed action leaves the spool file and the unfinished record, so the object is kept; what failed is
 * tried again while Ferry runs ({@link StoreRetries}) and, when it was given up, at the next start. What became of
 * each object is told to the {@link StudyTracker}, whose counts commit with the object's finish, as do its index rows
 * when the routing indexes ({@link IndexUpdate}). See docs/architecture.md (section "The path of one C-STORE", steps
 * 8 to 12).
 *
 * <p>Work is queued to a few threads; when the queue is full the receiving thread does the work itself, which
 * slows the sender instead of growing memory.
 */
public final class StoreActions implements Consumer<ReceivedObject>, AutoCloseable {
    /** The route name journaled for the unrouted area. */
    public static final String UNROUTED = "(unrouted)";

    private static final Logger LOG = LoggerFactory.getLogger(StoreActions.class);

    /** Which attempt at an object's store actions this is. */
    private enum Attempt {
        /** Right after its receipt: nothing of it was placed before. */
        FIRST,
        /** Again, after a stop or a failed attempt: a file may be in place already, linked but not journaled. */
        AGAIN
    }

    private final Journal journal;
    private final Spool spool;
    private final StudyTracker studies;
    private final Finishing finishing;
    private final ThreadPoolExecutor threads;
    private final LongAdder failures = new LongAdder();
    private final Supplier<Routing> routing;
    private final StoreRetries retries;
    /** Where the policy forces placed files: the fsyncs of the directories that got new names; else null. */
    private final DirectorySyncs directorySyncs;
    /** Runs what follows a directory's fsync on a store thread (on the fsyncing thread once stopping). */
    private final Executor continuations;
    /** Objects placed whose directories are being fsync'd before they are journaled. */
    private final AtomicInteger syncing = new AtomicInteger();

    /**
     * @param spool   the spool that holds the objects' files, and places them
     * @param routing the routing in force, for attempts made again after a failure (swapped on reload)
     * @param retry   the queue settings whose waits and attempts failed store actions are tried again with
     */
    public StoreActions(Journal journal, Spool spool, StudyTracker studies, ForwardQueue queue, int threadCount,
                        Supplier<Routing> routing, Supplier<QueueConfig> retry) {
        this(journal, spool, studies, queue, threadCount, routing, retry,
                journal.policy().forcesPlacedFiles() ? new DirectorySyncs() : null);
    }

    /** As above, with the directory fsyncs ({@code directorySyncs}: null where none are made) closed with this. */
    StoreActions(Journal journal, Spool spool, StudyTracker studies, ForwardQueue queue, int threadCount,
                 Supplier<Routing> routing, Supplier<QueueConfig> retry, DirectorySyncs directorySyncs) {
        this.journal = journal;
        this.spool = spool;
        this.studies = studies;
        this.finishing = new Finishing(journal, spool, queue);
        this.routing = routing;
        this.retries = new StoreRetries(retry, Clock.systemUTC(), this::attemptAgain);
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), runnable -> {
                    Thread thread = new Thread(runnable, "ferry-store");
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> {
                    // when full the submitting thread does the work itself; once stopping only continuations run
                    // (an object's other work is carried out at the next start)
                    if (!executor.isShutdown() || task instanceof Continuation) {
                        task.run();
                    }
                });
        this.directorySyncs = directorySyncs;
        this.continuations = task -> threads.execute(new Continuation(task));
    }

    /** What follows an object's directory fsyncs: it runs even once stopping, so every object is accounted for. */
    private record Continuation(Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    @Override
    public void accept(ReceivedObject received) {
        studies.expect(received.record());
        threads.execute(() -> carryOut(received.journalId(), received.record(), received.header(),
                received.routing(), Map.of(), Attempt.FIRST, 0));
    }

    /** Objects waiting for their actions now. */
    public int queued() {
        return threads.getQueue().size() + threads.getActiveCount() + syncing.get();
    }

    /** Actions that failed since start (their objects stay in the spool). */
    public long failures() {
        return failures.sum();
    }

    /** Objects whose store actions failed and wait for another attempt (or were given up until the next start). */
    public List<StoreRetry> retrying() {
        return retries.waiting();
    }

    /**
     * Carries out again what unfinished records still need (after a crash or kill): the actions not journaled as
     * done, with the routing in force now. Runs on the calling thread, before the listeners open.
     */
    public int recover(List<UnfinishedObject> unfinished, Routing routing) {
        int recovered = 0;
        for (UnfinishedObject object : unfinished) {
            Path spoolFile = object.record().spoolFile();
            if (!spool.holds(spoolFile)) {
                // never moved away before its finish is committed: something else deleted it (or a Ferry built before
                // December 2026 moved it into place); nothing is left to carry out, and it is journaled as such
                LOG.error("journal record {} ({}): spool file {} is missing; its actions cannot be carried out, "
                        + "marked finished", object.id(), object.record().sopInstanceUid(), spoolFile);
                finishWithoutFile(object);
                continue;
            }
            // the actions done before the stop, with where each store placed the object (for its study's folders
            // and its index row, written with the finish)
            Map<ActionKey, Path> done = new HashMap<>();
            for (ActionRecord action : object.actionsDone()) {
                if (!action.failed()) {
                    done.put(ActionKey.of(action), action.action().startsWith(StoreTarget.ACTION)
                            ? Path.of(action.detail()) : null);
                }
            }
            DataSet header;
            try {
                header = DicomReader.read(spoolFile, ReadOptions.DEFAULT.stoppingBefore(routing.stopBefore()))
                        .dataSet();
            } catch (IOException e) {
                LOG.error("journal record {}: spool file {} unreadable: {}", object.id(), spoolFile, e.getMessage());
                continue;
            }
            studies.expect(object.record());
            carryOut(object.id(), object.record(), header, routing, done, Attempt.AGAIN, 0);
            recovered++;
        }
        return recovered;
    }

    /** Journals an object whose spool file is missing as failed on each of its routes, and finishes it. */
    private void finishWithoutFile(UnfinishedObject object) {
        String why = "spool file " + object.record().spoolFile() + " missing at the start";
        List<RouteOutcome> outcomes = new ArrayList<>();
        for (String route : object.record().routes()) {
            outcomes.add(new RouteOutcome(route, List.of(), why));
            try {
                journal.recordAction(object.id(), new ActionRecord(route, "recover", ActionRecord.FAILED, why));
            } catch (IOException e) {
                LOG.error("journal: cannot record the failure of record {}: {}", object.id(), e.getMessage());
            }
        }
        finishing.stored(object.id(), object.record().spoolFile(), studies.outcome(object.record(), null, outcomes));
    }

    /** A waiting object's next attempt (on the retry timer's thread): its spool file is read again. */
    private void attemptAgain(StoreRetries.Waiting waiting) {
        long id = waiting.shown().journalId();
        ReceivedRecord record = waiting.record();
        Routing current = routing.get();
        DataSet header;
        try {
            header = DicomReader.read(record.spoolFile(), ReadOptions.DEFAULT.stoppingBefore(current.stopBefore()))
                    .dataSet();
        } catch (IOException e) {
            retries.forget(id);
            LOG.error("journal record {}: spool file {} unreadable, not tried again: {}", id, record.spoolFile(),
                    e.getMessage());
            return;
        }
        if (threads.isShutdown()) {
            return; // stopping: the next start carries it out
        }
        studies.expect(record);
        threads.execute(() -> carryOut(id, record, header, current, waiting.done(), Attempt.AGAIN,
                waiting.shown().failures()));
    }

    /**
     * Carries out the object's store actions but those in {@code alreadyDone} (with the file each store placed, when
     * known): those count as stored again, so an object whose stores were all done before a stop still counts for its
     * study and is indexed with its files. {@code failedBefore} earlier attempts failed. A failure of this attempt is
     * tried again later ({@link StoreRetries}); only the first failure counts for the object's study.
     *
     * <p>Where the policy forces placed files, the files are placed first and what was done is journaled only once
     * the directories that got new names are fsync'd ({@link DirectorySyncs}, shared with the objects placed
     * meanwhile), back on a store thread: a power cut never leaves a journaled place that the disk lost.
     */
    private void carryOut(long id, ReceivedRecord record, DataSet header, Routing routing,
                          Map<ActionKey, Path> alreadyDone, Attempt attempt, int failedBefore) {
        boolean handedOn = false;
        try {
            List<ForwardQueue.Target> forwards = StoreTarget.forwards(record.routes(), routing);
            List<StoreTarget> targets = StoreTarget.of(record.routes(), routing, !forwards.isEmpty());
            List<Placing> placings = new ArrayList<>(targets.size());
            List<Path> unsynced = new ArrayList<>();
            for (StoreTarget target : targets) {
                Placing placing = alreadyDone.containsKey(target.key())
                        ? new Placing(target, alreadyDone.get(target.key()), null, null, false)
                        : place(record.spoolFile(), header, target, attempt);
                if (placing.stored() != null && placing.stored().unsynced() != null) {
                    unsynced.add(placing.stored().unsynced());
                } else if (placing.stored() != null) {
                    // durable already (no folder fsync left, or an edited copy placed with its own): journaled now,
                    // so a stop while the others' folders are fsync'd does not place it a second time
                    placing = new Placing(target, null, placing.stored(),
                            journalPlaced(id, target, placing.stored(), null), true);
                }
                placings.add(placing);
            }
            CompletableFuture<Void> synced = directorySyncs == null
                    ? CompletableFuture.completedFuture(null) : directorySyncs.syncAll(unsynced);
            if (synced.isDone() && !synced.isCompletedExceptionally()) {
                journalPlacings(id, record, header, routing, forwards, placings, alreadyDone, null, failedBefore);
                return;
            }
            syncing.incrementAndGet();
            handedOn = true;
            synced.whenCompleteAsync((done, failure) -> {
                try {
                    journalPlacings(id, record, header, routing, forwards, placings, alreadyDone,
                            failure == null ? null : syncFailure(failure), failedBefore);
                } catch (RuntimeException e) {
                    LOG.error("journal record {}: journaling its store actions failed (carried out again at the next"
                            + " start)", id, e);
                } finally {
                    syncing.decrementAndGet();
                    studies.released(record);
                }
            }, continuations);
        } finally {
            if (!handedOn) {
                studies.released(record);
            }
        }
    }

    /**
     * One store action of an object: done before ({@code before}: where it placed the file, or null when unknown),
     * just placed ({@code stored}), or failed ({@code failure}); {@code journaled} when its place was journaled
     * already ({@code failure} then says what failed of that).
     */
    private record Placing(StoreTarget target, Path before, LayoutFolder.Stored stored, Exception failure,
                           boolean journaled) {
        boolean doneBefore() {
            return stored == null && failure == null;
        }
    }

    private static Exception syncFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof Exception e ? e : new IOException(cause.toString(), cause);
    }

    /**
     * Journals what the object's store actions did ({@code placings}, in the targets' order; a file placed into a
     * directory whose fsync failed, {@code syncFailure}, counts as failed) and finishes it when all succeeded.
     */
    private void journalPlacings(long id, ReceivedRecord record, DataSet header, Routing routing,
                                 List<ForwardQueue.Target> forwards, List<Placing> placings,
                                 Map<ActionKey, Path> alreadyDone, Exception syncFailure, int failedBefore) {
        StoreOutcomes outcomes = new StoreOutcomes();
        forwards.forEach(forward -> outcomes.forwarded(forward.route()));
        Map<ActionKey, Path> done = new HashMap<>(alreadyDone);
        StoreTarget firstFailed = null;
        for (Placing placing : placings) {
            StoreTarget target = placing.target();
            if (placing.doneBefore()) {
                outcomes.storedBefore(target.route(), target.store().config().folder(), placing.before());
                continue;
            }
            Exception failure = placing.failure();
            if (failure == null && !placing.journaled()) {
                failure = journalPlaced(id, target, placing.stored(), syncFailure);
            }
            if (failure == null) {
                Path file = placing.stored().placed().path();
                outcomes.stored(target.route(), target.store().config().folder(), file);
                done.put(target.key(), file);
            } else {
                journalFailure(id, target, failure, outcomes);
                if (firstFailed == null) {
                    firstFailed = target;
                }
            }
        }
        boolean allStored = firstFailed == null;
        JournalWork counted = allStored || failedBefore == 0
                ? studies.outcome(record, header, outcomes.list()) : null;
        if (allStored) {
            retries.succeeded(id);
        } else {
            retries.failed(id, record, done, firstFailed.route(), firstFailed.store().config().folder(),
                    outcomes.failure(firstFailed.route()), failedBefore + 1);
        }
        JournalWork finished = allStored && routing.indexed()
                ? JournalWork.all(counted, IndexUpdate.of(id, record, header, outcomes.placedFiles(),
                        forwards.stream().map(ForwardQueue.Target::destination).distinct().toList()))
                : counted;
        if (allStored && !forwards.isEmpty()) {
            finishing.forwarded(id, record, forwards, finished);
        } else if (allStored) {
            finishing.stored(id, record.spoolFile(), finished);
        } else if (counted != null) {
            journal.writeLater(counted);
        }
    }

    /** Places the object for one store action; a failure is returned in the placing, journaled later. */
    private Placing place(Path spoolFile, DataSet header, StoreTarget target, Attempt attempt) {
        StoreConfig config = target.store().config();
        LayoutFolder folder = target.store().folder();
        try {
            LayoutFolder.Stored stored;
            if (!config.edits().isEmpty()) {
                stored = spool.placeEdited(spoolFile, folder, config.edits(), target.index());
            } else if (attempt == Attempt.AGAIN) {
                stored = spool.placeAgain(spoolFile, folder, header);
            } else {
                stored = spool.place(spoolFile, folder, header);
            }
            return new Placing(target, null, stored, null, false);
        } catch (IOException | RuntimeException e) {
            return new Placing(target, null, null, e, false);
        }
    }

    /**
     * Journals a placed file (and the renames that made room for it), unless its name could not be made durable
     * ({@code syncFailure}); returns what failed, or null.
     */
    private Exception journalPlaced(long id, StoreTarget target, LayoutFolder.Stored stored, Exception syncFailure) {
        try {
            for (LayoutFolder.Renamed renamed : stored.renamed()) {
                journal.recordAction(id, new ActionRecord(target.route(), "rename", "renamed",
                        renamed.from() + " -> " + renamed.to()));
            }
            if (syncFailure != null) {
                return syncFailure;
            }
            journal.recordAction(id, new ActionRecord(target.route(), target.key().action(),
                    stored.placed().outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    stored.placed().path().toString()));
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    /** Journals a store action that failed. */
    private void journalFailure(long id, StoreTarget target, Exception e, StoreOutcomes outcomes) {
        failures.increment();
        outcomes.failed(target.route(), e);
        LOG.error("route {}: storing journal record {} into {} failed: {}", target.route(), id,
                target.store().folder().folder(), e.toString());
        try {
            journal.recordAction(id, new ActionRecord(target.route(), target.key().action(),
                    ActionRecord.FAILED, String.valueOf(e)));
        } catch (IOException journalDown) {
            LOG.error("journal: cannot record the failure of record {}: {}", id, journalDown.getMessage());
        }
    }

    /** Finishes queued work (waits up to {@code seconds}) and stops the threads; waiting retries are dropped. */
    public void close(long seconds) {
        retries.close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(seconds, TimeUnit.SECONDS)) {
                LOG.warn("store actions still running after {} s; their objects are carried out at the next start",
                        seconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (directorySyncs != null) {
            directorySyncs.close(); // the fsyncs asked for are made and their objects journaled, on its thread
        }
    }

    @Override
    public void close() {
        close(60);
    }
}
