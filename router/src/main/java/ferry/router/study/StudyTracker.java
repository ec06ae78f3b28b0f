package ferry.router.study;

import ferry.core.data.DataSet;
import ferry.router.config.yaml.Section;
import ferry.router.database.SqlDialect;
import ferry.router.events.Events;
import ferry.router.events.StudyCompleted;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.CompletionReport.Level;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows when a study (or series) has arrived: counts each stored object of the routes that notify, per route and
 * study, in the journal's database together with the object's finish (so exactly once, across crashes), and checks
 * every {@value #CHECK_MILLIS} ms which studies are complete by their route's {@link CompletionConfig}. A completion
 * writes its report into the notification outbox in the same transaction that marks the study reported, then hands
 * it to the {@link NotificationDispatcher}; a restart finds both where they were. Objects that arrive after a
 * completion open a new round, reported as a follow-up with only what is new.
 *
 * <p>Studies live in memory while something of them is unreported, and are read back from the database when a late
 * object arrives. Thread-safe. See docs/architecture.md (section "The path of one C-STORE", steps 11 and 15).
 *
 * <p>On a database that several nodes share (PostgreSQL), the database's counts are the truth and memory only the
 * timers: when a study is due by what this node counted, it is read again (every node's arrivals) and decided on
 * that; the completion is written only if the study is still as read ({@link StudyStore#markReported}), so one node
 * reports each round. Every {@link #scanEvery} this node also takes over the studies that are overdue by more than
 * the lease and that no node reported (their node died). See docs/cluster.md, "Study completion".
 */
public final class StudyTracker implements AutoCloseable {
    /** How often completions are checked: the latency a notification adds to its quiet period, at most. */
    static final long CHECK_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(StudyTracker.class);

    private final Journal journal;
    private final StudyStore store = new StudyStore();
    private final OutboxStore outbox = new OutboxStore();
    private final Supplier<Map<String, RouteNotifications>> routes;
    private final NotificationDispatcher dispatcher;
    private final Clock clock;
    private final Events events;
    private final Map<StudyKey, StudyState> studies = new HashMap<>();
    private final Map<StudyKey, Integer> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker;
    private final Object checking = new Object();
    /** Whether other nodes share the database: then each completion is decided on the database's counts. */
    private final boolean shared;
    private final Duration lease;

    /**
     * @param routes     the routes that notify, by name, as configured now (reload swaps them)
     * @param dispatcher delivers the notifications of each completion
     * @param events     told of each completion ({@link StudyCompleted})
     * @param lease      on a shared database, how long after it was due a study no node reported is taken over by
     *                   this node (the cluster's lease: its node died or cannot write)
     */
    public StudyTracker(Journal journal, Supplier<Map<String, RouteNotifications>> routes,
                        NotificationDispatcher dispatcher, Clock clock, Events events, Duration lease) {
        this.journal = journal;
        this.shared = journal.database().dialect() == SqlDialect.POSTGRESQL;
        this.lease = lease;
        this.events = events;
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-completion");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads the studies a previous run left unreported, then starts checking for completions. */
    public void start() throws IOException {
        journal.flush();
        List<StudyState> unreported = journal.read(store::unreported);
        synchronized (this) {
            // studies the recovery of unfinished objects brought into memory already are newer
            unreported.forEach(study -> studies.putIfAbsent(study.key, study));
        }
        if (!unreported.isEmpty()) {
            LOG.info("{} stud(ies) received before the restart are not reported yet: their completion is awaited",
                    unreported.size());
        }
        checker.scheduleWithFixedDelay(this::checkSafely, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        if (shared) {
            long every = scanEvery(lease).toMillis();
            checker.scheduleWithFixedDelay(this::takeOverSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** How often a node of a cluster looks for studies to take over: a quarter of the lease, 1 to 15 s. */
    static Duration scanEvery(Duration lease) {
        long millis = Math.max(1000, Math.min(15_000, lease.toMillis() / 4));
        return Duration.ofMillis(millis);
    }

    private void takeOverSafely() {
        try {
            takeOver(clock.instant());
        } catch (IOException | RuntimeException e) {
            LOG.error("looking for studies other nodes left unreported failed; trying again in {} s",
                    scanEvery(lease).toSeconds(), e);
        }
    }

    /**
     * Takes into memory the studies of the database with something unreported that this node does not hold and
     * whose completion was due more than the lease ago (by their route's quiet period, or its force-after cap): the
     * node that received them died or cannot write. The checks then complete them, once across the cluster.
     * Returns how many were taken.
     */
    int takeOver(Instant now) throws IOException {
        Map<String, RouteNotifications> configured = routes.get();
        Duration shortest = configured.values().stream().map(DueCompletions::quietOf)
                .min(Comparator.naturalOrder()).orElse(null);
        if (shortest == null) {
            return 0;
        }
        List<StudyStore.Unreported> found = journal.read(connection -> store.unreportedUpTo(connection,
                now.minus(lease).minus(shortest)));
        List<StudyKey> overdue;
        synchronized (this) {
            overdue = DueCompletions.overdue(found, configured, studies::containsKey, lease, now);
        }
        int taken = 0;
        for (StudyKey key : overdue) {
            StudyState study = journal.read(connection -> store.study(connection, key));
            if (study == null) {
                continue;
            }
            synchronized (this) {
                if (studies.putIfAbsent(key, study) == null) {
                    taken++;
                    LOG.warn("route {}: study {} was due at least {} s ago and no node reported it: this node"
                            + " completes it", key.route(), key.studyUid(), lease.toSeconds());
                }
            }
        }
        return taken;
    }

    /** True when the route's studies are tracked (it has notifications). */
    public boolean tracks(String route) {
        return routes.get().containsKey(route);
    }

    /**
     * An object of the record's routes is on its way through the store actions: its studies do not complete until
     * {@link #released} is called for it. Cheap: called on the receiving path.
     */
    public void expect(ReceivedRecord record) {
        if (record.studyInstanceUid() == null) {
            return;
        }
        for (String route : record.routes()) {
            if (tracks(route)) {
                inFlight.merge(new StudyKey(route, record.studyInstanceUid()), 1, Integer::sum);
            }
        }
    }

    /** The object {@link #expect}ed is done with (its outcome's work queued to the journal, or given up). */
    public void released(ReceivedRecord record) {
        if (record.studyInstanceUid() == null) {
            return;
        }
        for (String route : record.routes()) {
            inFlight.computeIfPresent(new StudyKey(route, record.studyInstanceUid()),
                    (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /**
     * Counts what the store actions did with an object, for the routes that are tracked; returns the journal work
     * that records it, to be committed with the object's finish (or on its own for a failed action), or null when
     * no tracked route is concerned.
     *
     * @param header the object's header, or null when it is not at hand (a recovered object whose spool file is missing)
     */
    public JournalWork outcome(ReceivedRecord record, DataSet header, List<RouteOutcome> outcomes) {
        String studyUid = record.studyInstanceUid();
        if (studyUid == null || studyUid.isEmpty()) {
            return null;
        }
        List<JournalWork> work = new ArrayList<>();
        for (RouteOutcome outcome : outcomes) {
            if (!tracks(outcome.route())) {
                continue;
            }
            StudyKey key = new StudyKey(outcome.route(), studyUid);
            try {
                work.add(add(key, record, header, outcome));
            } catch (IOException e) {
                LOG.error("route {}: study {} could not be read from the journal, object {} is not counted: {}",
                        outcome.route(), studyUid, record.sopInstanceUid(), e.getMessage());
            }
        }
        if (work.isEmpty()) {
            return null;
        }
        return transaction -> {
            for (JournalWork each : work) {
                each.write(transaction);
            }
        };
    }

    private synchronized JournalWork add(StudyKey key, ReceivedRecord record, DataSet header, RouteOutcome outcome)
            throws IOException {
        StudyState study = studies.get(key);
        if (study == null) {
            study = journal.read(connection -> store.study(connection, key));
            if (study == null) {
                study = StudyState.startingAt(key, record.receivedAt());
            }
            studies.put(key, study);
        }
        StudyStore.Arrival arrival = study.count(record, header, outcome);
        return transaction -> store.add(transaction, arrival);
    }

    /** The studies whose completion is awaited, the next to complete first. */
    public synchronized List<PendingStudy> pending() {
        Map<String, RouteNotifications> configured = routes.get();
        List<PendingStudy> pending = new ArrayList<>();
        for (StudyState study : studies.values()) {
            RouteNotifications route = configured.get(study.key.route());
            if (route == null || !study.unreported() || study.lastAt == null) {
                continue;
            }
            CompletionConfig rules = route.completion();
            Instant quiet = study.lastAt.plus(rules.quietPeriod());
            Instant forced = study.roundFirstAt == null ? quiet : study.roundFirstAt.plus(rules.forceAfter());
            pending.add(new PendingStudy(study.key.route(), study.key.studyUid(), study.objects - study.reportedObjects,
                    study.lastAt, quiet.isBefore(forced) ? quiet : forced));
        }
        pending.sort(Comparator.comparing(PendingStudy::dueAt));
        return pending;
    }

    /** The states {@link #list} takes. */
    public static final List<String> STATES = List.of("awaiting", "complete");

    /**
     * The studies of routes that notify, the latest arrival first, from {@code offset}, at most {@code limit}: all,
     * or those {@code awaiting} completion or {@code complete} ({@link #STATES}); or those of one Study Instance UID
     * (one per route) when {@code studyUid} is given. Each with its countdown (while awaited) and notifications.
     *
     * @throws IllegalArgumentException for another state
     */
    public List<StudyView> list(String state, String studyUid, int offset, int limit) throws IOException {
        String sql;
        List<Object> parameters = new ArrayList<>();
        if (studyUid != null) {
            sql = StudySql.SELECT_VIEWS_OF_STUDY;
            parameters.add(studyUid);
        } else {
            sql = switch (state == null ? "" : state) {
                case "" -> StudySql.SELECT_VIEWS;
                case "awaiting" -> StudySql.SELECT_VIEWS_AWAITING;
                case "complete" -> StudySql.SELECT_VIEWS_COMPLETE;
                default -> throw new IllegalArgumentException("state '" + state + "' is not one of " + STATES);
            };
            parameters.add(limit);
            parameters.add(offset);
        }
        Map<StudyKey, PendingStudy> due = new HashMap<>();
        pending().forEach(p -> due.put(new StudyKey(p.route(), p.studyUid()), p));
        Instant now = clock.instant();
        return journal.read(connection -> {
            List<StudyView> views = new ArrayList<>();
            for (StudyStore.Listed row : store.listed(connection, sql, parameters.toArray())) {
                PendingStudy pending = due.get(new StudyKey(row.route(), row.studyUid()));
                Instant dueAt = row.awaiting() && pending != null ? pending.dueAt() : null;
                views.add(row.view(row.awaiting() ? "awaiting" : "complete", dueAt,
                        dueAt == null ? null : Math.max(0, Duration.between(now, dueAt).toSeconds()),
                        outbox.viewsOf(connection, row.route(), row.studyUid())));
            }
            return views;
        });
    }

    /** Studies in memory (something of them not reported yet, or objects on their way). */
    public synchronized int openStudies() {
        return studies.size();
    }

    private void checkSafely() {
        try {
            check(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("checking study completion failed; trying again in {} ms", CHECK_MILLIS, e);
        }
    }

    /** Completes what is due at {@code now}: series first, then their study. One check at a time. */
    void check(Instant now) {
        synchronized (checking) {
            checkAlone(now);
        }
    }

    private void checkAlone(Instant now) {
        List<DueCompletions.Completion> due = new ArrayList<>();
        List<StudyKey> toRead = new ArrayList<>();
        synchronized (this) {
            Map<String, RouteNotifications> configured = routes.get();
            var iterator = studies.values().iterator();
            while (iterator.hasNext()) {
                StudyState study = iterator.next();
                RouteNotifications route = configured.get(study.key.route());
                boolean busy = inFlight.containsKey(study.key);
                if (route == null || (!busy && study.settled(route != null && route.wantsSeries()))) {
                    iterator.remove();
                    continue;
                }
                if (!shared && !study.stale) {
                    DueCompletions.collectDue(study, route, busy, now, due);
                    continue;
                }
                List<DueCompletions.Completion> dueHere = new ArrayList<>();
                DueCompletions.collectDue(study, route, busy, now, dueHere);
                if (!dueHere.isEmpty()) {
                    toRead.add(study.key);
                }
            }
        }
        for (StudyKey key : toRead) {
            due.addAll(readAgain(key, now));
        }
        for (DueCompletions.Completion completion : due) {
            complete(completion);
        }
    }

    /**
     * What is due of the study of {@code key} as the database holds it now (with every node's arrivals and
     * reports), which replaces what memory held: a later arrival at another node makes it wait again.
     */
    private List<DueCompletions.Completion> readAgain(StudyKey key, Instant now) {
        StudyState study;
        try {
            study = journal.read(connection -> store.study(connection, key));
        } catch (IOException e) {
            LOG.error("route {}: study {} could not be read from the journal, its completion waits: {}", key.route(),
                    key.studyUid(), e.getMessage());
            return List.of();
        }
        List<DueCompletions.Completion> due = new ArrayList<>();
        synchronized (this) {
            RouteNotifications route = routes.get().get(key.route());
            boolean busy = inFlight.containsKey(key);
            if (study == null || route == null || !busy && study.settled(route.wantsSeries())) {
                studies.remove(key); // another node reported it
                return due;
            }
            studies.put(key, study);
            DueCompletions.collectDue(study, route, busy, now, due);
        }
        return due;
    }

    /**
     * Writes the completion (reported counts and outbox rows, in one transaction) if the study is still as it was
     * read, then dispatches; else the study is read again at the next check.
     */
    private void complete(DueCompletions.Completion completion) {
        StudyKey key = completion.reported().key();
        List<Outbound> written = new ArrayList<>();
        boolean[] decided = new boolean[1];
        try {
            journal.write(transaction -> {
                written.clear();
                decided[0] = store.markReported(transaction, completion.reported());
                if (decided[0]) {
                    for (Outbound notification : completion.notifications()) {
                        written.add(outbox.insert(transaction, notification));
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.error("route {}: completing study {} failed, trying again: {}", key.route(), key.studyUid(),
                    e.getMessage());
            return;
        }
        synchronized (this) {
            StudyState study = studies.get(key);
            if (study != null && !decided[0]) {
                study.stale = true;
            } else if (study != null && completion.series() != null) {
                completion.series().reported(completion.reported());
            } else if (study != null) {
                study.reported(completion.reported());
            }
        }
        if (!decided[0]) {
            LOG.debug("route {}: study {} changed since it was read (an arrival, or another node's report): read"
                    + " again", key.route(), key.studyUid());
            return;
        }
        CompletionReport report = completion.report();
        LOG.info("route {}: {} {} complete ({}{}): {} file(s), {} in all{}, {} notification(s)",
                report.route(), report.level() == Level.STUDY ? "study" : "series",
                report.level() == Level.STUDY ? report.studyInstanceUid() : report.seriesInstanceUid(),
                Section.written(report.completedBy()), report.followUp() ? ", follow-up" : "",
                report.objects(), report.totalObjects(),
                report.failureCount() > 0 ? ", " + report.failureCount() + " failed" : "", written.size());
        events.publish(new StudyCompleted(report.route(), report.level() == Level.STUDY ? "study" : "series",
                report.studyInstanceUid(), report.level() == Level.STUDY ? null : report.seriesInstanceUid(),
                report.objects(), report.failureCount(), Section.written(report.completedBy()), report.followUp(),
                written.size()));
        written.forEach(dispatcher::enqueue);
    }

    /** Stops checking; studies not yet complete are completed by the next start. */
    @Override
    public void close() {
        checker.shutdownNow();
        try {
            checker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
