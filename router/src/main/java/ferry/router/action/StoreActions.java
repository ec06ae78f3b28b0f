package ferry.router.action;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.router.edit.EditedCopy;
import ferry.router.forward.ForwardConfig;
import ferry.router.journal.ActionRecord;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.journal.UnfinishedObject;
import ferry.router.queue.ForwardQueue;
import ferry.router.queue.QueueConfig;
import ferry.router.receive.ReceivedObject;
import ferry.router.receive.Routing;
import ferry.router.storage.LayoutFolder;
import ferry.router.storage.Placement;
import ferry.router.storage.StoreConfig;
import ferry.router.study.RouteOutcome;
import ferry.router.study.StudyTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the store actions of recorded objects, after their C-STORE response: each route's folders (through
 * tag edits when configured), or the unrouted area when no route applied. Every result goes to the journal; when
 * all succeeded the spool file is removed and the object finished. A failed action leaves the spool file and the
 * unfinished record, so the object is kept; what failed is tried again while Ferry runs ({@link StoreRetries}) and,
 * when it was given up, at the next start. What became of each object is told to the {@link StudyTracker}, whose
 * counts commit with the object's finish.
 *
 * <p>Work is queued to a few threads; when the queue is full the receiving thread does the work itself, which
 * slows the sender instead of growing memory.
 */
public final class StoreActions implements Consumer<ReceivedObject>, AutoCloseable {
    /** The route name journaled for the unrouted area. */
    public static final String UNROUTED = "(unrouted)";

    private static final Logger LOG = LoggerFactory.getLogger(StoreActions.class);

    private final Journal journal;
    private final StudyTracker studies;
    private final ForwardQueue queue;
    private final ThreadPoolExecutor threads;
    private final LongAdder failures = new LongAdder();
    /** Durability power: spool files leave the spool only once their object's finish is on disk. */
    private final boolean atPower;
    private final Supplier<Routing> routing;
    private final StoreRetries retries;

    /**
     * @param routing the routing in force, for attempts made again after a failure (swapped on reload)
     * @param retry   the queue settings whose waits and attempts failed store actions are tried again with
     */
    public StoreActions(Journal journal, StudyTracker studies, ForwardQueue queue, int threadCount,
                        Supplier<Routing> routing, Supplier<QueueConfig> retry) {
        this.journal = journal;
        this.studies = studies;
        this.queue = queue;
        this.routing = routing;
        this.retries = new StoreRetries(retry, Clock.systemUTC(), this::attemptAgain);
        this.atPower = journal.durability() == Durability.POWER;
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4096), runnable -> {
                    Thread thread = new Thread(runnable, "ferry-store");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public void accept(ReceivedObject received) {
        studies.expect(received.record());
        threads.execute(() -> carryOut(received.journalId(), received.record(), received.header(),
                received.routing(), Set.of(), false, 0));
    }

    /** Objects waiting for their actions now. */
    public int queued() {
        return threads.getQueue().size() + threads.getActiveCount();
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
            if (!Files.exists(spoolFile)) {
                // its last destination took the spool file (a rename) just before the stop
                LOG.info("journal record {} ({}): spool file already placed, marked finished", object.id(),
                        object.record().sopInstanceUid());
                List<RouteOutcome> outcomes = object.record().routes().stream()
                        .map(route -> new RouteOutcome(route, List.of(), null)).toList();
                finish(object.id(), spoolFile, false, studies.outcome(object.record(), null, outcomes));
                continue;
            }
            Set<String> done = object.actionsDone().stream().filter(a -> !"failed".equals(a.result()))
                    .map(a -> doneKey(a.route(), a.action())).collect(Collectors.toSet());
            DataSet header;
            try {
                header = DicomReader.read(spoolFile, ReadOptions.DEFAULT.stoppingBefore(routing.stopBefore()))
                        .dataSet();
            } catch (IOException e) {
                LOG.error("journal record {}: spool file {} unreadable: {}", object.id(), spoolFile, e.getMessage());
                continue;
            }
            studies.expect(object.record());
            carryOut(object.id(), object.record(), header, routing, done, true, 0);
            recovered++;
        }
        return recovered;
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
        threads.execute(() -> carryOut(id, record, header, current, waiting.done(), true,
                waiting.shown().failures()));
    }

    /**
     * Carries out the object's store actions but those in {@code alreadyDone}; {@code failedBefore} earlier attempts
     * failed. A failure of this attempt is tried again later ({@link StoreRetries}); only the first failure counts
     * for the object's study.
     */
    private void carryOut(long id, ReceivedRecord record, DataSet header, Routing routing, Set<String> alreadyDone,
                          boolean recovering, int failedBefore) {
        try {
            Path spoolFile = record.spoolFile();
            boolean allDone = true;
            boolean spoolMoved = false;
            List<ForwardQueue.Target> forwards = forwards(record.routes(), routing);
            List<Target> targets = targets(record.routes(), routing, !forwards.isEmpty());
            StoreOutcomes outcomes = new StoreOutcomes();
            forwards.forEach(forward -> outcomes.forwarded(forward.route()));
            Set<String> done = new HashSet<>(alreadyDone);
            Target firstFailed = null;
            for (Target target : targets) {
                if (done.contains(target.key())) {
                    continue;
                }
                // The last destination takes the spool file itself (a rename) when all others succeeded and no
                // forward needs it; the others get hard links. A failure keeps the spool file for the next attempt.
                // At power every destination gets a link: the spool's name goes only once the journal has the
                // actions on disk (finish), so a start after a power cut finds the file to check and to place. So
                // too while the journal cannot write: a start after a kill finds the link and journals the place.
                boolean move = !atPower && allDone && forwards.isEmpty() && target == targets.get(targets.size() - 1)
                        && journal.problem() == null;
                boolean stored = store(id, spoolFile, header, target, recovering, move, outcomes);
                allDone &= stored;
                spoolMoved = stored && move && target.store.config().edits().isEmpty();
                if (stored) {
                    done.add(target.key());
                } else if (firstFailed == null) {
                    firstFailed = target;
                }
            }
            JournalWork counted = allDone || failedBefore == 0
                    ? studies.outcome(record, header, outcomes.list()) : null;
            if (allDone) {
                retries.succeeded(id);
            } else {
                retries.failed(id, record, done, firstFailed.route, firstFailed.store.config().folder(),
                        outcomes.failure(firstFailed.route), failedBefore + 1);
            }
            if (allDone && !forwards.isEmpty()) {
                enqueue(id, record, forwards, counted);
            } else if (allDone) {
                finish(id, spoolFile, spoolMoved, counted);
            } else if (counted != null) {
                journal.writeLater(counted);
            }
        } finally {
            studies.released(record);
        }
    }

    private boolean store(long id, Path spoolFile, DataSet header, Target target, boolean recovering,
                          boolean move, StoreOutcomes outcomes) {
        StoreConfig config = target.store.config();
        LayoutFolder folder = target.store.folder();
        try {
            LayoutFolder.Stored stored;
            if (config.edits().isEmpty()) {
                Path intended = folder.folder().resolve(config.layout().resolve(header));
                if (recovering && Files.exists(intended) && Files.isSameFile(intended, spoolFile)) {
                    // linked before the stop, not yet journaled; the spool's name of it may still be there
                    stored = new LayoutFolder.Stored(new Placement.Placed(intended, Placement.Outcome.PLACED),
                            List.of());
                    if (move) {
                        Placement.forceDirectory(intended.getParent()); // the new name first (rare: a recovery)
                        Files.delete(spoolFile);
                    }
                } else {
                    stored = folder.store(spoolFile, header, move);
                }
            } else {
                Path edited = spoolFile.resolveSibling(spoolFile.getFileName() + ".edit-" + target.index);
                try {
                    EditedCopy.write(spoolFile, config.edits(), edited);
                    // named by the edited object: an edit of PatientID moves it to that patient's folder
                    DataSet editedHeader = DicomReader.read(edited, ReadOptions.DEFAULT.stoppingBefore(
                            config.layout().stopBefore())).dataSet();
                    stored = folder.store(edited, editedHeader, true);
                } finally {
                    Files.deleteIfExists(edited);
                }
            }
            for (LayoutFolder.Renamed renamed : stored.renamed()) {
                journal.recordAction(id, new ActionRecord(target.route, "rename", "renamed",
                        renamed.from() + " -> " + renamed.to()));
            }
            journal.recordAction(id, new ActionRecord(target.route, target.action(),
                    stored.placed().outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    stored.placed().path().toString()));
            outcomes.stored(target.route, config.folder(), stored.placed().path());
            return true;
        } catch (IOException | RuntimeException e) {
            failures.increment();
            outcomes.failed(target.route, e);
            LOG.error("route {}: storing journal record {} into {} failed: {}", target.route, id, folder.folder(),
                    e.toString());
            try {
                journal.recordAction(id, new ActionRecord(target.route, target.action(), "failed",
                        String.valueOf(e)));
            } catch (IOException journalDown) {
                LOG.error("journal: cannot record the failure of record {}: {}", id, journalDown.getMessage());
            }
            return false;
        }
    }

    private void finish(long id, Path spoolFile, boolean spoolMoved, JournalWork counted) {
        try {
            if (spoolMoved) {
                // nothing waits for this commit: it rides with the next record
                journal.finishLater(id, counted);
                return;
            }
            if (atPower) {
                journal.finishLater(id, counted).thenCompose(committed -> journal.whenDurable())
                        .whenComplete((durable, failure) -> {
                            if (failure == null) {
                                deleteSpoolFile(id, spoolFile);
                            } // else the start after will find the record finished and delete the file
                        });
                return;
            }
            journal.finish(id, counted);
            Files.deleteIfExists(spoolFile);
        } catch (IOException e) {
            LOG.error("journal record {}: finishing failed: {}", id, e.getMessage());
        }
    }

    private static void deleteSpoolFile(long id, Path spoolFile) {
        try {
            Files.deleteIfExists(spoolFile);
        } catch (IOException e) {
            LOG.warn("journal record {}: finished, but its spool file {} could not be deleted: {}", id, spoolFile,
                    e.getMessage());
        }
    }

    /**
     * Writes the object's forwarding jobs in the transaction that finishes it, then hands them to the queue; the
     * spool file stays: the queue removes it once every job is done.
     */
    private void enqueue(long id, ReceivedRecord record, List<ForwardQueue.Target> forwards, JournalWork counted) {
        ForwardQueue.Prepared jobs = queue.prepare(id, record, forwards);
        try {
            // nothing here waits for the commit (it rides with the next record): the jobs go to their workers
            // once it is done, and a crash before it leaves the object unfinished, to be queued at the restart
            journal.finishLater(id, transaction -> {
                jobs.work().write(transaction);
                if (counted != null) {
                    counted.write(transaction);
                }
            }).whenComplete((committed, failure) -> {
                if (failure == null) {
                    jobs.afterCommit().run();
                } else {
                    LOG.error("journal record {}: queueing its forwards failed (done again at the next start): {}",
                            id, failure.getMessage());
                }
            });
        } catch (IOException | IllegalStateException e) {
            LOG.error("journal record {}: queueing its forwards failed (done again at the next start): {}", id,
                    e.getMessage());
        }
    }

    private static List<ForwardQueue.Target> forwards(List<String> routes, Routing routing) {
        List<ForwardQueue.Target> forwards = new ArrayList<>();
        for (String route : routes) {
            for (ForwardConfig forward : routing.forwards().getOrDefault(route, List.of())) {
                forwards.add(new ForwardQueue.Target(route, forward.destination()));
            }
        }
        return forwards;
    }

    private record Target(String route, Routing.Store store, int index) {
        /** How the action is journaled: one per folder of a route. */
        String action() {
            return "store " + store.config().folder();
        }

        /** The route and action, as the done actions of an object are known. */
        String key() {
            return doneKey(route, action());
        }
    }

    private static String doneKey(String route, String action) {
        return route + "\u0000" + action;
    }

    private List<Target> targets(List<String> routes, Routing routing, boolean forwarded) {
        List<Target> targets = new ArrayList<>();
        for (String name : routes) {
            List<Routing.Store> stores = routing.stores().get(name);
            if (stores == null) {
                LOG.warn("route {} is no longer configured: its object goes to the unrouted area", name);
                continue;
            }
            for (Routing.Store store : stores) {
                targets.add(new Target(name, store, targets.size()));
            }
        }
        if (targets.isEmpty() && !forwarded) {
            targets.add(new Target(UNROUTED, routing.unrouted(), 0));
        }
        return targets;
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
    }

    @Override
    public void close() {
        close(60);
    }
}
