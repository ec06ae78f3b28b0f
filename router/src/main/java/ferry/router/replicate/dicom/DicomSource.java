package ferry.router.replicate.dicom;

import ferry.router.forward.DestinationConfig;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * A replication source that is a DICOM node (a PACS, an archive, Orthanc as a DICOM peer), configured as a
 * {@code dicom:} destination entry: Ferry calls as the entry's {@code calling-ae-title}, over TLS when it has
 * {@code tls}, with its {@code timeout}; docs/replication-dicom.md.
 *
 * <ul>
 *   <li>{@link #list}: C-FIND down the Study Root hierarchy (PS3.4 C.4.1.2.2.1): one at STUDY level with the query's
 *       patient and study keys, one at SERIES level per study with its series keys, one at IMAGE level per series
 *       with its instance keys; every response is matched against the query again ({@link StudyRootQuery}), and a
 *       node that ignores a key of the query is an {@link EndpointException} naming it rather than a listing of too
 *       much. Each instance comes with its SOP Instance, Study and Series Instance UIDs and, when the node returns
 *       it, its SOP Class UID (dcmqrscp does not); its locator is {@code study/series/instance}.</li>
 *   <li>{@link #fetch}: as the replication's {@code retrieve:} says, C-GET at IMAGE level on Ferry's own association
 *       ({@link GetRetrieval}), or C-MOVE at IMAGE level to Ferry's move destination, a listener opened for the
 *       replication ({@link MoveRetrieval}); at most {@code max-parallel} associations at once, kept from fetch to
 *       fetch, the object written as it arrives as a Part 10 file.</li>
 *   <li>{@link #changes}: repeated C-FIND over a moving StudyDate window ({@link DicomDateFeed}).</li>
 * </ul>
 */
public final class DicomSource implements ReplicationSource {
    private final DicomNode node;
    private final InstanceRetrieval retrieval;

    /**
     * @param name        the configured name of the node (a destination entry), for messages
     * @param retrieve    how instances are fetched: C-GET or C-MOVE
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when its TLS stores cannot be read
     */
    public DicomSource(String name, DestinationConfig.Dicom config, Retrieve retrieve,
                       Function<String, String> environment) {
        this.node = new DicomNode(name, config, environment, EndpointException.Side.SOURCE);
        this.retrieval = retrieve instanceof Retrieve.Move move ? new MoveRetrieval(node, move)
                : new GetRetrieval(node);
    }

    /** "DICOM AE@host:port" (" over TLS"). */
    @Override
    public String describe() {
        return node.describe();
    }

    /**
     * Lists the instances {@code query} selects, {@value DicomListing#PAGE_SIZE} to a page, over one association
     * released at the end. The study UIDs of the whole listing are held in memory, the instances of a series at a
     * time.
     *
     * @throws EndpointException        when the node cannot be reached or queried, or ignores a key of the query
     * @throws IllegalArgumentException when a key's value cannot be matched (a date range that is no range)
     */
    @Override
    public void list(ReplicationQuery query, Pages pages) throws IOException, InterruptedException {
        StudyRootQuery keys = new StudyRootQuery(query);
        try (DicomFinder finder = new DicomFinder(node)) {
            DicomListing listing = new DicomListing(node, finder);
            listing.instances(keys, listing.studies(keys, keys.studies()), pages);
        }
    }

    /**
     * Fetches the instance its locator names, by C-GET ({@link GetRetrieval#fetch}) or C-MOVE
     * ({@link MoveRetrieval#fetch}), and writes it to {@code target}.
     */
    @Override
    public void fetch(SourceInstance instance, Path target) throws IOException, InterruptedException {
        retrieval.fetch(instance, DicomLocator.parse(instance.locator()), target);
    }

    /**
     * Follows the node by C-FIND over a moving StudyDate window ({@link DicomDateFeed}): its cursor is the day of the
     * last pass, and each pass lists the studies dated from the day before it to today, by this machine's clock.
     * The feed offers every new instance of those studies, whatever {@code query} selects: the replication matches
     * each fetched instance against the query.
     */
    @Override
    public Optional<ChangeFeed> changes(ReplicationQuery query) {
        return Optional.of(new DicomDateFeed(node, Clock.systemDefaultZone(), DicomListing.PAGE_SIZE));
    }

    /** Releases the kept associations (and stops a C-MOVE's listener). */
    @Override
    public void close() {
        retrieval.close();
    }
}
