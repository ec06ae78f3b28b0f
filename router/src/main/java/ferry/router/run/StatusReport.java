package ferry.router.run;

import ferry.net.assoc.DicomServer;
import ferry.router.action.StoreActions;
import ferry.router.action.StoreRetry;
import ferry.router.cluster.NodeRegistry;
import ferry.router.cluster.NodeState;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalCounts;
import ferry.router.journal.JournalProblem;
import ferry.router.queue.DestinationQueue;
import ferry.router.queue.ForwardQueue;
import ferry.router.queue.QueueView;
import ferry.router.receive.DiskWatermark;
import ferry.router.receive.ReceiveCounters;
import ferry.router.status.FerryStatus;
import ferry.router.study.NotificationDispatcher;
import ferry.router.study.PendingStudy;
import ferry.router.study.StudyTracker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ferry status}: what a running Ferry is doing, read into a {@link FerryStatus} ({@link #read}, also
 * {@code ferry status --json} and {@code GET /api/status}) and written as text for an administrator at a terminal
 * ({@link #text}).
 */
final class StatusReport {
    /** The studies awaiting completion listed, the next to complete first. */
    private static final int STUDIES_LISTED = 10;
    /** How many objects with failing store actions are listed one by one. */
    static final int LISTED_RETRIES = 10;

    private StatusReport() {
    }

    /** The parts of a running Ferry that the status reads. */
    record Parts(FerryService service, Journal journal, StoreActions actions, ForwardQueue queue,
                 DiskWatermark watermark, StudyTracker studies, NotificationDispatcher dispatcher, Instant started,
                 String web) {
    }

    /** The status now. */
    static FerryStatus read(Parts parts) {
        FerryService service = parts.service();
        FerryConfig config = service.config();
        Instant now = Instant.now();
        List<FerryStatus.Listener> listeners = new ArrayList<>();
        List<FerryStatus.LiveAssociation> associations = new ArrayList<>();
        for (Map.Entry<Integer, DicomServer> entry : service.servers().entrySet()) {
            DicomServer server = entry.getValue();
            var policy = server.policy();
            listeners.add(new FerryStatus.Listener(server.port(), policy.calledAeTitles().stream().sorted().toList(),
                    server.activeAssociations(), policy.maxAssociations()));
            for (DicomServer.Live live : server.associations()) {
                associations.add(new FerryStatus.LiveAssociation(server.port(), live.info().callingAeTitle(),
                        live.info().calledAeTitle(), live.info().peerAddress(), live.progress().startedAt(),
                        live.progress().messages(), live.progress().bytes()));
            }
        }
        ReceiveCounters counters = service.counters();
        Map<String, FerryStatus.Count> perRoute = new LinkedHashMap<>();
        counters.perRoute().forEach((route, count) -> perRoute.put(route,
                new FerryStatus.Count(count.objects(), count.bytes())));
        List<StoreRetry> retrying = parts.actions().retrying();
        List<FerryStatus.Failing> failing = retrying.subList(0, Math.min(LISTED_RETRIES, retrying.size())).stream()
                .map(r -> new FerryStatus.Failing(r.sopInstanceUid(), r.route(), r.folder().toString(), r.failures(),
                        r.nextAttempt(), r.reason())).toList();
        List<QueueView.Destination> forwardQueue;
        try {
            forwardQueue = parts.queue().view(0).destinations();
        } catch (IOException e) {
            forwardQueue = null;
        }
        List<PendingStudy> pending = parts.studies().pending();
        List<FerryStatus.AwaitedStudy> awaited = pending.subList(0, Math.min(pending.size(), STUDIES_LISTED)).stream()
                .map(s -> new FerryStatus.AwaitedStudy(s.route(), s.studyUid(), s.objects(), s.lastAt(), s.dueAt(),
                        untilNow(s.dueAt(), now).toSeconds())).toList();
        FerryStatus.Notifications notifications;
        try {
            NotificationDispatcher.OutboxStatus outbox = parts.dispatcher().status();
            notifications = new FerryStatus.Notifications(outbox.pending(), outbox.retrying(), outbox.sent(),
                    outbox.failed(), outbox.lastError());
        } catch (IOException e) {
            notifications = new FerryStatus.Notifications(-1, -1, -1, -1, "unreadable: " + e.getMessage());
        }
        JournalProblem problem = parts.journal().problem();
        String problemText = problem == null ? null : "cannot write since " + problem.since() + ", "
                + problem.attempts() + " failed attempt(s), next in " + duration(untilNow(problem.nextAttempt(), now))
                + "; " + problem.waiting() + " write(s) held, new objects refused (0xA700): " + problem.reason();
        FerryStatus.Journal journal;
        try {
            JournalCounts totals = parts.journal().counts();
            journal = new FerryStatus.Journal(totals.objects(), totals.bytes(), totals.unrouted(), problemText, null);
        } catch (IOException e) {
            journal = new FerryStatus.Journal(-1, -1, -1, problemText, e.getMessage());
        }
        var last = service.housekeeping().last();
        FerryStatus.Housekeeping housekeeping = new FerryStatus.Housekeeping(
                last.map(run -> run.finishedAt()).orElse(null), last.map(run -> run.describe()).orElse(null),
                config.retention().every().toSeconds());
        FerryStatus.Disk disk;
        try {
            long free = parts.watermark().free();
            disk = new FerryStatus.Disk(free, parts.watermark().minimumFree(), free >= parts.watermark().minimumFree(),
                    null);
        } catch (IOException e) {
            disk = new FerryStatus.Disk(-1, parts.watermark().minimumFree(), false, e.getMessage());
        }
        return new FerryStatus(FerryVersion.version(), ProcessHandle.current().pid(), now, parts.started(),
                Duration.between(parts.started(), now).toSeconds(),
                config.source() == null ? "embedded default" : config.source().toString(),
                config.dataDirectory().toAbsolutePath().toString(),
                config.durability().name().toLowerCase(Locale.ROOT), parts.web(), listeners, associations,
                new FerryStatus.Received(perRoute, counters.refusedForDisk(), counters.unreadable()),
                new FerryStatus.StoreActions(parts.actions().queued(), parts.actions().failures(), retrying.size(),
                        retrying.stream().filter(r -> r.nextAttempt() == null).count(), failing),
                forwardQueue, service.replicationStatus(),
                new FerryStatus.Studies(pending.size(), awaited), notifications, journal, housekeeping, disk,
                cluster(parts.journal(), config, now));
    }

    /** The database and every node it knows; a node is alive while its heartbeat is younger than the lease. */
    private static FerryStatus.Cluster cluster(Journal journal, FerryConfig config, Instant now) {
        String name = config.database().node();
        String location = journal.database().location();
        try {
            List<FerryStatus.Node> nodes = new ArrayList<>();
            for (NodeState node : journal.read(NodeRegistry::nodes)) {
                String shown = node.name().isEmpty() ? name : node.name();
                nodes.add(new FerryStatus.Node(shown, node.alive(now, config.database().lease()), node.startedAt(),
                        node.heartbeatAt(), Math.max(0, Duration.between(node.heartbeatAt(), now).toSeconds()),
                        node.version(), node.load()));
            }
            return new FerryStatus.Cluster(location, name, nodes, null);
        } catch (IOException e) {
            return new FerryStatus.Cluster(location, name, null, e.getMessage());
        }
    }

    /** The status as text. */
    static String text(FerryStatus status) {
        StringBuilder out = new StringBuilder();
        Instant now = status.at();
        out.append("Ferry ").append(status.version()).append(" running, pid ").append(status.pid()).append(", up ")
                .append(duration(Duration.ofSeconds(status.uptimeSeconds()))).append(" (since ")
                .append(status.startedAt()).append(")\n");
        out.append("configuration: ").append(status.configuration()).append("\ndata directory: ")
                .append(status.dataDirectory()).append(" (durability ").append(status.durability()).append(")\n");
        out.append("web: ").append(status.web() == null ? "off" : status.web()).append('\n');
        out.append("listeners:\n");
        for (FerryStatus.Listener listener : status.listeners()) {
            out.append(String.format(Locale.ROOT, "  port %-5d %-24s %d active association(s), at most %d%n",
                    listener.port(), listener.aeTitles().isEmpty() ? "any AE title"
                            : String.join(",", listener.aeTitles()), listener.activeAssociations(),
                    listener.maxAssociations()));
        }
        for (FerryStatus.LiveAssociation association : status.associations()) {
            out.append(String.format(Locale.ROOT, "    %s -> %s from %s: %d message(s), %s in %s%n",
                    association.callingAeTitle(), association.calledAeTitle(), association.peer(),
                    association.messagesReceived(), bytes(association.bytesReceived()),
                    duration(Duration.between(association.startedAt(), now))));
        }
        out.append("received since start (objects, bytes) per route:\n");
        if (status.received().perRoute().isEmpty()) {
            out.append("  nothing yet\n");
        }
        status.received().perRoute().forEach((route, count) -> out.append(String.format(Locale.ROOT,
                "  %-24s %10d  %s%n", route, count.objects(), bytes(count.bytes()))));
        out.append(String.format(Locale.ROOT, "refused for disk space: %d, unreadable: %d%n",
                status.received().refusedForDisk(), status.received().unreadable()));
        forwardQueue(status.forwardQueue(), now, out);
        out.append(String.format(Locale.ROOT, "store actions (into store folders): waiting %d, failed since start %d%n",
                status.storeActions().waiting(), status.storeActions().failedSinceStart()));
        storeRetries(status.storeActions(), now, out);
        if (!status.replications().isEmpty()) {
            out.append("replications:\n");
            status.replications().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("studies awaiting completion: ").append(status.studies().awaiting()).append('\n');
        for (FerryStatus.AwaitedStudy study : status.studies().first()) {
            out.append(String.format(Locale.ROOT, "  %-16s %-40s %6d object(s), last %s ago, complete in %s%n",
                    study.route(), study.studyInstanceUid(), study.objects(),
                    duration(Duration.between(study.lastAt(), now)),
                    duration(Duration.ofSeconds(study.secondsLeft()))));
        }
        if (status.studies().awaiting() > status.studies().first().size()) {
            out.append("  (and ").append(status.studies().awaiting() - status.studies().first().size())
                    .append(" more)\n");
        }
        FerryStatus.Notifications outbox = status.notifications();
        if (outbox.pending() < 0) {
            out.append("notifications: ").append(outbox.lastError()).append('\n');
        } else {
            out.append(String.format(Locale.ROOT, "notifications: %d pending (%d retrying), %d sent, %d failed%n",
                    outbox.pending(), outbox.retrying(), outbox.sent(), outbox.failed()));
            if (outbox.lastError() != null) {
                out.append("  last notification error: ").append(outbox.lastError()).append('\n');
            }
        }
        FerryStatus.Journal journal = status.journal();
        if (journal.problem() != null) {
            out.append("journal: ").append(journal.problem()).append('\n');
        }
        if (journal.error() != null) {
            out.append("journal: unreadable: ").append(journal.error()).append('\n');
        } else {
            out.append(String.format(Locale.ROOT, "journal (all time): %d objects, %s, unrouted %d%n",
                    journal.objects(), bytes(journal.bytes()), journal.unrouted()));
        }
        cluster(status.cluster(), out);
        FerryStatus.Housekeeping housekeeping = status.housekeeping();
        out.append("housekeeping: ").append(housekeeping.lastRunAt() == null ? "not run yet"
                        : "last run " + housekeeping.lastRunAt() + ": " + housekeeping.lastRun())
                .append(" (every ").append(duration(Duration.ofSeconds(housekeeping.everySeconds()))).append(")\n");
        FerryStatus.Disk disk = status.disk();
        if (disk.error() != null) {
            out.append("free disk: unknown: ").append(disk.error()).append('\n');
        } else {
            out.append("free disk: ").append(bytes(disk.free())).append(" (new objects refused under ")
                    .append(bytes(disk.minimumFree())).append(")\n");
        }
        return out.toString();
    }

    /**
     * The forward queue: its totals first (so that jobs waiting behind an open breaker are never mistaken for an
     * empty queue), then per destination waiting, in flight, failed, oldest, breaker, last error.
     */
    private static void forwardQueue(List<QueueView.Destination> destinations, Instant now, StringBuilder out) {
        if (destinations == null) {
            out.append("forward queue: unreadable\n");
            return;
        }
        if (destinations.isEmpty()) {
            out.append("forward queue: no destinations\n");
            return;
        }
        long waiting = destinations.stream().mapToLong(QueueView.Destination::waiting).sum();
        long inFlight = destinations.stream().mapToLong(QueueView.Destination::inFlight).sum();
        long failed = destinations.stream().mapToLong(QueueView.Destination::failed).sum();
        long open = destinations.stream().filter(d -> d.nextProbeAt() != null).count();
        out.append(String.format(Locale.ROOT, "forward queue: %d job(s) waiting, %d in flight, %d failed%s%n",
                waiting, inFlight, failed, open == 0 ? "" : ", " + open + " destination(s) with the breaker open"));
        out.append(String.format(Locale.ROOT, "  %-20s %9s %9s %9s %8s  %s%n", "destination", "waiting", "in flight",
                "failed", "oldest", "state"));
        for (QueueView.Destination view : destinations) {
            DestinationQueue destination = view.counts();
            out.append(String.format(Locale.ROOT, "  %-20s %9d %9d %9d %8s  %s%n", destination.destination(),
                    destination.pending(), destination.inFlight(), destination.failed(), destination.oldestAge(now),
                    destination.state(now)));
            if (destination.lastError() != null) {
                out.append("    last error: ").append(destination.lastError()).append('\n');
            }
        }
    }

    /** The database, and every node with its heartbeat and load when there are several (a cluster). */
    private static void cluster(FerryStatus.Cluster cluster, StringBuilder out) {
        out.append("database: ").append(cluster.database()).append(" (this node: ").append(cluster.node())
                .append(")\n");
        if (cluster.nodes() == null) {
            out.append("nodes: unreadable: ").append(cluster.error()).append('\n');
            return;
        }
        if (cluster.nodes().size() < 2) {
            return;
        }
        out.append(String.format(Locale.ROOT, "nodes: %d%n  %-20s %-6s %10s %7s %10s %9s %9s %8s%n",
                cluster.nodes().size(), "node", "state", "heartbeat", "assocs", "received", "jobs wait", "in flight",
                "studies"));
        for (FerryStatus.Node node : cluster.nodes()) {
            out.append(String.format(Locale.ROOT, "  %-20s %-6s %10s %7d %10d %9d %9d %8d%n", node.name(),
                    node.alive() ? "alive" : "silent", duration(Duration.ofSeconds(node.secondsSinceBeat())) + " ago",
                    node.load().associations(), node.load().objectsReceived(), node.load().jobsWaiting(),
                    node.load().jobsInFlight(), node.load().studiesAwaiting()));
        }
    }

    /** Up to {@value #LISTED_RETRIES} objects whose store actions failed, with why and when they are tried again. */
    private static void storeRetries(FerryStatus.StoreActions actions, Instant now, StringBuilder out) {
        if (actions.failing() == 0) {
            return;
        }
        out.append(String.format(Locale.ROOT, "store actions failing: %d object(s) kept in the spool, %d retrying,"
                + " %d given up until the next start%n", actions.failing(), actions.failing() - actions.givenUp(),
                actions.givenUp()));
        for (FerryStatus.Failing retry : actions.first()) {
            out.append("  ").append(retry.sopInstanceUid()).append(" (route ").append(retry.route())
                    .append(", folder ").append(retry.folder()).append("): ").append(retry.failures())
                    .append(" failed attempt(s), ").append(retry.nextAttemptAt() == null ? "given up"
                            : "next in " + duration(untilNow(retry.nextAttemptAt(), now)))
                    .append(": ").append(retry.reason()).append('\n');
        }
        if (actions.failing() > actions.first().size()) {
            out.append("  … and ").append(actions.failing() - actions.first().size()).append(" more (see the log)\n");
        }
    }

    /** From {@code now} until {@code instant}, 0 when it has passed. */
    private static Duration untilNow(Instant instant, Instant now) {
        Duration left = Duration.between(now, instant);
        return left.isNegative() ? Duration.ZERO : left;
    }

    static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
