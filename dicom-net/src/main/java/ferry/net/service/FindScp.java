package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.State;
import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.CommandField;
import ferry.net.dimse.DimseRq;
import ferry.net.dimse.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The C-FIND SCP of one request (PS3.7 §9.1.2, PS3.4 C.4.1.2): reads the identifier, lets the {@link FindHandler}
 * send the matches as pending responses, watches for a C-CANCEL-RQ between them, and sends the final response.
 *
 * <p>Another request arriving meanwhile is legal only when the requestor negotiated an asynchronous operations
 * window (PS3.7 §D.3.3.3): it is then set aside, its data set unread, and served after this operation (the
 * requestor's later C-CANCEL-RQ for this operation can no longer be seen). Without a window it is a protocol
 * error and the association is aborted.
 */
final class FindScp implements FindHandler.Responder {
    /**
     * How the identifier is read: values over 64 KiB (no query key is that long) are skipped, and nesting is
     * bounded, so a hostile identifier costs little.
     */
    static final ReadOptions IDENTIFIER_OPTIONS = new ReadOptions(0xFFFFFFFF, 64 * 1024, true, 16);

    private final Association association;
    private final PresentationContext context;
    private final CFindRq request;
    private final TransferSyntax syntax;
    private final Consumer<String> log;
    private Status pendingStatus = Status.PENDING;
    private boolean cancelled;
    private IOException connectionFailure;
    private Association.Message deferred;

    private FindScp(Association association, PresentationContext context, CFindRq request, Consumer<String> log) {
        this.association = association;
        this.context = context;
        this.request = request;
        this.syntax = TransferSyntax.of(context.transferSyntax());
        this.log = log;
    }

    /**
     * Serves one C-FIND-RQ, its identifier being the message's data set, through to the final response; returns
     * the request that arrived meanwhile and is to be served next, or {@code null}.
     */
    static Association.Message serve(Association association, Association.Message message, CFindRq request,
                                     FindHandler handler, Consumer<String> log) throws IOException {
        FindScp scp = new FindScp(association, message.context(), request, log);
        Status status = scp.run(message.dataSet(), handler);
        association.send(message.context(), request.response(status, false));
        return scp.deferred;
    }

    private Status run(InputStream dataSet, FindHandler handler) throws IOException {
        DataSet identifier;
        try {
            identifier = DicomReader.readDataSet(dataSet, syntax, IDENTIFIER_OPTIONS);
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            dataSet.skip(Long.MAX_VALUE);
            log.accept("C-FIND " + request.messageId() + " from " + association.info().callingAeTitle()
                    + ": unreadable identifier: " + e.getMessage());
            return Status.UNABLE_TO_PROCESS.withComment("unreadable identifier: " + e.getMessage());
        }
        Status failure;
        try {
            handler.find(association.info(), context, request, identifier, this);
            failure = null;
        } catch (DimseStatusException e) {
            failure = e.status();
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (connectionFailure != null) {
                throw connectionFailure;
            }
            log.accept("C-FIND " + request.messageId() + " from " + association.info().callingAeTitle()
                    + " failed: " + e);
            failure = Status.UNABLE_TO_PROCESS.withComment(String.valueOf(e.getMessage()));
        }
        if (connectionFailure != null) {
            throw connectionFailure;
        }
        if (failure != null) {
            return failure;
        }
        // A C-CANCEL-RQ that arrived after the last match still turns the final response into Cancel.
        return cancelled() ? Status.CANCEL : Status.SUCCESS;
    }

    @Override
    public boolean pending(DataSet match) throws IOException {
        if (cancelled()) {
            return false;
        }
        // Encoded before anything is sent, so a match that cannot be encoded fails the operation cleanly.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        DicomWriter.writeDataSet(bytes, match, syntax);
        try (OutputStream out = association.sendWithDataSet(context, request.response(pendingStatus, true))) {
            bytes.writeTo(out);
        } catch (IOException e) {
            connectionFailure = e;
            throw e;
        }
        return true;
    }

    /**
     * Reads what the requestor sent meanwhile: a C-CANCEL-RQ for this request cancels it, one for another message
     * ID is ignored (PS3.7 §9.3.2.3 leaves it to the SCP); another request is set aside when the requestor may
     * have several outstanding, else it aborts the association.
     */
    @Override
    public boolean cancelled() throws IOException {
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
                            + " released the association during C-FIND " + request.messageId());
                    throw connectionFailure;
                }
                break;
            }
            if (message.command() instanceof CCancelRq cancel) {
                if (cancel.messageIdBeingRespondedTo() == request.messageId()) {
                    cancelled = true;
                } else {
                    log.accept("ignored a C-CANCEL-RQ for message " + cancel.messageIdBeingRespondedTo()
                            + " during C-FIND " + request.messageId());
                }
            } else if (message.command() instanceof DimseRq && requestorMayPipeline()) {
                deferred = message;
            } else {
                association.abort();
                connectionFailure = new AssociationAbortedException("aborted: " + association.info().callingAeTitle()
                        + " sent a " + CommandField.name(message.command().commandField()) + " during C-FIND "
                        + request.messageId() + " without an asynchronous operations window (PS3.7 D.3.3.3)");
                throw connectionFailure;
            }
        }
        return cancelled;
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

    @Override
    public void optionalKeysNotSupported() {
        pendingStatus = Status.PENDING_OPTIONAL_KEYS_NOT_SUPPORTED;
    }
}
