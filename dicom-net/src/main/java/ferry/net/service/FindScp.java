package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The C-FIND SCP of one request (PS3.7 §9.1.2, PS3.4 C.4.1.2): reads the identifier, lets the {@link FindHandler}
 * send the matches as pending responses, watches for a C-CANCEL-RQ between them ({@link CancelWatch}), and sends the
 * final response.
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
    private final CancelWatch watch;

    private FindScp(Association association, PresentationContext context, CFindRq request, Consumer<String> log) {
        this.association = association;
        this.context = context;
        this.request = request;
        this.syntax = TransferSyntax.of(context.transferSyntax());
        this.log = log;
        this.watch = new CancelWatch(association, request, true, log);
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
        return scp.watch.deferred();
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
            if (watch.connectionFailure() != null) {
                throw watch.connectionFailure();
            }
            log.accept("C-FIND " + request.messageId() + " from " + association.info().callingAeTitle()
                    + " failed: " + e);
            failure = Status.UNABLE_TO_PROCESS.withComment(String.valueOf(e.getMessage()));
        }
        if (watch.connectionFailure() != null) {
            throw watch.connectionFailure();
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
            watch.failed(e);
            throw e;
        }
        return true;
    }

    @Override
    public boolean cancelled() throws IOException {
        return watch.cancelled();
    }

    @Override
    public void optionalKeysNotSupported() {
        pendingStatus = Status.PENDING_OPTIONAL_KEYS_NOT_SUPPORTED;
    }
}
