package ferry.router.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * A node as the database knows it.
 *
 * @param name        its name ({@code node:}; empty for the one Ferry of an SQLite database)
 * @param startedAt   when it last started
 * @param heartbeatAt its last heartbeat
 * @param version     the Ferry version it runs
 * @param load        what it was doing at that heartbeat
 */
public record NodeState(String name, Instant startedAt, Instant heartbeatAt, String version, NodeLoad load) {

    /** Whether its last heartbeat is younger than {@code lease}: else it is taken for dead, and its leases lapse. */
    public boolean alive(Instant now, Duration lease) {
        return Duration.between(heartbeatAt, now).compareTo(lease) < 0;
    }
}
