package ferry.router.replicate;

import ferry.router.database.Database;
import ferry.router.edit.TagEdit;
import ferry.router.forward.Destination;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.queue.QueueConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replication made ready to run: its source, the destination with what it holds, its record, and the
 * {@link Replicator} over them. Closing it closes them all (the record written out first).
 */
public final class Replication implements AutoCloseable {
    private final ReplicationConfig settings;
    private final ReplicationSource source;
    private final Destination destination;
    private final Presence presence;
    private final ReplicationRecord record;
    private final Replicator replicator;

    private Replication(ReplicationConfig settings, ReplicationSource source, Destination destination,
                        Presence presence, ReplicationRecord record, Replicator replicator) {
        this.settings = settings;
        this.source = source;
        this.destination = destination;
        this.presence = presence;
        this.record = record;
        this.replicator = replicator;
    }

    /**
     * Opens {@code settings}' ends and record.
     *
     * @param work     the replications' work folder (each replication has a folder of its own in it)
     * @param rules    the retry and breaker rules of the destination's queue
     * @throws IllegalArgumentException when an end names nothing usable (a usage error)
     * @throws IllegalStateException    when a secret's environment variable is not set
     * @throws IOException              when the record cannot be opened
     */
    public static Replication open(ReplicationConfig settings, Ends endpoints, Path work, QueueConfig rules,
                                   DurabilityPolicy policy, Clock clock) throws IOException {
        AtomicReference<Replicator> made = new AtomicReference<>();
        ReplicationSource source = endpoints.source(settings.from(), settings.retrieve(),
                problem -> made.get().unreadable(problem));
        Destination destination = null;
        Presence presence = null;
        try {
            destination = endpoints.destination(settings.to(), policy);
            presence = endpoints.presence(settings.to());
            List<TagEdit> edits = TagEdit.forRunning(settings.edits(), endpoints.environment());
            Path folder = work.resolve(folderName(settings.name()));
            WorkFiles.removeLeftovers(folder);
            ReplicationRecord record = ReplicationRecord.open(endpoints.journalDatabase(), settings.name(),
                    source.describe(), destination.describe(), String.join(" ", settings.query().texts()), clock);
            Replicator replicator = new Replicator(source, presence, destination, edits, record, folder, rules,
                    settings.parallel(), clock);
            made.set(replicator);
            return new Replication(settings, source, destination, presence, record, replicator);
        } catch (IOException | RuntimeException e) {
            source.close();
            if (destination != null) {
                destination.close();
            }
            if (presence != null) {
                presence.close();
            }
            throw e;
        }
    }

    /** A file name of {@code name}'s own: letters, digits, '.', '_' and '-' kept, the rest as {@code %XX}. */
    static String folderName(String name) {
        StringBuilder folder = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '.' && folder.length() > 0 || c == '_' || c == '-') {
                folder.append(c);
            } else {
                folder.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return folder.toString();
    }

    public ReplicationConfig settings() {
        return settings;
    }

    public Replicator replicator() {
        return replicator;
    }

    /** "Orthanc http://a:8042 → DICOM PACS@10.0.0.9:104", without secrets. */
    public String describe() {
        return source.describe() + " → " + destination.describe();
    }

    @Override
    public void close() throws IOException {
        try {
            record.close();
        } finally {
            source.close();
            destination.close();
            if (presence != null) {
                presence.close();
            }
        }
    }
}
