package ferry.router.queue;

import ferry.router.events.DestinationDown;
import ferry.router.events.DestinationRecovered;
import ferry.router.events.FerryEvent;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destinations' circuit breakers as every node sharing the journal's database sees them (table {@code
 * destination_breaker}, SQL in {@link BreakerSql}). Each {@link Lane} counts its own failures and acts at once; what
 * the breaker does is then recorded here by one conditional statement, so that an outage seen by every node opens
 * the breaker once (and {@link DestinationDown} is published once, by the node that opened it), one node at a time
 * probes the destination, and the first answer closes it for all ({@link DestinationRecovered}, once). The other
 * nodes learn the breaker's state from {@link #refresh}, once a second. One node on SQLite goes the same way: its
 * statements come with failures only, never with a delivery that works.
 */
final class Breakers {
    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    /** A breaker's row: open until, and the probe under way (by whom, until when), or nulls. */
    private record Row(Instant openUntil, String probeBy, Instant probeUntil) {
    }

    private final Journal journal;
    private final String node;
    private final Duration probeLease;
    private final Clock clock;

    /**
     * @param probeLease how long a node's claim of a probe keeps the others from probing (the node may die in it)
     */
    Breakers(Journal journal, Duration probeLease, Clock clock) {
        this.journal = journal;
        this.node = journal.database().node();
        this.probeLease = probeLease;
        this.clock = clock;
    }

    /**
     * Records what a delivery of {@code lane} did to its breaker ({@link Lane#ended}); returns the event to publish:
     * {@link DestinationDown} when this node opened it, {@link DestinationRecovered} when this node closed it, else
     * null. When the journal cannot be written the lane goes on with its own view, and nothing is published.
     */
    FerryEvent record(Lane lane, Lane.BreakerStep step, String reason) {
        String destination = lane.destination;
        Instant now = clock.instant();
        try {
            switch (step.step()) {
                case OPEN -> {
                    int[] opened = new int[1];
                    journal.write(transaction -> opened[0] = Rows.update(transaction, BreakerSql.OPEN, destination,
                            nanos(step.openUntil()), nanos(now), node, (long) step.failures(), reason));
                    if (opened[0] == 1) {
                        return new DestinationDown(destination, reason, step.failures(), step.openFor());
                    }
                    // another node opened it first: its probe times hold
                    lane.breakerIs(nextProbe(journal.read(connection -> row(connection, destination)), now));
                    return null;
                }
                case PROBE_FAILED -> {
                    journal.write(transaction -> {
                        Rows.update(transaction, BreakerSql.PROBE_FAILED, nanos(step.openUntil()), reason,
                                destination, node);
                    });
                    return null;
                }
                case CLOSE -> {
                    Long[] openedAt = new Long[1];
                    journal.write(transaction -> openedAt[0] = Rows.first(transaction, BreakerSql.CLOSE,
                            row -> row.getLong(1), destination));
                    return openedAt[0] == null ? null : new DestinationRecovered(destination,
                            Duration.between(JournalTransaction.instant(openedAt[0]), now));
                }
                default -> {
                    return null;
                }
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warn("destination {}: its circuit breaker could not be recorded for the other nodes: {}",
                    destination, e.getMessage());
            return null;
        }
    }

    /**
     * Claims for this node the probe that {@code lane} took ({@link Lane.Taken#probe}): true when it may go; else the
     * lane learns when the next may ({@link Lane#probeRefused}). When the journal cannot be written the probe goes:
     * a destination back matters more than two nodes probing it at once.
     */
    boolean claimProbe(Lane lane, Lane.Taken probe) {
        Instant now = clock.instant();
        try {
            int[] claimed = new int[1];
            journal.write(transaction -> claimed[0] = Rows.update(transaction, BreakerSql.CLAIM_PROBE, node,
                    nanos(now.plus(probeLease)), lane.destination, nanos(now), node, nanos(now)));
            if (claimed[0] == 1) {
                return true;
            }
            lane.probeRefused(probe, nextProbe(journal.read(connection -> row(connection, lane.destination)), now));
            return false;
        } catch (IOException | IllegalStateException e) {
            LOG.warn("destination {}: its probe could not be claimed ({}); probing", lane.destination,
                    e.getMessage());
            return true;
        }
    }

    /** Lets the open breaker of {@code destination} probe now, on every node ({@code ferry queue retry}). */
    void probeNow(String destination) throws IOException {
        long now = nanos(clock.instant());
        journal.write(transaction -> {
            Rows.update(transaction, BreakerSql.PROBE_NOW, now, destination, now);
        });
    }

    /** Reads the open breakers and tells each of {@code lanes} its own ({@link Lane#breakerSeen}). */
    void refresh(Collection<Lane> lanes) throws IOException {
        long readAt = System.nanoTime();
        Instant now = clock.instant();
        Map<String, Row> open = journal.read(connection -> {
            Map<String, Row> rows = new HashMap<>();
            for (Map.Entry<String, Row> row : Rows.list(connection, BreakerSql.SELECT_OPEN,
                    each -> Map.entry(each.getString(1), row(each)))) {
                rows.put(row.getKey(), row.getValue());
            }
            return rows;
        });
        for (Lane lane : lanes) {
            lane.breakerSeen(nextProbe(open.get(lane.destination), now), readAt);
        }
    }

    /** When this node may probe next: when the breaker's wait ends, or another node's probe's; null when closed. */
    private Instant nextProbe(Row row, Instant now) {
        if (row == null || row.openUntil() == null) {
            return null;
        }
        if (row.probeBy() != null && !row.probeBy().equals(node) && row.probeUntil() != null
                && row.probeUntil().isAfter(now) && row.probeUntil().isAfter(row.openUntil())) {
            return row.probeUntil();
        }
        return row.openUntil();
    }

    private static Row row(Connection connection, String destination) throws SQLException {
        List<Row> rows = Rows.list(connection, BreakerSql.SELECT_ONE, Breakers::row, destination);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A row of {@link BreakerSql#SELECT_OPEN} (columns 2 to 4). */
    private static Row row(ResultSet row) throws SQLException {
        long openUntil = row.getLong(2);
        Instant open = row.wasNull() ? null : JournalTransaction.instant(openUntil);
        String probeBy = row.getString(3);
        long probeUntil = row.getLong(4);
        Instant probe = row.wasNull() ? null : JournalTransaction.instant(probeUntil);
        return new Row(open, probeBy, probe);
    }

    private static long nanos(Instant instant) {
        return JournalTransaction.nanos(instant);
    }
}
