package ferry.router.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A received object as the journal records it before its C-STORE response: where it came from, what it is, where
 * its spool file is, and which routes it goes to.
 *
 * @param receivedAt         when the object had been received completely
 * @param callingAeTitle     the sender's AE title
 * @param calledAeTitle      the AE title the sender called
 * @param peerAddress        the sender's IP address, as text
 * @param sopClassUid        the Affected SOP Class UID of the C-STORE request
 * @param sopInstanceUid     the Affected SOP Instance UID of the C-STORE request
 * @param studyInstanceUid   the object's Study Instance UID, or null when it has none
 * @param seriesInstanceUid  the object's Series Instance UID, or null when it has none
 * @param transferSyntaxUid  the transfer syntax the object was received in
 * @param size               the spool file's size in bytes
 * @param spoolFile          the spool file holding the object (absolute paths are best: it is read back after a
 *                           restart)
 * @param routes             the names of the routes the object goes to, in rule order; empty when no route
 *                           matched (the object is unrouted)
 */
public record ReceivedRecord(Instant receivedAt, String callingAeTitle, String calledAeTitle, String peerAddress,
        String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
        String transferSyntaxUid, long size, Path spoolFile, List<String> routes) {

    public ReceivedRecord {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        Objects.requireNonNull(spoolFile, "spoolFile");
        routes = List.copyOf(routes);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** True when no route matched the object. */
    public boolean unrouted() {
        return routes.isEmpty();
    }
}
