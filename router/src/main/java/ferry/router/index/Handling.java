package ferry.router.index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Ferry did with one instance, as the index keeps it: where it came from and where it went. For a file added by
 * {@code ferry index}, {@code receivedAt} is the file's modification time, the AE titles are those of its file meta
 * information (empty when it has none) and {@code stored} is the file.
 *
 * @param receivedAt        when it was received (the last time, when it was received again)
 * @param callingAeTitle    the sender's AE title
 * @param calledAeTitle     the AE title it was sent to
 * @param peerAddress       the sender's IP address (empty for a file)
 * @param routes            the routes it took (empty when none applied: it went to the unrouted area)
 * @param stored            the files it was stored as, by every receipt
 * @param destinations      the destinations it was queued to (their delivery is {@code ferry queue}'s), by every
 *                          receipt
 * @param transferSyntaxUid its transfer syntax
 * @param size              its size in bytes (the data set as received, or the file's)
 * @param received          true when Ferry received it; false for a file added by {@code ferry index} (and not
 *                          received since)
 */
public record Handling(Instant receivedAt, String callingAeTitle, String calledAeTitle, String peerAddress,
                       List<String> routes, List<String> stored, List<String> destinations,
                       String transferSyntaxUid, long size, boolean received) {
    public Handling {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(peerAddress, "peerAddress");
        routes = List.copyOf(routes);
        stored = List.copyOf(stored);
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    }

    /** The last of its {@link #stored} files that is still a regular file, or null when none is. */
    public Path lastStoredFile() {
        for (int i = stored.size() - 1; i >= 0; i--) {
            Path file = Path.of(stored.get(i));
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }
}
