package ferry.router.replicate;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import ferry.net.service.FolderStore;
import ferry.net.service.RetrieveScu;
import ferry.net.service.StoreHandler;
import ferry.router.forward.DestinationConfig;
import java.io.IOException;
import java.io.InputStream;
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
 *   <li>{@link #fetch}: C-GET at IMAGE level (PS3.4 C.4.3) over associations kept from fetch to fetch, at most
 *       {@code max-parallel} at once ({@link GetAssociations}), the object written as it arrives on the association
 *       as a Part 10 file. The associations propose the instance's SOP class, those fetched lately and the common
 *       ones ({@link GetProposals}); an instance of a rarer class the listing did not name may find no context to
 *       come on, which the failure says.</li>
 *   <li>{@link #changes}: repeated C-FIND over a moving StudyDate window ({@link DicomDateFeed}).</li>
 * </ul>
 *
 * <p>Retrieval by C-MOVE is not offered: the node would store each instance at an AE title of Ferry's that it knows,
 * over an association of its own, so it needs Ferry's listener (its AE title, host and port entered at the node) and
 * a way to hand each arriving object to the fetch waiting for it; C-GET needs nothing at the node but its SCP role
 * for the storage classes, which most archives grant.
 */
public final class DicomSource implements ReplicationSource {
    private final DicomNode node;
    private final GetAssociations gets;

    /**
     * @param name        the configured name of the node (a destination entry), for messages
     * @param environment looks up the environment variables secrets are read from
     * @throws IllegalStateException when its TLS stores cannot be read
     */
    public DicomSource(String name, DestinationConfig.Dicom config, Function<String, String> environment) {
        this.node = new DicomNode(name, config, environment, EndpointException.Side.SOURCE);
        this.gets = new GetAssociations(node);
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
     * Fetches the instance its locator names with a C-GET at IMAGE level and writes it to {@code target}. An
     * association kept idle that fails is dropped and the fetch asked again on another.
     *
     * @throws InstanceException when the node has no such instance, its sub-operation failed without sending it (no
     *                           context for its SOP class or transfer syntax, a node that cannot convert it), or it
     *                           sent a broken data set or another instance: trying again would not help
     * @throws EndpointException when no association can be opened (unreachable, rejected, no C-GET)
     * @throws IOException       when the association failed during the C-GET, the node answered Cancel, or the
     *                           object could not be written to {@code target}: these may pass
     */
    @Override
    public void fetch(SourceInstance instance, Path target) throws IOException, InterruptedException {
        DicomLocator locator = DicomLocator.parse(instance.locator());
        DataSet identifier = new DataSet();
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, StudyRootQuery.IMAGE);
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, locator.studyUid());
        identifier.setString(Tags.SeriesInstanceUID, Vr.UI, locator.seriesUid());
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, locator.sopInstanceUid());
        while (true) {
            GetAssociations.Lease lease = gets.lease(instance.sopClassUid());
            OneObject object = new OneObject(target, locator.sopInstanceUid());
            RetrieveScu.Result result;
            try {
                result = RetrieveScu.get(lease.association(), GetProposals.MODEL, identifier, object,
                        RetrieveScu.Progress.ALL);
            } catch (IOException e) {
                gets.discard(lease);
                if (!lease.fresh()) {
                    continue; // probably closed by the node while idle: again on another association
                }
                throw new IOException(describe() + ": the C-GET of " + locator + " failed: " + e.getMessage(), e);
            }
            gets.giveBack(lease);
            if (!object.written) {
                throw notFetched(instance, locator, result, object);
            }
            return;
        }
    }

    /** Why an instance did not come: an {@link InstanceException} when asking again would not help. */
    private IOException notFetched(SourceInstance instance, DicomLocator locator, RetrieveScu.Result result,
                                   OneObject object) {
        if (result.status().isSuccessOrWarning() && result.completed() == 0 && result.failed() == 0
                && !object.arrived) {
            return new InstanceException(describe() + " has no instance " + locator
                    + " (a C-GET at IMAGE level matched nothing: deleted since it was listed?)");
        }
        String answered = describe() + ": the C-GET of " + locator + " was answered " + result.status() + ", "
                + result.completed() + " completed, " + result.failed() + " failed";
        if (object.writeFailure != null) {
            return new IOException(answered + "; Ferry could not write it to " + object.target + ": "
                    + object.writeFailure.getMessage(), object.writeFailure);
        }
        if (result.status().category() == Status.Category.CANCEL) {
            return new IOException(answered);
        }
        if (object.refusal != null) {
            return new InstanceException(answered + "; Ferry refused its C-STORE with " + object.refusal);
        }
        if (!object.arrived) {
            return new InstanceException(answered + "; no C-STORE came: the node may hold it in a SOP class or "
                    + "transfer syntax the association did not propose" + (instance.sopClassUid().isEmpty()
                    ? " (the listing did not give its SOP class)" : " (" + instance.sopClassUid() + " was proposed)")
                    + ", or be unable to send it as proposed");
        }
        return new InstanceException(answered);
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

    /** Releases the kept C-GET associations. */
    @Override
    public void close() {
        gets.close();
    }

    /**
     * Takes the one object a C-GET of an instance brings: written to the target as it arrives ({@link FolderStore}),
     * a different instance refused. Used by one thread at a time.
     */
    private static final class OneObject implements StoreHandler {
        private final Path target;
        private final String sopInstanceUid;
        private boolean arrived;
        private boolean written;
        /** Why the object was refused (a broken data set, another instance), or null. */
        private String refusal;
        /** Why it could not be written, or null. */
        private IOException writeFailure;

        OneObject(Path target, String sopInstanceUid) {
            this.target = target;
            this.sopInstanceUid = sopInstanceUid;
        }

        @Override
        public Status store(AssociationInfo association, PresentationContext context, CStoreRq request,
                            InputStream dataSet) throws IOException {
            arrived = true;
            if (!request.affectedSopInstanceUid().equals(sopInstanceUid)) {
                Status refused = Status.PROCESSING_FAILURE.withComment("not the instance asked for");
                refusal = refused + " (it sent " + request.affectedSopInstanceUid() + ")";
                return refused;
            }
            Status status;
            try {
                status = FolderStore.write(target, association, context, request, dataSet);
            } catch (AssociationAbortedException e) {
                throw e;
            } catch (IOException e) {
                writeFailure = e;
                return Status.OUT_OF_RESOURCES.withComment("cannot write it");
            }
            if (status.isSuccessOrWarning()) {
                written = true;
            } else {
                refusal = status.toString();
            }
            return status;
        }
    }
}
