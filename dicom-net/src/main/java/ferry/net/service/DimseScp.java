package ferry.net.service;

import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationHandler;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.DimseCommand;
import ferry.net.dimse.Status;
import ferry.core.tag.Uids;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The service class provider side of an association: answers C-ECHO (Verification, PS3.4 Annex A), hands
 * C-STORE requests (Storage, PS3.4 Annex B) to a {@link StoreHandler} and C-FIND requests (Query/Retrieve and
 * Worklist FIND, PS3.4 C.4.1 and K.4.1) to a {@link FindHandler}, one message at a time, until the peer releases.
 * A request for a service it does not provide is answered with 0x0211 Unrecognized Operation; a C-CANCEL-RQ
 * arriving after its operation ended is ignored. Responses go out in the order of the requests: one arriving
 * during a C-FIND, as an asynchronous operations window allows (PS3.7 §D.3.3.3), is served when the C-FIND ends.
 *
 * <p>Which SOP classes reach it is decided by the {@link ferry.net.assoc.AcceptorPolicy} of the server: accept
 * {@link FindHandler#INFORMATION_MODELS} (or some of them) for C-FIND.
 */
public final class DimseScp implements AssociationHandler {
    private final StoreHandler storeHandler;
    private final FindHandler findHandler;
    private final Consumer<String> log;

    /** An SCP for Verification and, when {@code storeHandler} is not null, Storage. */
    public DimseScp(StoreHandler storeHandler, Consumer<String> log) {
        this(storeHandler, null, log);
    }

    private DimseScp(StoreHandler storeHandler, FindHandler findHandler, Consumer<String> log) {
        this.storeHandler = storeHandler;
        this.findHandler = findHandler;
        this.log = log;
    }

    /** This SCP answering C-FIND with {@code findHandler} too ({@code null}: with 0x0211 as before). */
    public DimseScp withFindHandler(FindHandler findHandler) {
        return new DimseScp(storeHandler, findHandler, log);
    }

    @Override
    public void serve(Association association) throws IOException {
        Association.Message message = association.receive();
        while (message != null) {
            Association.Message next = null;
            DimseCommand command = message.command();
            if (command instanceof CEchoRq echo) {
                association.send(message.context(), echo.response(Status.SUCCESS));
            } else if (command instanceof CStoreRq store && storeHandler != null) {
                Status status = store(association, message, store);
                association.send(message.context(), store.response(status));
            } else if (command instanceof CFindRq find && findHandler != null) {
                next = FindScp.serve(association, message, find, findHandler, log);
            } else if (command instanceof CFindRq find) {
                skip(message.dataSet());
                association.send(message.context(), find.response(Status.UNRECOGNIZED_OPERATION, false));
            } else if (command instanceof CStoreRq store) {
                skip(message.dataSet());
                association.send(message.context(), store.response(Status.UNRECOGNIZED_OPERATION));
            } else if (!(command instanceof CCancelRq)) {
                // A response sent to an SCP that made no request: a protocol error (PS3.7 §9.1).
                association.abort();
                throw new ferry.net.assoc.AssociationAbortedException("aborted: " + association.info()
                        .callingAeTitle() + " sent an unexpected " + command.getClass().getSimpleName());
            }
            message = next != null ? next : association.receive();
        }
    }

    private Status store(Association association, Association.Message message, CStoreRq request) throws IOException {
        try (InputStream dataSet = message.dataSet()) {
            Status status = storeHandler.store(association.info(), message.context(), request, dataSet);
            skip(dataSet);
            return status;
        } catch (DimseStatusException e) {
            skip(message.dataSet());
            return e.status();
        } catch (ferry.net.assoc.AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            skip(message.dataSet());
            log.accept("storing " + request.affectedSopInstanceUid() + " failed: " + e);
            return Status.PROCESSING_FAILURE.withComment(String.valueOf(e.getMessage()));
        }
    }

    private static void skip(InputStream dataSet) throws IOException {
        if (dataSet != null) {
            dataSet.skip(Long.MAX_VALUE);
        }
    }

    /** The abstract syntax of the Verification SOP Class, which every Ferry acceptor serves. */
    public static final String VERIFICATION = Uids.Verification;
}
