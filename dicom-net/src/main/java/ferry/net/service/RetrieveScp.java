package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import ferry.core.tag.Vr;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CGetRq;
import ferry.net.dimse.CMoveRq;
import ferry.net.dimse.DimseRq;
import ferry.net.dimse.DimseRsp;
import ferry.net.dimse.Status;
import ferry.net.dimse.SubOperationCounts;
import ferry.net.pdu.RoleSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The C-MOVE or C-GET SCP of one request (PS3.4 C.4.2.3, C.4.3.3; PS3.7 §9.1.3, §9.1.4): reads the identifier, asks
 * the {@link RetrieveHandler} for the instances, performs a C-STORE sub-operation for each, and answers with a pending
 * response after each one but the last (Remaining, Completed, Failed and Warning counts) and the final response.
 * The two services differ only in where the sub-operations go: for C-MOVE over a new association to the move
 * destination, naming the move's originator in each C-STORE-RQ; for C-GET back over the requestor's association, on
 * the presentation contexts of the storage SOP classes for which it took the SCP role (PS3.7 §D.3.3.4).
 *
 * <p>Final status: 0x0000 when every sub-operation succeeded (or there were none); 0xB000 when one or more failed or
 * had a warning, the Failed SOP Instance UID List (0008,0058) in the identifier; 0xFE00 when the requestor sent a
 * C-CANCEL-RQ, with the counts so far and the instances that remain; 0xA702 when the move destination cannot be
 * reached. A C-CANCEL-RQ is looked for before each sub-operation (and, for C-GET, while its response is awaited).
 * Counts above 65535 are sent as 65535 (they are US, PS3.7 Annex E).
 */
final class RetrieveScp {
    private final Association association;
    private final PresentationContext context;
    private final DimseRq request;
    private final RetrieveHandler handler;
    private final Consumer<String> log;
    private final CancelWatch watch;
    private final String operation;
    private long total;
    private long completed;
    private long failed;
    private long warning;
    private final List<String> failedUids = new ArrayList<>();

    private RetrieveScp(Association association, PresentationContext context, DimseRq request,
                        RetrieveHandler handler, Consumer<String> log) {
        this.association = association;
        this.context = context;
        this.request = request;
        this.handler = handler;
        this.log = log;
        this.watch = new CancelWatch(association, request, request instanceof CMoveRq, log);
        this.operation = (request instanceof CMoveRq ? "C-MOVE " : "C-GET ") + request.messageId() + " from "
                + association.info().callingAeTitle();
    }

    /**
     * Serves one C-MOVE-RQ or C-GET-RQ, its identifier being the message's data set, through to the final response;
     * returns the request that arrived meanwhile and is to be served next, or {@code null}.
     */
    static Association.Message serve(Association association, Association.Message message, DimseRq request,
                                     RetrieveHandler handler, Consumer<String> log) throws IOException {
        RetrieveScp scp = new RetrieveScp(association, message.context(), request, handler, log);
        Final answer = scp.run(message.dataSet());
        scp.respond(answer.status(), answer.counts(), answer.failedList() ? scp.failedIdentifier() : null);
        return scp.watch.deferred();
    }

    /** The final response: its status and counts, and whether the Failed SOP Instance UID List goes with it. */
    private record Final(Status status, SubOperationCounts counts, boolean failedList) {
        static Final of(Status status) {
            return new Final(status, SubOperationCounts.NONE, false);
        }
    }

    private Final run(InputStream dataSet) throws IOException {
        DataSet identifier;
        try {
            identifier = DicomReader.readDataSet(dataSet, TransferSyntax.of(context.transferSyntax()),
                    FindScp.IDENTIFIER_OPTIONS);
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            dataSet.skip(Long.MAX_VALUE);
            log.accept(operation + ": unreadable identifier: " + e.getMessage());
            return Final.of(Status.UNABLE_TO_PROCESS.withComment("unreadable identifier: " + e.getMessage()));
        }
        RetrieveHandler.MoveDestination destination = null;
        RetrieveHandler.Retrieval retrieval;
        try {
            if (request instanceof CMoveRq move) {
                destination = handler.destination(association.info(), move.moveDestination());
            }
            retrieval = handler.open(association.info(), context, request, identifier);
        } catch (DimseStatusException e) {
            log.accept(operation + " refused: " + e.status());
            return Final.of(e.status());
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            log.accept(operation + " failed: " + e);
            return Final.of(Status.UNABLE_TO_PROCESS.withComment(String.valueOf(e.getMessage())));
        }
        try (retrieval) {
            total = retrieval.size();
            if (destination == null) {
                return perform(retrieval, null);
            }
            Association moving;
            try {
                moving = destination.open(association.info().calledAeTitle(),
                        StoreScu.contexts(retrieval.syntaxes()));
            } catch (IOException | RuntimeException e) {
                String where = ((CMoveRq) request).moveDestination();
                log.accept(operation + ": cannot open an association to " + where + ": " + e.getMessage());
                return new Final(Status.UNABLE_TO_PERFORM_SUB_OPERATIONS.withComment("cannot reach " + where + ": "
                        + e.getMessage()), counts(false), false);
            }
            try {
                return perform(retrieval, moving);
            } finally {
                moving.close();
            }
        }
    }

    /** The sub-operations, on {@code moving} (C-MOVE) or the requestor's association (C-GET, {@code null}). */
    private Final perform(RetrieveHandler.Retrieval retrieval, Association moving) throws IOException {
        boolean cancelled = false;
        RetrieveHandler.Instance instance;
        while ((instance = retrieval.next()) != null) {
            if (watch.cancelled()) {
                cancelled = true;
                break;
            }
            if (!subOperation(instance, moving)) {
                // the move destination ended the association: the rest cannot be sent either
                while ((instance = retrieval.next()) != null) {
                    fail(instance.sopInstanceUid(), "not sent: the association to the move destination ended");
                }
                break;
            }
            if (done() < total) {
                respond(Status.PENDING, counts(true), null);
            }
        }
        cancelled = cancelled || watch.seen();
        if (cancelled) {
            return new Final(Status.CANCEL, counts(true), failed > 0);
        }
        if (failed > 0 || warning > 0) {
            return new Final(Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES, counts(false), failed > 0);
        }
        return new Final(Status.SUCCESS, counts(false), false);
    }

    /** One C-STORE sub-operation; false when the move destination's association ended during it. */
    private boolean subOperation(RetrieveHandler.Instance instance, Association moving) throws IOException {
        if (instance.file() == null) {
            fail(instance.sopInstanceUid(), instance.problem());
            return true;
        }
        StoreScu.FileToSend file;
        try {
            file = StoreScu.inspect(instance.file());
        } catch (IOException e) {
            fail(instance.sopInstanceUid(), "cannot read " + instance.file() + ": " + e.getMessage());
            return true;
        }
        if (!file.sopInstanceUid().equals(instance.sopInstanceUid())) {
            fail(instance.sopInstanceUid(), instance.file() + " now holds another instance, "
                    + file.sopInstanceUid());
            return true;
        }
        StoreScu.Result result;
        if (moving != null) {
            try {
                result = StoreScu.sendSubOperation(moving, file, new StoreScu.SubOperationOf(
                        association.info().callingAeTitle(), request.messageId(), null));
            } catch (UnfinishedSendException e) {
                fail(instance.sopInstanceUid(), "the move destination ended the association: " + e.getMessage());
                return false;
            }
        } else {
            if (!requestorTakesScpRole(association.info(), file.sopClassUid())) {
                fail(instance.sopInstanceUid(), "the requestor took no SCP role for "
                        + UidRegistry.nameOf(file.sopClassUid()) + " (PS3.7 D.3.3.4)");
                return true;
            }
            try {
                result = StoreScu.sendSubOperation(association, file, new StoreScu.SubOperationOf(null, null,
                        message -> message.command() instanceof CCancelRq && watch.interjected(message)));
            } catch (UnfinishedSendException e) {
                watch.failed(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e));
                throw watch.connectionFailure();
            }
        }
        if (!result.ok()) {
            fail(instance.sopInstanceUid(), result.status() == null ? result.notSent()
                    : "the C-STORE was answered " + result.status());
        } else if (result.status().code() != Status.SUCCESS.code()) {
            warning++;
        } else {
            completed++;
        }
        return true;
    }

    /**
     * Whether the requestor proposed the SCP role for {@code sopClassUid} (PS3.7 §D.3.3.4), which an acceptor whose
     * policy grants it ({@link ferry.net.assoc.AcceptorPolicy#storageScpRole()}) accepted.
     */
    private static boolean requestorTakesScpRole(AssociationInfo info, String sopClassUid) {
        for (RoleSelection role : info.peerUserInformation().roleSelections()) {
            if (role.sopClassUid().equals(sopClassUid) && role.scpRole()) {
                return true;
            }
        }
        return false;
    }

    private void fail(String sopInstanceUid, String why) {
        failed++;
        failedUids.add(sopInstanceUid);
        log.accept(operation + ": " + sopInstanceUid + " failed: " + why);
    }

    private long done() {
        return completed + failed + warning;
    }

    /** The counts now; Remaining only in pending (and cancel) responses. */
    private SubOperationCounts counts(boolean withRemaining) {
        return new SubOperationCounts(withRemaining ? us(Math.max(0, total - done())) : null, us(completed),
                us(failed), us(warning));
    }

    private static int us(long count) {
        return (int) Math.min(count, 0xFFFF);
    }

    /** The identifier of a final response with failures: the Failed SOP Instance UID List (0008,0058). */
    private DataSet failedIdentifier() {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.FailedSOPInstanceUIDList, Vr.UI, failedUids.toArray(String[]::new));
        return identifier;
    }

    private void respond(Status status, SubOperationCounts counts, DataSet identifier) throws IOException {
        DimseRsp response = request instanceof CMoveRq move ? move.response(status, counts, identifier != null)
                : ((CGetRq) request).response(status, counts, identifier != null);
        try {
            if (identifier == null) {
                association.send(context, response);
                return;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DicomWriter.writeDataSet(bytes, identifier, TransferSyntax.of(context.transferSyntax()));
            try (OutputStream out = association.sendWithDataSet(context, response)) {
                bytes.writeTo(out);
            }
        } catch (IOException e) {
            watch.failed(e);
            throw e;
        }
    }
}
