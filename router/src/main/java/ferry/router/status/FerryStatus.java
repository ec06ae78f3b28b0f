package ferry.router.status;

import ferry.router.cluster.NodeLoad;
import ferry.router.queue.QueueView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A running Ferry at one moment (docs/running.md, "ferry status"; docs/api.md, {@code GET /api/status}). Holds no
 * patient data: studies by UID only.
 *
 * @param version        Ferry's version
 * @param pid            the process id
 * @param at             when this was read
 * @param startedAt      when this Ferry started
 * @param uptimeSeconds  seconds since then
 * @param configuration  the configuration file, or {@code embedded default}
 * @param dataDirectory  the data directory, absolute
 * @param durability     {@code process} or {@code power}
 * @param web            the web server's URL, or null when it is off
 * @param listeners      the DICOM listeners
 * @param associations   the associations being served now, with their progress
 * @param received       what was received since the start
 * @param storeActions   the store actions waiting and failing
 * @param forwardQueue   the forwarding queue per destination (with the circuit breaker)
 * @param replications   a line per replication
 * @param studies        the studies awaiting completion
 * @param notifications  the notification outbox
 * @param journal        the journal: totals of all time, and a problem writing it
 * @param housekeeping   the last housekeeping run
 * @param disk           free disk space against the watermark
 * @param cluster        the database and the nodes that share it (one on SQLite)
 */
public record FerryStatus(String version, long pid, Instant at, Instant startedAt, long uptimeSeconds,
                          String configuration, String dataDirectory, String durability, String web,
                          List<Listener> listeners, List<LiveAssociation> associations, Received received,
                          StoreActions storeActions, List<QueueView.Destination> forwardQueue,
                          List<String> replications, Studies studies, Notifications notifications, Journal journal,
                          Housekeeping housekeeping, Disk disk, Cluster cluster) {

    /**
     * A DICOM listener.
     *
     * @param port               the port it listens on
     * @param aeTitles           the called AE titles it answers; empty for any
     * @param activeAssociations associations served now
     * @param maxAssociations    at most served at once
     */
    public record Listener(int port, List<String> aeTitles, int activeAssociations, int maxAssociations) {
    }

    /**
     * An association being served.
     *
     * @param port             the listener's port
     * @param callingAeTitle   the sender's AE title
     * @param calledAeTitle    the AE title it called
     * @param peer             the sender's address and port
     * @param startedAt        when it was established
     * @param messagesReceived DIMSE messages received so far (each C-STORE is one)
     * @param bytesReceived    bytes received so far
     */
    public record LiveAssociation(int port, String callingAeTitle, String calledAeTitle, String peer,
                                  Instant startedAt, long messagesReceived, long bytesReceived) {
    }

    /**
     * What was received since the start.
     *
     * @param perRoute       objects and bytes per route; {@code (unrouted)} for those no route matched
     * @param refusedForDisk objects refused because free disk space was under the minimum
     * @param unreadable     objects refused as broken
     */
    public record Received(Map<String, Count> perRoute, long refusedForDisk, long unreadable) {
    }

    /** Objects and bytes. */
    public record Count(long objects, long bytes) {
    }

    /**
     * The store actions (writing objects into store folders).
     *
     * @param waiting          objects waiting for their store actions
     * @param failedSinceStart store actions failed since the start
     * @param failing          objects whose store actions failed and are kept in the spool
     * @param givenUp          of those, the ones given up until the next start
     * @param first            the first of them
     */
    public record StoreActions(long waiting, long failedSinceStart, int failing, long givenUp, List<Failing> first) {
    }

    /**
     * An object whose store action fails.
     *
     * @param sopInstanceUid the object
     * @param route          the route whose store failed
     * @param folder         the store folder
     * @param failures       failed attempts
     * @param nextAttemptAt  when it is tried again; null when given up until the next start
     * @param reason         why the last attempt failed
     */
    public record Failing(String sopInstanceUid, String route, String folder, int failures, Instant nextAttemptAt,
                          String reason) {
    }

    /**
     * The studies awaiting completion.
     *
     * @param awaiting how many
     * @param first    the first of them, the next to complete first
     */
    public record Studies(int awaiting, List<AwaitedStudy> first) {
    }

    /**
     * A study awaiting completion, with its countdown.
     *
     * @param route            the route that notifies about it
     * @param studyInstanceUid the study
     * @param objects          objects since its last report
     * @param lastAt           when its latest object arrived
     * @param dueAt            when it completes if nothing more arrives
     * @param secondsLeft      seconds until then (0 when due)
     */
    public record AwaitedStudy(String route, String studyInstanceUid, long objects, Instant lastAt, Instant dueAt,
                               long secondsLeft) {
    }

    /**
     * The notification outbox.
     *
     * @param pending   waiting for delivery
     * @param retrying  of those, the ones that failed at least once
     * @param sent      delivered
     * @param failed    given up
     * @param lastError the latest error of one not delivered, or null
     */
    public record Notifications(long pending, long retrying, long sent, long failed, String lastError) {
    }

    /**
     * The journal.
     *
     * @param objects  objects received, all time
     * @param bytes    their bytes
     * @param unrouted objects no route matched, all time
     * @param problem  why the journal cannot write now (new objects are refused meanwhile), or null
     * @param error    why the totals could not be read, or null
     */
    public record Journal(long objects, long bytes, long unrouted, String problem, String error) {
    }

    /**
     * Housekeeping.
     *
     * @param lastRunAt    when it last finished, or null
     * @param lastRun      what it did then, or null
     * @param everySeconds how often it runs
     */
    public record Housekeeping(Instant lastRunAt, String lastRun, long everySeconds) {
    }

    /**
     * Free disk space of the data directory's file system.
     *
     * @param free        bytes free, or -1 when unknown
     * @param minimumFree new objects are refused under this
     * @param admitting   whether new objects are accepted
     * @param error       why the free space is unknown, or null
     */
    public record Disk(long free, long minimumFree, boolean admitting, String error) {
    }

    /**
     * The database and its nodes (docs/cluster.md).
     *
     * @param database where the database is: the SQLite file, or {@code postgresql://host:port/name}
     * @param node     this node's name
     * @param nodes    every node the database knows, by name; null when they could not be read
     * @param error    why they could not be read, or null
     */
    public record Cluster(String database, String node, List<Node> nodes, String error) {
    }

    /**
     * A node of the cluster.
     *
     * @param name             its name
     * @param alive            whether its last heartbeat is younger than the lease ({@code cluster.lease})
     * @param startedAt        when it last started
     * @param heartbeatAt      its last heartbeat
     * @param secondsSinceBeat seconds since then
     * @param version          the Ferry version it runs
     * @param load             what it was doing at that heartbeat
     */
    public record Node(String name, boolean alive, Instant startedAt, Instant heartbeatAt, long secondsSinceBeat,
                       String version, NodeLoad load) {
    }
}
