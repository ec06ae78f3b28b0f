package ferry.router.queue;

import ferry.router.database.SqlDialect;
import ferry.router.journal.Journal;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's leases on the jobs it holds, where several nodes share the database (PostgreSQL; on SQLite the one
 * node always holds its jobs): renewed by the heartbeat in one statement, checked before each delivery, and the
 * heartbeat's look-out for jobs no live node holds (docs/cluster.md).
 */
final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final Journal journal;
    private final JobStore store;
    private final ClaimSettings claims;
    private final Clock clock;
    private final boolean shared;
    /** Until when every job this node holds is its own, as its last renewal made them. */
    private volatile Instant heldUntil;

    Leases(Journal journal, JobStore store, ClaimSettings claims, Clock clock) {
        this.journal = journal;
        this.store = store;
        this.claims = claims;
        this.clock = clock;
        this.shared = journal.database().dialect() == SqlDialect.POSTGRESQL;
        this.heldUntil = clock.instant().plus(claims.lease());
    }

    /** At a start: the jobs this node claims from now on hold for a lease. */
    void started() {
        heldUntil = clock.instant().plus(claims.lease());
    }

    /**
     * Whether this node may start a delivery now: its leases have at least a third of their time left (always on
     * SQLite).
     */
    boolean held() {
        return !shared || clock.instant().isBefore(heldUntil.minus(claims.lease().dividedBy(3)));
    }

    /** {@link ForwardQueue#heartbeat} for {@code lanes}; {@code lane} makes the lane of a destination. */
    void heartbeat(Collection<Lane> lanes, Function<String, Lane> lane) throws IOException {
        if (!shared) {
            return;
        }
        Instant now = clock.instant();
        boolean lapsed = !now.isBefore(heldUntil);
        List<Long> held = new ArrayList<>();
        lanes.forEach(each -> held.addAll(each.held()));
        journal.write(transaction -> store.renew(transaction, held, now.plus(claims.lease())));
        heldUntil = now.plus(claims.lease());
        if (lapsed) {
            LOG.warn("forwarding queue: this node's job leases passed before it renewed them (another node may hold"
                    + " its jobs now): its waiting jobs are claimed again");
            lanes.forEach(Lane::forgetWaiting);
        }
        String node = journal.database().node();
        Map<String, Long> elsewhere = journal.read(connection -> store.claimableElsewhere(connection, node, claims,
                now));
        elsewhere.forEach((destination, first) -> lane.apply(destination).rewind(first));
    }
}
