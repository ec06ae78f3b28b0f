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
 * @param spoolChecksum      the CRC-32C of the whole spool file, or {@link #NO_CHECKSUM}; taken at durability
 *                           {@code power}, where the record is committed while the file is still being fsync'd, so
 *                           that a restart after a power cut can tell a file that did not reach the disk (its object
 *                           was never acknowledged) from one that did
 */
public record ReceivedRecord(Instant receivedAt, String callingAeTitle, String calledAeTitle, String peerAddress,
        String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
        String transferSyntaxUid, long size, Path spoolFile, List<String> routes, long spoolChecksum) {

    /** The {@link #spoolChecksum} of a record made without one. */
    public static final long NO_CHECKSUM = -1;

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
        if (spoolChecksum < NO_CHECKSUM || spoolChecksum > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("spoolChecksum is a CRC-32C or -1: " + spoolChecksum);
        }
    }

    /** Whether the record carries the CRC-32C of its spool file. */
    public boolean hasSpoolChecksum() {
        return spoolChecksum != NO_CHECKSUM;
    }

    /** True when no route matched the object. */
    public boolean unrouted() {
        return routes.isEmpty();
    }
}
