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
        int fromThere = byAddress.getOrDefault(from, 0);
        if (fromThere >= limits.maxPendingPerAddress()) {
            return new Admission(false, null, connections(fromThere, " from " + from.getHostAddress())
                    + " awaiting their association, the most allowed from one address");
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
