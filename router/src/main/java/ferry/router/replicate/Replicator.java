package ferry.router.replicate;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.service.Matching;
import ferry.router.edit.TagEdit;
import ferry.router.forward.Destination;
import ferry.router.queue.QueueConfig;
import ferry.router.replicate.ReplicationRecord.State;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Copies what a destination lacks from a source (docs/replication.md). A pass lists the instances the query selects,
 * page by page; of each page, those this replication's {@link ReplicationRecord} has copied or found present before
 * are counted present, the destination's {@link Presence} is asked about the rest (by their UIDs as the
 * replication's edits make them), and what it lacks is fetched into the work folder, edited, and delivered by
 * {@code parallel} threads. At most {@code 2 × parallel} instances are on their way at once, each a file on disk:
 * the heap holds a page of UIDs, never an object.
 *
 * <p>Faults follow the forwarding queue's rules ({@link QueueConfig}): a delivery or fetch that failed for a reason
 * that may pass is tried again after growing waits, up to {@code attempts}; failures in a row open a {@link Breaker}
 * that holds every copy until a probe goes through. An instance the destination refuses, or the source cannot give
 * ({@link InstanceException}, not DICOM), is failed at once and listed; the rest goes on. A source or destination
 * that cannot be used at all ({@link EndpointException} from a listing, from the first presence question, or from
 * fetches before the source has given any instance) ends the pass; an end that stops answering later is asked again
 * by the same rules.
 *
 * <p>{@link #follow} copies what the source adds afterwards, from its {@link ChangeFeed} (its cursor kept in the
 * record, so a restart goes on from it), or by passes again every {@code relist} when it has none.
 */
public final class Replicator {
    /** What a run shows while it goes. All methods may be called from several threads. */
    public interface Progress {
        /** The counts changed. */
        default void changed(ReplicationReport soFar) {
        }

        /**
         * An instance could not be copied; {@code instance} is null for a file of the source that could not be read
         * at all ({@code reason} names it).
         */
        default void failed(SourceInstance instance, String reason) {
        }

        /** A dry run would copy this instance. */
        default void wouldCopy(SourceInstance instance) {
        }

        /** Something the user should know (a truncated feed, a full pass starting). */
        default void note(String message) {
        }
    }

    private final ReplicationSource source;
    private volatile Presence presence;
    private volatile boolean asked;
    private final Destination destination;
    private final List<TagEdit> edits;
    private final ReplicationRecord record;
    private final Path work;
    private final QueueConfig rules;
    private final int parallel;
    private final Clock clock;
    private final Breaker breaker;
    private final ReplicationCounts counts = new ReplicationCounts();
    private final InstanceCopy copying;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Instant started;
    private volatile boolean stopping;
    /** Why the source cannot be used, found by a copy: the pass ends with it. */
    private final AtomicReference<EndpointException> unusable = new AtomicReference<>();
    private volatile Progress current = new Progress() {
    };

    /**
     * @param presence    asks the destination what it holds; null when it cannot be asked (the record alone then
     *                    tells what was copied before)
     * @param edits       applied to each copy before it is delivered (de-identification on the way)
     * @param work        where fetched and edited files are kept while they are on their way (made when missing)
     * @param rules       the retry and breaker rules of the destination's queue
     * @param parallel    copies at once, at least 1
     */
    Replicator(ReplicationSource source, Presence presence, Destination destination, List<TagEdit> edits,
               ReplicationRecord record, Path work, QueueConfig rules, int parallel, Clock clock) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be ≥ 1, not " + parallel);
        }
        this.source = source;
        this.presence = presence;
        this.destination = destination;
        this.edits = List.copyOf(edits);
        this.record = record;
        this.work = work;
        this.rules = rules;
        this.parallel = parallel;
        this.clock = clock;
        this.breaker = new Breaker(rules, clock);
        this.started = clock.instant();
        this.copying = new InstanceCopy(source, destination, this.edits, record, work, rules, breaker, counts,
                () -> stopping || unusable.get() != null, e -> unusable.compareAndSet(null, e));
    }

    /** The counts since the last {@link #pass} began (or, following, since following began). */
    public ReplicationReport report() {
        return counts.report(Duration.between(started, clock.instant()));
    }

    /**
     * Counts a problem of the source that concerns no listed instance (a file of a folder source that cannot be
     * read) as a failure, and tells the running pass.
     */
    void unreadable(String problem) {
        counts.failed.incrementAndGet();
        current.failed(null, problem);
    }

    /** Asks a running pass or follow to stop: the listing ends, copies on their way finish or are abandoned. */
    public void stop() {
        stopping = true;
    }

    /**
     * One full pass: every instance {@code query} selects is found present, copied or failed (or, {@code dryRun},
     * reported by {@link Progress#wouldCopy} and neither copied nor recorded).
     *
     * @throws EndpointException when the source cannot be listed or the destination cannot be asked
     */
    public ReplicationReport pass(ReplicationQuery query, boolean dryRun, Progress progress)
            throws IOException, InterruptedException {
        resetCounts();
        unusable.set(null);
        current = progress;
        Copies copies = new Copies(progress);
        try {
            source.list(query, page -> {
                counts.listed.addAndGet(page.size());
                handle(page, null, dryRun, copies, progress);
                progress.changed(report());
                return !stopping && unusable.get() == null;
            });
            copies.drain();
        } finally {
            copies.close();
        }
        throwIfUnusable();
        if (!dryRun && !stopping) {
            record.passed();
        }
        record.flush();
        ReplicationReport report = report();
        progress.changed(report);
        return report;
    }

    /**
     * Follows the source until {@code running} says no or {@link #stop} is called: from its feed where it has one
     * (a full pass first when the record has no cursor, or the feed was truncated; the feed asked again every
     * {@code poll} while it has nothing new), else by a full pass every {@code relist}.
     */
    public void follow(ReplicationQuery query, Duration poll, Duration relist, BooleanSupplier running,
                       Progress progress) throws IOException, InterruptedException {
        current = progress;
        ChangeFeed feed = source.changes(query).orElse(null);
        if (feed == null) {
            while (running.getAsBoolean() && !stopping) {
                pass(query, false, progress);
                sleep(relist, running);
            }
            return;
        }
        OptionalLong saved = record.cursor();
        long cursor;
        if (saved.isPresent()) {
            cursor = saved.getAsLong();
        } else {
            cursor = fullPassBeforeFollowing(feed, query, progress);
        }
        Matching filter = query.isAll() ? null : Matching.of(query.keys());
        resetCounts();
        while (running.getAsBoolean() && !stopping) {
            ChangeFeed.Page page;
            try {
                page = feed.after(cursor);
            } catch (FeedTruncatedException e) {
                progress.note(e.getMessage() + "; making one now");
                record.clearCursor();
                cursor = fullPassBeforeFollowing(feed, query, progress);
                resetCounts();
                continue;
            }
            if (!page.instances().isEmpty()) {
                Copies copies = new Copies(progress);
                try {
                    counts.listed.addAndGet(page.instances().size());
                    handle(page.instances(), filter, false, copies, progress);
                    copies.drain();
                } finally {
                    copies.close();
                }
                throwIfUnusable(); // the page's cursor is not saved
                progress.changed(report());
            }
            if (stopping) {
                return; // the page's copies may not all be done: its cursor is not saved
            }
            if (page.cursor() != cursor) {
                cursor = page.cursor();
                record.saveCursor(cursor);
            }
            if (!page.more()) {
                sleep(poll, running);
            }
        }
    }

    /** A full pass, returning the feed's cursor from before it (what was added during the pass comes next). */
    private long fullPassBeforeFollowing(ChangeFeed feed, ReplicationQuery query, Progress progress)
            throws IOException, InterruptedException {
        long cursor = feed.latest();
        pass(query, false, progress);
        if (!stopping) {
            record.saveCursor(cursor);
        }
        return cursor;
    }

    /** Ends the pass when a copy found the source unusable; what was recorded so far is written out first. */
    private void throwIfUnusable() throws IOException {
        EndpointException found = unusable.get();
        if (found != null) {
            record.flush();
            throw found;
        }
    }

    private void resetCounts() {
        counts.reset();
        started = clock.instant();
    }

    private void sleep(Duration duration, BooleanSupplier running) throws InterruptedException {
        long until = clock.millis() + duration.toMillis();
        while (!stopping && running.getAsBoolean() && clock.millis() < until) {
            Thread.sleep(Math.min(200, Math.max(1, until - clock.millis())));
        }
    }

    /**
     * One page: counts what is done already, asks the destination about the rest, and copies what it lacks. With a
     * {@code filter} (a feed's page, which the query did not select), each copy is checked against it once fetched.
     */
    private void handle(List<SourceInstance> page, Matching filter, boolean dryRun, Copies copies,
                        Progress progress) throws IOException, InterruptedException {
        List<String> uids = page.stream().map(SourceInstance::sopInstanceUid).toList();
        Map<String, State> states = record.states(uids);
        List<SourceInstance> open = new ArrayList<>();
        for (SourceInstance instance : page) {
            State state = states.get(instance.sopInstanceUid());
            if (state == State.COPIED || state == State.PRESENT) {
                counts.present.incrementAndGet();
            } else if (!inFlight.contains(instance.sopInstanceUid())) {
                open.add(instance);
            }
        }
        int batch = presence == null ? open.size() : Math.max(1, presence.batchSize());
        for (int from = 0; from < open.size() && !stopping && unusable.get() == null; from += batch) {
            List<SourceInstance> part = open.subList(from, Math.min(open.size(), from + batch));
            Map<String, SourceInstance> targets = new HashMap<>();
            for (SourceInstance instance : part) {
                targets.put(instance.sopInstanceUid(), asDestinationHolds(instance));
            }
            Set<String> held = held(List.copyOf(targets.values()), progress);
            for (SourceInstance instance : part) {
                if (held.contains(targets.get(instance.sopInstanceUid()).sopInstanceUid())) {
                    counts.present.incrementAndGet();
                    if (!dryRun) {
                        record.record(instance.sopInstanceUid(), State.PRESENT, null);
                    }
                } else if (dryRun) {
                    counts.toCopy.incrementAndGet();
                    progress.wouldCopy(instance);
                } else {
                    copies.start(instance, filter);
                }
            }
        }
    }

    /**
     * What the destination holds of {@code targets}. The first question of a run that fails ends it (an end that
     * cannot be used is said at once); a later one is asked again by the queue's rules, so that a destination that
     * goes down in the middle holds the run up rather than ending it. A destination that cannot say is not asked
     * again: the record alone tells what was copied.
     */
    private Set<String> held(List<SourceInstance> targets, Progress progress) throws IOException,
            InterruptedException {
        int attempts = 0;
        while (presence != null && !stopping) {
            try {
                breaker.awaitTurn();
                Set<String> held = presence.held(targets);
                breaker.succeeded();
                asked = true;
                return held;
            } catch (PresenceUnknownException e) {
                progress.note(e.getMessage() + ": copying what this replication's record does not list");
                presence = null;
            } catch (IOException e) {
                if (!asked || ++attempts >= rules.attempts()) {
                    throw e;
                }
                breaker.failed();
                progress.note(e.getMessage() + " (asked again in " + rules.waitAfter(attempts) + ")");
                Thread.sleep(rules.waitAfter(attempts).toMillis());
            }
        }
        return Set.of();
    }

    /**
     * The instance with the UIDs the destination would hold it under: the edits applied to its UIDs alone (a
     * de-identification replaces each UID by the same new one every time, docs/deidentification.md).
     */
    private SourceInstance asDestinationHolds(SourceInstance instance) {
        if (edits.isEmpty()) {
            return instance;
        }
        DataSet uids = new DataSet();
        uids.setString(Tags.SOPClassUID, Vr.UI, instance.sopClassUid());
        uids.setString(Tags.SOPInstanceUID, Vr.UI, instance.sopInstanceUid());
        uids.setString(Tags.StudyInstanceUID, Vr.UI, instance.studyInstanceUid());
        uids.setString(Tags.SeriesInstanceUID, Vr.UI, instance.seriesInstanceUid());
        try {
            for (TagEdit edit : edits) {
                edit.apply(uids);
            }
        } catch (RuntimeException notOnUidsAlone) {
            return instance; // an edit that needs more than the UIDs: asked as it is, and copied when not found
        }
        String sop = uids.getString(Tags.SOPInstanceUID);
        return sop == null || sop.isEmpty() ? instance : instance.withUids(sop,
                uids.getString(Tags.StudyInstanceUID, ""), uids.getString(Tags.SeriesInstanceUID, ""));
    }

    /** The copies of one pass or feed page: at most {@code 2 × parallel} on their way, each on a worker. */
    private final class Copies implements AutoCloseable {
        private final Progress progress;
        private final ExecutorService workers;
        private final Semaphore room = new Semaphore(2 * parallel);

        Copies(Progress progress) {
            this.progress = progress;
            this.workers = Executors.newFixedThreadPool(parallel, runnable -> {
                Thread thread = new Thread(runnable, "ferry-replicate");
                thread.setDaemon(true);
                return thread;
            });
        }

        void start(SourceInstance instance, Matching filter) throws InterruptedException {
            room.acquire();
            inFlight.add(instance.sopInstanceUid());
            workers.execute(() -> {
                try {
                    copying.copy(instance, filter, progress);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.remove(instance.sopInstanceUid());
                    room.release();
                    progress.changed(report());
                }
            });
        }

        /** Waits until every copy started is done (or, stopping, abandoned). */
        void drain() throws InterruptedException {
            while (!room.tryAcquire(2 * parallel, 200, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    workers.shutdownNow();
                    workers.awaitTermination(30, TimeUnit.SECONDS);
                    return;
                }
            }
            room.release(2 * parallel);
        }

        @Override
        public void close() {
            workers.shutdownNow();
        }
    }
}
