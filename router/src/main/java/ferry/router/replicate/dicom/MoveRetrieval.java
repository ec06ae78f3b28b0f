package ferry.router.replicate.dicom;

import ferry.core.tag.Uids;
import ferry.net.dimse.Status;
import ferry.net.service.RetrieveScu;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
    /** Whether an object has come by C-MOVE yet. */
    private volatile boolean movedOnce;

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
     *                           (0xA801; or, before any object came, a failure without sub-operations for an
     *                           instance a C-FIND finds, as Orthanc answers)
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
                            + "): " + enterIt());
                }
                associations.giveBack(lease);
                ExpectedObject object = expected.object();
                boolean sent = result.completed() + result.warning() > 0;
                object.awaitEnd(sent ? ARRIVAL_GRACE : Duration.ZERO);
                if (!object.written()) {
                    throw notFetched(locator, result, object, sent);
                }
                movedOnce = true;
                return;
            }
        }
    }

    /**
     * Why the object did not come. A node that answered with a failure and no sub-operation at all may not know the
     * move destination without saying so (Orthanc answers an unknown one, and an unknown instance, with 0xC000): a
     * C-FIND tells whether it holds the instance; if it does, and no object has come yet, the move destination is
     * what it refuses (once one came, the node knows it: the refusal is the instance's, a file it lost).
     */
    private IOException notFetched(DicomLocator locator, RetrieveScu.Result result, ExpectedObject object,
                                   boolean sent) {
        Optional<Boolean> held = refusedOutright(result) ? holds(locator) : Optional.empty();
        if (held.equals(Optional.of(false))) {
            return new InstanceException(node.describe() + " has no instance " + locator + " (its C-MOVE was "
                    + "answered " + result.status() + ", and a C-FIND at IMAGE level finds nothing: deleted since it "
                    + "was listed?)");
        }
        if (held.equals(Optional.of(true)) && !movedOnce) {
            return node.failure("refused the C-MOVE of " + locator + ", an instance it holds, with " + result.status()
                    + " before sending anything: it may not know the move destination " + move.aeTitle()
                    + " (Orthanc answers so) or not let " + node.callingAeTitle() + " move to it; " + enterIt());
        }
        return object.notFetched(node.describe(), "C-MOVE", locator, result, noStoreCame(sent));
    }

    private String enterIt() {
        return "enter " + move.aeTitle() + " at the node as a DICOM peer with this machine's address and port "
                + move.port() + " (docs/replication-dicom.md)";
    }

    /** Whether the node answered with a failure and no sub-operation at all: it did not try to send anything. */
    private static boolean refusedOutright(RetrieveScu.Result result) {
        return result.status().category() == Status.Category.FAILURE
                && result.completed() + result.failed() + result.warning() == 0;
    }

    /**
     * Whether the node holds the instance, by a C-FIND at IMAGE level: a node that refuses the C-MOVE of an instance
     * it holds refuses the move destination (Orthanc answers an unknown one, and an unknown instance, with 0xC000).
     * Empty when the C-FIND fails too.
     */
    private Optional<Boolean> holds(DicomLocator locator) {
        try (DicomFinder finder = new DicomFinder(node)) {
            return Optional.of(!finder.collect(locator.identifier()).isEmpty());
        } catch (IOException e) {
            return Optional.empty();
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
