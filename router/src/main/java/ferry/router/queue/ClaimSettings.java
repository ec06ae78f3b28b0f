package ferry.router.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How this node claims forwarding jobs in a database that several nodes share (docs/cluster.md): a claim lasts
 * {@code lease} unless the node's heartbeat renews it ({@link ForwardQueue#heartbeat}); with {@code sharedStorage} a
 * node may take any node's jobs (every spool is reachable at the same path), else only those of its own spool. On
 * SQLite there is one node and these change nothing.
 *
 * @param sharedStorage whether every node reads every other's spool (cluster: shared-storage)
 * @param lease         how long a claim lasts without a renewal (cluster: lease)
 */
public record ClaimSettings(boolean sharedStorage, Duration lease) {
    /** One node on its own: its own spool, leases of 60 s (those of the configuration's defaults). */
    public static final ClaimSettings ONE_NODE = new ClaimSettings(false, Duration.ofSeconds(60));

    public ClaimSettings {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease " + lease + " is not positive");
        }
    }
}
