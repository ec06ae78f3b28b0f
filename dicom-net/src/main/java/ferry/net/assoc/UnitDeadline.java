package ferry.net.assoc;

import ferry.net.pdu.PduProgress;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * The deadline of what an accepted connection is receiving now, under its {@link AcceptorLimits}
 * (docs/networking.md, "Time limits"). First the association request: the A-ASSOCIATE-RQ, a TLS handshake included,
 * must be whole within {@link AcceptorLimits#associationRequest()} of the connection (the ARTIM timer, PS3.8 §9.1.5).
 * Then each PDU: once its first byte has arrived it must be whole within {@link AcceptorLimits#pdu()} plus its length
 * at {@link AcceptorLimits#minDataRate()}. Between PDUs there is no deadline; the socket's read timeout, the idle
 * time, applies.
 *
 * <p>The reading thread moves the deadline through the {@link PduProgress} calls of its PDU reader: a clock read and a
 * few field writes per PDU, nothing per read. A {@link DeadlineWatch} ends the connection once the deadline has passed:
 * before the association by closing it (PS3.8 §9.2.3, AA-2), within one by shutting its input, which ends the reading
 * thread's read so that it sends the A-ABORT itself ({@link #expired()} tells it why). TLS cannot shut the input
 * alone; such a connection is closed.
 */
final class UnitDeadline implements PduProgress {
    private static final long NONE = Long.MAX_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Socket socket;
    private final AcceptorLimits limits;
    /** {@link System#nanoTime()} when the connection was accepted; the times below count from it. */
    private final long origin;
    private final long pduNanos;
    private volatile boolean requestReceived;
    private volatile long deadline;
    private long started;
    private int type = -1;
    private long length;
    private volatile String expired;

    UnitDeadline(Socket socket, AcceptorLimits limits, long acceptedNanos) {
        this.socket = socket;
        this.limits = limits;
        this.origin = acceptedNanos;
        this.pduNanos = limits.pdu().toNanos();
        this.deadline = limits.associationRequest().toNanos();
    }

    @Override
    public void started() {
        if (requestReceived) {
            started = System.nanoTime() - origin;
            type = -1;
            deadline = started + pduNanos;
        }
    }

    @Override
    public void announced(int type, long length) {
        if (requestReceived) {
            this.type = type;
            this.length = length;
            deadline = started + pduNanos + length * NANOS_PER_SECOND / limits.minDataRate();
        }
    }

    @Override
    public void ended() {
        requestReceived = true;
        deadline = NONE;
    }

    /** Why the unit under way is overdue at {@code nanoTime}, or null while it is not (or none is under way). */
    String overdue(long nanoTime) {
        long due = deadline;
        if (due == NONE || nanoTime - origin <= due) {
            return null;
        }
        if (!requestReceived) {
            return requestExpiry();
        }
        if (type < 0) {
            return "a PDU header was not complete within " + seconds(limits.pdu()) + " of its first byte (the PDU"
                    + " time limit)";
        }
        return "a " + PduProgress.name(type) + " PDU of " + length + " bytes was not complete within "
                + seconds(Duration.ofNanos(due - started)) + " of its first byte (the PDU time limit of "
                + seconds(limits.pdu()) + " plus its length at the minimum data rate of " + limits.minDataRate()
                + " bytes/s)";
    }

    /** The reason for closing a connection that did not send its association request in time. */
    String requestExpiry() {
        return "no complete A-ASSOCIATE-RQ within " + seconds(limits.associationRequest()) + " of connecting (the"
                + " association request time limit, ARTIM, PS3.8 §9.1.5)";
    }

    /** Ends the connection because {@code why}: see the class comment. */
    void expire(String why) {
        expired = why;
        try {
            if (requestReceived && !(socket instanceof SSLSocket)) {
                socket.shutdownInput();
            } else {
                socket.close();
            }
        } catch (IOException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is going away either way
        }
    }

    /** Closes the connection if it has not yet sent its association request (the server is closing). */
    void closeIfPending() {
        if (!requestReceived) {
            closeQuietly();
        }
    }

    /** Why the connection was ended by its deadline, or null when it was not. */
    String expired() {
        return expired;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
