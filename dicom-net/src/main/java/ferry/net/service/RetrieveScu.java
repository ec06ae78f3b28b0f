package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CCancelRq;
import ferry.net.dimse.CGetRq;
import ferry.net.dimse.CGetRsp;
import ferry.net.dimse.CMoveRq;
import ferry.net.dimse.CMoveRsp;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.CommandField;
import ferry.net.dimse.DimseRq;
import ferry.net.dimse.DimseRsp;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.dimse.SubOperationCounts;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.RoleSelection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C-GET and C-MOVE SCU (PS3.4 C.4.3 and C.4.2; PS3.7 §9.1.3, §9.1.4): sends the identifier of what to retrieve,
 * follows the pending responses with their sub-operation counts (each handed to a {@link Progress}, which may cancel
 * with a C-CANCEL-RQ, PS3.7 §9.3.3.3, §9.3.4.3) and returns the final response as a {@link Result}.
 *
 * <p>The services differ in where the instances go. A C-GET brings them back over the same association: the peer
 * performs a C-STORE sub-operation on it for each, on a storage presentation context for which this side took the
 * SCP role at negotiation ({@link #getProposal}, PS3.7 §D.3.3.4), and each object is handed to a
 * {@link StoreHandler} as a stream, never whole in memory, and answered with the status it returns (as
 * {@link DimseScp} answers a C-STORE). A C-MOVE has the peer store them at the move destination, an AE title it
 * knows, over an association of its own (PS3.4 C.4.2.3): to receive them here, run a {@link DimseScp} with a store
 * handler and have the peer know it under that title.
 *
 * <pre>{@code
 * RetrieveScu.GetProposal proposal = RetrieveScu.getProposal(Uids.StudyRootQueryRetrieveInformationModelGet,
 *         Map.of(Uids.CTImageStorage, Set.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())));
 * Association association = Requestor.connect(new RequestorSettings(..., proposal.contexts(), ...,
 *         proposal.roleSelections()));
 * RetrieveScu.Result result = RetrieveScu.get(association, Uids.StudyRootQueryRetrieveInformationModelGet,
 *         identifier, new FolderStore(folder), RetrieveScu.Progress.ALL);
 * }</pre>
 *
 * <p>Whether every instance arrived is read from the final status and counts (PS3.4 C.4.2.1.4, C.4.3.1.4): 0x0000
 * with no failures, 0xB000 when one or more sub-operations failed or had a warning (the Failed SOP Instance UID List
 * says which), 0xFE00 after a cancel, a failure status (0xA701, 0xA702, 0xA801, 0xA900, 0xCxxx) when the peer could
 * not perform them. A final 0x0000 with no completed sub-operation means nothing matched the identifier.
 */
public final class RetrieveScu {
    private RetrieveScu() {
    }

    /** Follows a retrieval: told the counts of each pending response. */
    @FunctionalInterface
    public interface Progress {
        /** Retrieves everything, whatever the counts. */
        Progress ALL = counts -> true;

        /**
         * The counts of a pending response: Remaining, Completed, Failed and Warning sub-operations so far (each may
         * be absent). Return true to go on, false to cancel the retrieval: a C-CANCEL-RQ is sent and the responses
         * still under way are read (and, for a C-GET, the objects still sent stored) up to the final one. Throwing
         * aborts the association (the retrieval is left unfinished) and ends the retrieval with the exception.
         */
        boolean pending(SubOperationCounts counts) throws IOException;
    }

    /**
     * The final response of a retrieval.
     *
     * @param status                the final status (see the class comment)
     * @param counts                its sub-operation counts, as the peer sent them (Remaining only after a cancel)
     * @param failedSopInstanceUids the Failed SOP Instance UID List (0008,0058) of its identifier, possibly empty
     */
    public record Result(Status status, SubOperationCounts counts, List<String> failedSopInstanceUids) {
        public Result {
            failedSopInstanceUids = List.copyOf(failedSopInstanceUids);
        }

        /** Number of Completed Sub-operations, 0 when the response left it out. */
        public int completed() {
            return counts.completed() == null ? 0 : counts.completed();
        }

        /** Number of Failed Sub-operations, 0 when the response left it out. */
        public int failed() {
            return counts.failed() == null ? 0 : counts.failed();
        }

        /** Number of Warning Sub-operations, 0 when the response left it out. */
        public int warning() {
            return counts.warning() == null ? 0 : counts.warning();
        }
    }

    /**
     * What an association for C-GET proposes: the presentation contexts, and the role selections that give this side
     * the SCP role of each storage SOP class (PS3.7 §D.3.3.4); pass both to the requestor's settings.
     */
    public record GetProposal(List<PresentationContextRq> contexts, List<RoleSelection> roleSelections) {
        public GetProposal {
            contexts = List.copyOf(contexts);
            roleSelections = List.copyOf(roleSelections);
        }
    }

    /** The presentation context to propose for a C-GET or C-MOVE information model (e.g. Study Root MOVE). */
    public static PresentationContextRq context(int id, String informationModel) {
        return FindScu.context(id, informationModel);
    }

    /**
     * The proposal of an association that retrieves with C-GET in {@code informationModel} instances of these SOP
     * classes, stored in these transfer syntaxes: context 1 for the model, then per SOP class a context with the
     * uncompressed syntaxes and one per compressed syntax ({@link StoreScu#contexts(Map)}: a peer keeps a compressed
     * object as it is only when a context of its syntax was accepted), each SOP class with the SCP role and without
     * the SCU role (scu-role 0, scp-role 1: the peer is the Storage SCU).
     *
     * @throws IllegalArgumentException when they need more than 128 presentation contexts with the model's
     */
    public static GetProposal getProposal(String informationModel, Map<String, Set<String>> storageSyntaxes) {
        List<PresentationContextRq> storage = StoreScu.contexts(storageSyntaxes);
        if (storage.size() >= 128) {
            throw new IllegalArgumentException(storage.size() + " storage presentation contexts and the C-GET one "
                    + "do not fit one association (at most 128)");
        }
        List<PresentationContextRq> contexts = new ArrayList<>(storage.size() + 1);
        contexts.add(context(1, informationModel));
        for (PresentationContextRq pc : storage) {
            contexts.add(new PresentationContextRq(pc.id() + 2, pc.abstractSyntax(), pc.transferSyntaxes()));
        }
        List<RoleSelection> roles = new ArrayList<>(storageSyntaxes.size());
        for (String sopClass : storageSyntaxes.keySet()) {
            roles.add(new RoleSelection(sopClass, false, true));
        }
        return new GetProposal(contexts, roles);
    }

    /**
     * Retrieves with C-GET: the instances {@code identifier} selects come back as C-STORE sub-operations on this
     * association, each handed to {@code store}; returns the final response.
     *
     * @param informationModel the C-GET information model, e.g. Study Root Query/Retrieve Information Model - GET
     * @param identifier       the Query/Retrieve Level and the unique keys of what to retrieve (PS3.4 C.4.3.1.3.1)
     * @param store            takes each object; its status (or thrown {@link DimseStatusException}'s, else 0x0110
     *                         Processing Failure) answers the sub-operation
     * @throws IOException when the peer did not accept {@code informationModel}, or the association fails or the peer
     *                     breaks the protocol (the association is then aborted)
     */
    public static Result get(Association association, String informationModel, DataSet identifier, StoreHandler store,
                             Progress progress) throws IOException {
        return retrieve(association, informationModel, null, identifier, store, progress);
    }

    /**
     * Retrieves with C-MOVE: the peer stores the instances {@code identifier} selects at {@code moveDestination}
     * over an association of its own; returns the final response.
     *
     * @param moveDestination the AE title to store them at, one the peer knows (else 0xA801 Move Destination Unknown)
     * @see #get
     */
    public static Result move(Association association, String informationModel, String moveDestination,
                              DataSet identifier, Progress progress) throws IOException {
        return retrieve(association, informationModel, moveDestination, identifier, null, progress);
    }

    private static Result retrieve(Association association, String informationModel, String moveDestination,
                                   DataSet identifier, StoreHandler store, Progress progress) throws IOException {
        PresentationContext context = association.info().contextsFor(informationModel).stream().findFirst()
                .orElseThrow(() -> new IOException("the peer did not accept " + UidRegistry.nameOf(informationModel)));
        TransferSyntax syntax = TransferSyntax.of(context.transferSyntax());
        int messageId = association.nextMessageId();
        DimseRq request = store == null ? new CMoveRq(messageId, informationModel, Priority.MEDIUM, moveDestination)
                : new CGetRq(messageId, informationModel, Priority.MEDIUM);
        String operation = (store == null ? "C-MOVE " : "C-GET ") + messageId;
        try (OutputStream out = association.sendWithDataSet(context, request)) {
            DicomWriter.writeDataSet(out, identifier, syntax);
        }
        boolean cancelled = false;
        while (true) {
            Association.Message answer = association.receive();
            if (answer == null) {
                throw new AssociationAbortedException("the peer released the association during " + operation);
            }
            if (store != null && answer.command() instanceof CStoreRq subOperation) {
                // PS3.4 C.4.3.3: the C-STORE sub-operations come on this association, between the C-GET responses
                Status status = DimseScp.store(store, association, answer, subOperation, ignored -> {
                });
                association.send(answer.context(), subOperation.response(status));
                continue;
            }
            SubOperationCounts counts = answer.command() instanceof CGetRsp get && store != null ? get.counts()
                    : answer.command() instanceof CMoveRsp move && store == null ? move.counts() : null;
            if (counts == null || ((DimseRsp) answer.command()).messageIdBeingRespondedTo() != messageId) {
                association.abort();
                throw new AssociationAbortedException("aborted the association: expected a "
                        + (store == null ? "C-MOVE-RSP" : "C-GET-RSP or C-STORE-RQ") + " for " + operation + ", got a "
                        + CommandField.name(answer.command().commandField()));
            }
            Status status = ((DimseRsp) answer.command()).status();
            if (status.category() != Status.Category.PENDING) {
                return new Result(status, counts, failedList(answer.dataSet(), syntax));
            }
            if (!cancelled && !pending(association, progress, counts)) {
                association.send(context, new CCancelRq(messageId));
                cancelled = true;
            }
        }
    }

    /** Asks {@code progress}; when it throws, the retrieval is left unfinished, so the association is aborted. */
    private static boolean pending(Association association, Progress progress, SubOperationCounts counts)
            throws IOException {
        try {
            return progress.pending(counts);
        } catch (IOException | RuntimeException e) {
            association.abort();
            throw e;
        }
    }

    /**
     * The Failed SOP Instance UID List of a final response's identifier (PS3.4 C.4.2.1.3.2, C.4.3.1.3.2); empty
     * without one, or when it cannot be read (the status and counts still say how the retrieval went).
     */
    private static List<String> failedList(InputStream identifier, TransferSyntax syntax) throws IOException {
        if (identifier == null) {
            return List.of();
        }
        try {
            return DicomReader.readDataSet(identifier, syntax, ReadOptions.IN_MEMORY)
                    .getStrings(Tags.FailedSOPInstanceUIDList);
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            identifier.skip(Long.MAX_VALUE);
            return List.of();
        }
    }
}
