package ferry.router.replicate;

import ferry.router.database.Database;
import ferry.router.forward.Destination;
import ferry.router.journal.DurabilityPolicy;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What opens a replication's two ends by the texts of its settings ({@code from}, {@code to}): a configured
 * destination's name, an Orthanc URL, a folder, Ferry's own store. Implemented by
 * {@code ferry.router.replicate.service.Endpoints}; {@link Replication#open} uses it.
 */
public interface Ends {
    /**
     * The source {@code spec} names, a DICOM node fetched from by {@code retrieve}.
     *
     * @param problems told of an instance the source cannot read, without ending the pass
     * @throws IllegalArgumentException when {@code spec} names no source
     */
    ReplicationSource source(String spec, Retrieve retrieve, Consumer<String> problems);

    /** The destination {@code spec} names. @throws IllegalArgumentException when it names none */
    Destination destination(String spec, DurabilityPolicy policy);

    /** What the destination {@code spec} names can say it holds; null when it cannot be asked. */
    Presence presence(String spec);

    /** Looks up the environment variables secrets are read from. */
    Function<String, String> environment();

    /** Ferry's journal database, where the replication's record is kept. */
    Database journalDatabase();
}
