package ferry.router.replicate.dicom;

import ferry.net.service.RetrieveScu;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fetches by C-GET at IMAGE level (PS3.4 C.4.3): the object comes back as a C-STORE sub-operation on Ferry's own
 * association, one of those kept from fetch to fetch ({@link RetrieveAssociations}), and is written as it arrives.
 * Nothing needs entering at the node but its SCP role for the storage classes.
 */
final class GetRetrieval implements InstanceRetrieval {
    private final DicomNode node;
    private final RetrieveAssociations associations;

    GetRetrieval(DicomNode node) {
        this.node = node;
        this.associations = new RetrieveAssociations(node, GetProposals.MODEL);
    }

    /**
     * Fetches the instance with a C-GET over an association proposing its SOP class. An association kept idle that
     * fails is dropped and the fetch asked again on another.
     *
     * @throws InstanceException when the node has no such instance, its sub-operation failed without sending it (no
     *                           context for its SOP class or transfer syntax, a node that cannot convert it), or it
     *                           sent a broken data set or another instance: trying again would not help
     * @throws EndpointException when no association can be opened (unreachable, rejected, no C-GET)
     * @throws IOException       when the association failed during the C-GET, the node answered Cancel, or the
     *                           object could not be written to {@code target}: these may pass
     */
    @Override
    public void fetch(SourceInstance instance, DicomLocator locator, Path target)
            throws IOException, InterruptedException {
        while (true) {
            RetrieveAssociations.Lease lease = associations.lease(instance.sopClassUid());
            ExpectedObject object = new ExpectedObject(target, locator.sopInstanceUid());
            RetrieveScu.Result result;
            try {
                result = RetrieveScu.get(lease.association(), GetProposals.MODEL, locator.identifier(), object,
                        RetrieveScu.Progress.ALL);
            } catch (IOException e) {
                associations.discard(lease);
                if (!lease.fresh()) {
                    continue; // probably closed by the node while idle: again on another association
                }
                throw new IOException(node.describe() + ": the C-GET of " + locator + " failed: " + e.getMessage(),
                        e);
            }
            associations.giveBack(lease);
            if (!object.written()) {
                throw object.notFetched(node.describe(), "C-GET", locator, result, "no C-STORE came: the node may "
                        + "hold it in a SOP class or transfer syntax the association did not propose"
                        + (instance.sopClassUid().isEmpty() ? " (the listing did not give its SOP class)"
                        : " (" + instance.sopClassUid() + " was proposed)") + ", or be unable to send it as proposed");
            }
            return;
        }
    }

    @Override
    public void close() {
        associations.close();
    }
}
