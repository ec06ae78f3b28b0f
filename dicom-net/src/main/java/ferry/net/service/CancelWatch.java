package ferry.net.service;

import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.State;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CommandField;
import ferry.net.dimse.DimseCommand;
import ferry.net.dimse.DimseRq;
import ferry.net.pdu.AsyncOperationsWindow;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Watches the requestor of one C-FIND, C-MOVE or C-GET operation for a C-CANCEL-RQ (PS3.7 §9.3.2.3, §9.3.3.3,
 * §9.3.4.3) while the SCP is performing it, without blocking.
 *
 * <p>A C-CANCEL-RQ for another Message ID is ignored (PS3.7 leaves it to the SCP). Another request arriving meanwhile
 * is legal only when the requestor negotiated an asynchronous operations window (PS3.7 §D.3.3.3): it is then set
 * aside, its data set unread, to be served after this operation (a later C-CANCEL-RQ for this operation can no longer
 * be seen). Without a window it is a protocol error and the association is aborted.
 */
final class CancelWatch {
    private final Association association;
    private final String operation;
    private final int messageId;
    private final Consumer<String> log;
    private final boolean mayDefer;
    private boolean cancelled;
    private IOException connectionFailure;
    private Association.Message deferred;

    /**
     * Watches for the cancel of {@code request}, named in messages as e.g. {@code C-FIND 7}. With {@code mayDefer}
     * false no request is set aside (a C-GET, whose sub-operations read the association, could not keep its data
     * set): one arriving is a protocol error even within a window.
     */
    CancelWatch(Association association, DimseRq request, boolean mayDefer, Consumer<String> log) {
        this.association = association;
        this.mayDefer = mayDefer;
        this.operation = CommandField.name(request.commandField()).replace("-RQ", "") + " " + request.messageId();
        this.messageId = request.messageId();
        this.log = log;
    }

    /**
     * Reads what the requestor sent meanwhile, without waiting for more, and answers whether it cancelled this
     * operation.
     *
     * @throws IOException when the connection failed or the requestor released or broke the protocol (the association
     *                     is then aborted); {@link #connectionFailure()} keeps it
     */
    boolean cancelled() throws IOException {
        while (!cancelled && deferred == null) {
            Association.Message message;
            try {
                message = association.pollReceived();
            } catch (IOException e) {
                connectionFailure = e;
                throw e;
            }
            if (message == null) {
                if (association.state() != State.STA6) {
                    connectionFailure = new AssociationAbortedException(association.info().callingAeTitle()
                            + " released the association during " + operation);
                    throw connectionFailure;
                }
                break;
            }
            if (!interjected(message)) {
                association.abort();
                connectionFailure = new AssociationAbortedException("aborted: " + association.info().callingAeTitle()
                        + " sent a " + CommandField.name(message.command().commandField()) + " during " + operation
                        + (mayDefer ? " without an asynchronous operations window (PS3.7 D.3.3.3)"
                                : " (Ferry performs no other operation during a C-GET)"));
                throw connectionFailure;
            }
        }
        return cancelled;
    }

    /**
     * Takes a message that arrived during the operation: a C-CANCEL-RQ (for this operation: it is cancelled), or a
     * request set aside when the requestor may have several outstanding. False for anything else.
     */
    boolean interjected(Association.Message message) {
        DimseCommand command = message.command();
        if (command instanceof CCancelRq cancel) {
            if (cancel.messageIdBeingRespondedTo() == messageId) {
                cancelled = true;
            } else {
                log.accept("ignored a C-CANCEL-RQ for message " + cancel.messageIdBeingRespondedTo() + " during "
                        + operation);
            }
            return true;
        }
        if (command instanceof DimseRq && mayDefer && deferred == null && requestorMayPipeline()) {
            deferred = message;
            return true;
        }
        return false;
    }

    /** Whether a C-CANCEL-RQ for this operation was seen (without reading anything). */
    boolean seen() {
        return cancelled;
    }

    /** The request that arrived during the operation, to serve next, or {@code null}. */
    Association.Message deferred() {
        return deferred;
    }

    /** The connection failure met while watching, or {@code null}. */
    IOException connectionFailure() {
        return connectionFailure;
    }

    /** Records a connection failure met while sending for this operation. */
    void failed(IOException e) {
        connectionFailure = e;
    }

    /**
     * Whether the requestor may leave several operations outstanding: it proposed an asynchronous operations
     * window other than 1, which the acceptor grants (PS3.7 §D.3.3.3; {@code Negotiation} answers with up to
     * {@code MAX_OPERATIONS_INVOKED}).
     */
    private boolean requestorMayPipeline() {
        AsyncOperationsWindow window = association.info().peerUserInformation().asyncOperationsWindow();
        return !association.info().requestor() && window != null && window.maxInvoked() != 1;
    }
}
