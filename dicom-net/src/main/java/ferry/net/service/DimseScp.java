package ferry.net.service;

import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationHandler;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CEchoRq;
import ferry.net.dimse.CFindRq;
import ferry.net.dimse.CGetRq;
import ferry.net.dimse.CMoveRq;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.CommandField;
import ferry.net.dimse.DimseCommand;
import ferry.net.dimse.DimseRq;
import ferry.net.dimse.Status;
import ferry.net.dimse.UnrecognizedRq;
import ferry.core.tag.Uids;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The service class provider side of an association: answers C-ECHO (Verification, PS3.4 Annex A), hands
 * C-STORE requests (Storage, PS3.4 Annex B) to a {@link StoreHandler}, C-FIND requests (Query/Retrieve and
 * Worklist FIND, PS3.4 C.4.1 and K.4.1) to a {@link FindHandler} and C-MOVE and C-GET requests (Query/Retrieve MOVE
 * and GET, PS3.4 C.4.2 and C.4.3) to a {@link RetrieveHandler}, one message at a time, until the peer releases.
 * A request for a service it does not provide (C-FIND, C-MOVE or C-GET without a handler, the DIMSE-N requests) is
 * answered with 0x0211 Unrecognized Operation in that service's response (an N-EVENT-REPORT-RQ gets an
 * N-EVENT-REPORT-RSP, PS3.7 §10.3.1); a C-CANCEL-RQ arriving after its operation ended is ignored. Responses go out in the order of the requests: one arriving
 * during a C-FIND, as an asynchronous operations window allows (PS3.7 §D.3.3.3), is served when the C-FIND ends.
 *
 * <p>Which SOP classes reach it is decided by the {@link ferry.net.assoc.AcceptorPolicy} of the server: give it
 * {@link #abstractSyntaxes()} and {@link #servesStorage()}, so that contexts for services no handler serves are
 * refused at negotiation (PS3.8 §9.3.3.2, abstract syntax not supported) rather than accepted and answered 0x0211.
 */
public final class DimseScp implements AssociationHandler {
    private final StoreHandler storeHandler;
    private final FindHandler findHandler;
    private final Set<String> findModels;
    private final RetrieveHandler retrieveHandler;
    private final Consumer<String> log;

    /** An SCP for Verification and, when {@code storeHandler} is not null, Storage. */
    public DimseScp(StoreHandler storeHandler, Consumer<String> log) {
        this(storeHandler, null, Set.of(), null, log);
    }

    private DimseScp(StoreHandler storeHandler, FindHandler findHandler, Set<String> findModels,
                     RetrieveHandler retrieveHandler, Consumer<String> log) {
        this.storeHandler = storeHandler;
        this.findHandler = findHandler;
        this.findModels = Set.copyOf(findModels);
        this.retrieveHandler = retrieveHandler;
        this.log = log;
    }

    /**
     * This SCP with its C-STORE requests handed to {@code storeHandler} instead (its other handlers kept): for a store
     * handler bound to one association, made when it starts ({@code null}: Storage not provided).
     */
    public DimseScp withStoreHandler(StoreHandler storeHandler) {
        return new DimseScp(storeHandler, findHandler, findModels, retrieveHandler, log);
    }

    /**
     * This SCP answering C-FIND with {@code findHandler} too, for the information models
     * {@link FindHandler#INFORMATION_MODELS} ({@code null}: with 0x0211 as before).
     */
    public DimseScp withFindHandler(FindHandler findHandler) {
        return withFindHandler(findHandler, FindHandler.INFORMATION_MODELS);
    }

    /** This SCP answering C-FIND with {@code findHandler} for the C-FIND information models {@code models}. */
    public DimseScp withFindHandler(FindHandler findHandler, Set<String> models) {
        return new DimseScp(storeHandler, findHandler, findHandler == null ? Set.of() : models, retrieveHandler, log);
    }

    /**
     * This SCP answering C-MOVE and C-GET with {@code retrieveHandler} ({@link RetrieveHandler#MOVE_MODELS},
     * {@link RetrieveHandler#GET_MODELS}); {@code null}: with 0x0211.
     */
    public DimseScp withRetrieveHandler(RetrieveHandler retrieveHandler) {
        return new DimseScp(storeHandler, findHandler, findModels, retrieveHandler, log);
    }

    /**
     * The abstract syntaxes of the services it provides other than Storage: Verification, the C-FIND information
     * models when it has a find handler, the C-MOVE and C-GET ones when it has a retrieve handler.
     */
    public Set<String> abstractSyntaxes() {
        Set<String> syntaxes = new HashSet<>(findModels);
        syntaxes.add(VERIFICATION);
        if (retrieveHandler != null) {
            syntaxes.addAll(RetrieveHandler.MOVE_MODELS);
            syntaxes.addAll(RetrieveHandler.GET_MODELS);
        }
        return Set.copyOf(syntaxes);
    }

    /**
     * Whether requestors asking for it get the SCP role of storage SOP classes (PS3.7 §D.3.3.4), for C-GET: give it
     * to the {@link ferry.net.assoc.AcceptorPolicy}.
     */
    public boolean grantsStorageScpRole() {
        return retrieveHandler != null;
    }

    /** Whether it provides Storage: whether a store handler takes the objects. */
    public boolean servesStorage() {
        return storeHandler != null;
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
                Status status = store(storeHandler, association, message, store, log);
                association.send(message.context(), store.response(status));
            } else if (command instanceof CFindRq find && findHandler != null) {
                next = FindScp.serve(association, message, find, findHandler, log);
            } else if (command instanceof CFindRq find) {
                skip(message.dataSet());
                association.send(message.context(), find.response(Status.UNRECOGNIZED_OPERATION, false));
            } else if ((command instanceof CMoveRq || command instanceof CGetRq) && retrieveHandler != null) {
                next = RetrieveScp.serve(association, message, (DimseRq) command, retrieveHandler, log);
            } else if (command instanceof CMoveRq move) {
                skip(message.dataSet());
                association.send(message.context(), move.response(Status.UNRECOGNIZED_OPERATION, null, false));
            } else if (command instanceof CGetRq get) {
                skip(message.dataSet());
                association.send(message.context(), get.response(Status.UNRECOGNIZED_OPERATION, null, false));
            } else if (command instanceof CStoreRq store) {
                skip(message.dataSet());
                association.send(message.context(), store.response(Status.UNRECOGNIZED_OPERATION));
            } else if (command instanceof UnrecognizedRq other) {
                skip(message.dataSet());
                log.accept("answered " + CommandField.name(other.commandField()) + " from "
                        + association.info().callingAeTitle() + " with 0x0211 Unrecognized Operation");
                association.send(message.context(), other.response(Status.UNRECOGNIZED_OPERATION));
            } else if (!(command instanceof CCancelRq)) {
                // A response sent to an SCP that made no request: a protocol error (PS3.7 §9.1).
                association.abort();
                throw new AssociationAbortedException("aborted: " + association.info()
                        .callingAeTitle() + " sent an unexpected " + command.getClass().getSimpleName());
            }
            message = next != null ? next : association.receive();
        }
    }

    /**
     * Hands a C-STORE-RQ's data set to {@code storeHandler} and returns the status to answer: the handler's, a thrown
     * {@link DimseStatusException}'s, else 0x0110 Processing Failure (logged); the data set is read to its end.
     */
    static Status store(StoreHandler storeHandler, Association association, Association.Message message,
                        CStoreRq request, Consumer<String> log) throws IOException {
        try (InputStream dataSet = message.dataSet()) {
            Status status = storeHandler.store(association.info(), message.context(), request, dataSet);
            skip(dataSet);
            return status;
        } catch (DimseStatusException e) {
            skip(message.dataSet());
            return e.status();
        } catch (AssociationAbortedException e) {
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
