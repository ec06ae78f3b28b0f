package ferry.net.assoc;

import java.time.Duration;

/**
 * How long and how many connections a {@link DicomServer} gives its peers, so that slow or silent peers cannot hold
 * its threads (docs/networking.md, "Time limits" and "How many associations"). The time limits bound whole units
 * (the association request, a PDU, the data rate), never single reads: a peer sending one byte at a time gains
 * nothing.
 *
 * @param associationRequest   the ARTIM time (PS3.8 §9.1.5): from the TCP connection to the whole A-ASSOCIATE-RQ,
 *                             a TLS handshake included; then the connection is closed
 * @param pdu                  how far a PDU may fall behind {@code minDataRate} once its first byte has arrived: a PDU
 *                             of n bytes may keep Ferry waiting for at most {@code pdu + n / minDataRate}; then the
 *                             association is aborted
 * @param minDataRate          bytes per second a PDU must arrive at, once the {@code pdu} allowance is used up
 * @param idle                 the wait for the next PDU of an association; then it is aborted
 * @param maxPending           connections at once that are not yet an association (awaiting or being answered their
 *                             A-ASSOCIATE-RQ); more are closed at once. They do not count toward
 *                             {@link AcceptorPolicy#maxAssociations()}
 * @param maxPendingPerAddress the same, from one peer IP address
 */
public record AcceptorLimits(Duration associationRequest, Duration pdu, long minDataRate, Duration idle,
                             int maxPending, int maxPendingPerAddress) {
    /**
     * 10 s for the association request, a PDU 10 s behind 8 KiB/s (64 kbit/s), 5 minutes idle, 64 connections
     * awaiting their association at once, 16 from one address.
     */
    public static final AcceptorLimits DEFAULT = new AcceptorLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
            8 * 1024, Duration.ofMinutes(5), 64, 16);

    public AcceptorLimits {
        positive(associationRequest, "associationRequest");
        positive(pdu, "pdu");
        positive(idle, "idle");
        if (minDataRate < 1 || maxPending < 1 || maxPendingPerAddress < 1) {
            throw new IllegalArgumentException("minDataRate, maxPending and maxPendingPerAddress must be at least 1");
        }
    }

    private static void positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than 0, not " + duration);
        }
    }
}
