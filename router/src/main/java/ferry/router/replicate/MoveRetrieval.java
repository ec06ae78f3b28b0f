package ferry.router.replicate;

import ferry.core.tag.Uids;
import ferry.net.dimse.Status;
import ferry.net.service.RetrieveScu;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches by C-MOVE at IMAGE level (PS3.4 C.4.2): asks the node, over one of the associations kept from fetch to
 * fetch ({@link RetrieveAssociations}), to store the instance at Ferry's move destination, and waits for both the
 * final C-MOVE response and the object at Ferry's {@link MoveListener}, opened at the first fetch and kept until the
 * source is closed. The node must know the move AE title with this machine's address and the port
 * (docs/replication-dicom.md).
 */
final class MoveRetrieval implements InstanceRetrieval {
    static final String MODEL = Uids.StudyRootQueryRetrieveInformationModelMove;
    /**
     * How long an object the final response counts as sent may take to begin arriving. The node sends the final
     * response only once its C-STORE was answered (PS3.4 C.4.2.3), which Ferry does once it is written, so this is for
     * nodes that answer early.
     */
    static final Duration ARRIVAL_GRACE = Duration.ofSeconds(5);

    private final DicomNode node;
    private final Retrieve.Move move;
    private final RetrieveAssociations associations;
    /** Opened at the first fetch; guarded by {@code this}. */
    private MoveListener listener;
    private boolean closed;

    MoveRetrieval(DicomNode node, Retrieve.Move move) {
        this.node = node;
        this.move = move;
        this.associations = new RetrieveAssociations(node, MODEL);
    }

    /**
     * Fetches the instance with a C-MOVE to the move AE title. An association kept idle that fails is dropped and the
     * fetch asked again on another.
     *
     * @throws EndpointException when Ferry cannot listen on the port (in use), no association can be opened
     *                           (unreachable, rejected, no C-MOVE), or the node does not know the move destination
     *                           (0xA801)
     * @throws InstanceException when the node has no such instance, could not send it, sent it elsewhere, or sent a
     *                           data set Ferry refused: trying again would not help
     * @throws IOException       when the association failed during the C-MOVE, the node answered Cancel, or the
     *                           object could not be written to {@code target}: these may pass
     */
    @Override
    public void fetch(SourceInstance instance, DicomLocator locator, Path target)
            throws IOException, InterruptedException {
        MoveListener arrivals = listener();
        while (true) {
            RetrieveAssociations.Lease lease = associations.lease("");
            try (MoveListener.Expected expected = arrivals.expect(locator.sopInstanceUid(), target)) {
                RetrieveScu.Result result;
                try {
                    result = RetrieveScu.move(lease.association(), MODEL, move.aeTitle(), locator.identifier(),
                            RetrieveScu.Progress.ALL);
                } catch (IOException e) {
                    associations.discard(lease);
                    if (!lease.fresh()) {
                        continue; // probably closed by the node while idle: again on another association
                    }
                    throw new IOException(node.describe() + ": the C-MOVE of " + locator + " failed: "
                            + e.getMessage(), e);
                }
                if (result.status().code() == Status.MOVE_DESTINATION_UNKNOWN.code()) {
                    // not kept for another fetch: a dcmqrscp that so answered held up the C-MOVEs of the other
                    // associations until this one ended
                    associations.discard(lease);
                    throw node.failure("does not know the move destination " + move.aeTitle() + " (" + result.status()
                            + "): enter " + move.aeTitle() + " at the node as a DICOM peer with this machine's address "
                            + "and port " + move.port() + " (docs/replication-dicom.md)");
                }
                associations.giveBack(lease);
                ExpectedObject object = expected.object();
                boolean sent = result.completed() + result.warning() > 0;
                object.awaitEnd(sent ? ARRIVAL_GRACE : Duration.ZERO);
                if (!object.written()) {
                    throw object.notFetched(node.describe(), "C-MOVE", locator, result, noStoreCame(sent));
                }
                return;
            }
        }
    }

    /** Why no object came to the listener: sent elsewhere when the node counts it sent, else not sent at all. */
    private String noStoreCame(boolean sent) {
        String here = move.aeTitle() + " at port " + move.port();
        String entry = "check the address and port the node has for " + move.aeTitle() + " (this machine, port "
                + move.port() + ")";
        return sent ? "nothing came to " + here + ": the node sent it elsewhere, " + entry
                : "no C-STORE came to " + here + ": the node could not send it there (" + entry
                + ", and that nothing between blocks it), or could not send it as it holds it";
    }

    /** The listener, opened now if not yet. */
    private synchronized MoveListener listener() throws EndpointException {
        if (closed) {
            throw node.failure("is closed: the replication ended");
        }
        if (listener == null) {
            try {
                listener = MoveListener.open(move, Math.max(8, 2 * node.maxParallel()));
            } catch (IOException e) {
                throw new EndpointException(EndpointException.Side.SOURCE, node.describe() + ": Ferry cannot be its "
                        + "move destination " + move.aeTitle() + ": " + e.getMessage(), e);
            }
        }
        return listener;
    }

    /** Releases the associations, and stops listening. */
    @Override
    public void close() {
        associations.close();
        MoveListener open;
        synchronized (this) {
            closed = true;
            open = listener;
            listener = null;
        }
        if (open != null) {
            open.close();
        }
    }
}
