package ferry.net.assoc;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections of a {@link DicomServer} that are not yet associations, counted in all and per peer address against
 * {@link AcceptorLimits#maxPending()} and {@link AcceptorLimits#maxPendingPerAddress()}. Associations are counted
 * apart, so slow handshakes cannot take their places.
 */
final class PendingConnections {
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int total;

    /** Counts a connection from {@code from} and returns null, or, when a limit is reached, says which. */
    synchronized String admit(InetAddress from, AcceptorLimits limits) {
        if (total >= limits.maxPending()) {
            return connections(total, "") + " awaiting their association, the most allowed";
        }
        int fromThere = byAddress.getOrDefault(from, 0);
        if (fromThere >= limits.maxPendingPerAddress()) {
            return connections(fromThere, " from " + from.getHostAddress())
                    + " awaiting their association, the most allowed from one address";
        }
        total++;
        byAddress.put(from, fromThere + 1);
        return null;
    }

    /** Connections counted now. */
    synchronized int count() {
        return total;
    }

    /** "1 connection from X is", "3 connections from X are". */
    private static String connections(int count, String from) {
        return count == 1 ? "1 connection" + from + " is" : count + " connections" + from + " are";
    }

    /** Stops counting a connection from {@code from}: it became an association or ended. */
    synchronized void release(InetAddress from) {
        total--;
        byAddress.computeIfPresent(from, (address, count) -> count == 1 ? null : count - 1);
    }
}
