package ferry.router.queue;

/**
 * The SQL text of {@link Breakers}, on the journal's schema step 8 ({@code destination_breaker}): one row per
 * destination whose breaker ever opened, open while {@code open_until} is set. Every change is one conditional
 * statement, so that when several nodes see the same outage at once one of them opens the breaker, one probes, one
 * closes it (docs/cluster.md); the same text serves SQLite and PostgreSQL.
 */
final class BreakerSql {

    private BreakerSql() {
    }

    /**
     * Opens a closed breaker (or makes the row of one never opened); changes nothing when it is open already.
     * Parameters: destination, open until, opened at, node, failures, error.
     */
    static final String OPEN = """
            INSERT INTO destination_breaker (destination, open_until, opened_at, opened_by, times_opened, failures,
                last_error)
            VALUES (?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (destination) DO UPDATE SET open_until = excluded.open_until,
                opened_at = excluded.opened_at, opened_by = excluded.opened_by,
                times_opened = destination_breaker.times_opened + 1, failures = excluded.failures,
                last_error = excluded.last_error, probe_by = NULL, probe_until = NULL
            WHERE destination_breaker.open_until IS NULL""";

    /**
     * Claims the probe of an open breaker whose wait has passed, unless another node's probe is under way.
     * Parameters: node, probe until, destination, now, node, now.
     */
    static final String CLAIM_PROBE = """
            UPDATE destination_breaker SET probe_by = ?, probe_until = ?
            WHERE destination = ? AND open_until IS NOT NULL AND open_until <= ?
                AND (probe_by IS NULL OR probe_by = ? OR probe_until < ?)""";

    /** This node's probe failed: open until a later time. Parameters: open until, error, destination, node. */
    static final String PROBE_FAILED = """
            UPDATE destination_breaker SET open_until = ?, failures = failures + 1, last_error = ?, probe_by = NULL,
                probe_until = NULL
            WHERE destination = ? AND probe_by = ? AND open_until IS NOT NULL""";

    /** Closes an open breaker; returns when it opened (no row: it was closed). Parameter: destination. */
    static final String CLOSE = """
            UPDATE destination_breaker SET open_until = NULL, probe_by = NULL, probe_until = NULL, failures = 0
            WHERE destination = ? AND open_until IS NOT NULL RETURNING opened_at""";

    /** Lets the open breaker's next probe go now ({@code ferry queue retry}). Parameters: now, destination, now. */
    static final String PROBE_NOW = """
            UPDATE destination_breaker SET open_until = ? WHERE destination = ? AND open_until > ?""";

    /** The open breakers. */
    static final String SELECT_OPEN = """
            SELECT destination, open_until, probe_by, probe_until FROM destination_breaker
            WHERE open_until IS NOT NULL""";

    /** One destination's breaker (no row: never opened). Parameter: destination. */
    static final String SELECT_ONE = """
            SELECT destination, open_until, probe_by, probe_until FROM destination_breaker WHERE destination = ?""";
}
