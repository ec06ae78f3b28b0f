package ferry.net.assoc;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connections of a {@link DicomServer} that are not yet associations, counted in all and per peer address against
 * {@link AcceptorLimits#maxPending()} and {@link AcceptorLimits#maxPendingPerAddress()}. Associations are counted
 * apart, so slow handshakes cannot take their places.
 *
 * <p>When every pending place is taken, a new connection takes the place of the one that has waited longest, if that
 * one has waited at least {@value #EVICTABLE_AFTER_MILLIS} ms: an honest requestor sends its A-ASSOCIATE-RQ within
 * milliseconds of connecting, so the oldest pending connections are the slow ones, and slow connections from many
 * addresses can no longer lock everyone out until their ARTIM time ends (they only push each other out).
 *
 * <p>The per-address limit counts the same way: a new connection from an address with that many pending is closed
 * only when that many of them are slow (have waited {@value #EVICTABLE_AFTER_MILLIS} ms or more). A sender opening
 * more associations at once than the limit (a PACS, {@code ferry send --parallel 32}) gets them all while its
 * requests are on their way, on a machine too busy to read them at once; a peer that leaves its connections silent
 * is held to the limit once they are slow, and within the total, where other addresses' connections push its slow ones
 * out.
 */
final class PendingConnections {
    /** A pending connection younger than this is never pushed out for a new one. */
    static final long EVICTABLE_AFTER_MILLIS = 500;

    private record Waiting(InetAddress from, long acceptedNanos) {
    }

    /** Counted connections in the order they were accepted. */
    private final Map<Socket, Waiting> waiting = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();

    /**
     * What {@link #admit} decided: the connection is {@code admitted} (then {@code pushedOut}, when not null, is an
     * older pending connection to close to make room for it) or not, with {@code why}.
     */
    record Admission(boolean admitted, Socket pushedOut, String why) {
    }

    /** Counts {@code socket}, accepted at {@code acceptedNanos} ({@link System#nanoTime()}), or says why not. */
    synchronized Admission admit(Socket socket, long acceptedNanos, AcceptorLimits limits) {
        InetAddress from = socket.getInetAddress();
        if (byAddress.getOrDefault(from, 0) >= limits.maxPendingPerAddress()) {
            int slow = slowFrom(from, acceptedNanos);
            if (slow >= limits.maxPendingPerAddress()) {
                return new Admission(false, null, connections(slow, " from " + from.getHostAddress())
                        + " awaiting their association for half a second or more, the most allowed from one address");
            }
        }
        Socket pushedOut = null;
        if (waiting.size() >= limits.maxPending()) {
            Iterator<Map.Entry<Socket, Waiting>> oldest = waiting.entrySet().iterator();
            Map.Entry<Socket, Waiting> first = oldest.hasNext() ? oldest.next() : null;
            if (first == null || acceptedNanos - first.getValue().acceptedNanos()
                    < Duration.ofMillis(EVICTABLE_AFTER_MILLIS).toNanos()) {
                return new Admission(false, null, connections(waiting.size(), "")
                        + " awaiting their association, the most allowed");
            }
            pushedOut = first.getKey();
            forget(pushedOut);
        }
        waiting.put(socket, new Waiting(from, acceptedNanos));
        byAddress.merge(from, 1, Integer::sum);
        return new Admission(true, pushedOut, null);
    }

    /** How many connections from {@code from} have waited {@value #EVICTABLE_AFTER_MILLIS} ms or more by now. */
    private int slowFrom(InetAddress from, long now) {
        long slowBefore = now - Duration.ofMillis(EVICTABLE_AFTER_MILLIS).toNanos();
        int slow = 0;
        for (Waiting each : waiting.values()) {
            if (each.from().equals(from) && each.acceptedNanos() - slowBefore <= 0) {
                slow++;
            }
        }
        return slow;
    }

    /** Connections counted now. */
    synchronized int count() {
        return waiting.size();
    }

    /** "1 connection from X is", "3 connections from X are". */
    private static String connections(int count, String from) {
        return count == 1 ? "1 connection" + from + " is" : count + " connections" + from + " are";
    }

    /** Stops counting {@code socket}: it became an association or ended (nothing when it was pushed out already). */
    synchronized void release(Socket socket) {
        forget(socket);
    }

    private void forget(Socket socket) {
        Waiting gone = waiting.remove(socket);
        if (gone != null) {
            byAddress.computeIfPresent(gone.from(), (address, count) -> count == 1 ? null : count - 1);
        }
    }
}
