package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.tag.Uids;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CFindRq;
import java.io.IOException;
import java.util.Set;

/**
 * Answers one C-FIND request (Query/Retrieve FIND, PS3.4 C.4.1; Modality Worklist, PS3.4 K.4.1): given the
 * request's identifier (its query keys, already read in the context's transfer syntax), it hands the matches to
 * the {@link Responder} one at a time and returns when there are no more.
 *
 * <p>The SCP then sends the final response: 0x0000 Success, or 0xFE00 Cancel when the requestor sent a C-CANCEL-RQ
 * for this request (PS3.7 §9.3.2.3). A thrown {@link DimseStatusException} ends the operation with its status
 * (for example 0xA900 Identifier Does Not Match SOP Class when a required key is missing, 0xA700 Out of Resources,
 * 0x0122 SOP Class Not Supported); any other exception with 0xC000 Unable to Process and the exception's message
 * as Error Comment (PS3.4 C.4.1.1.4). Matches already sent stay sent.
 *
 * <p>{@link Matching} does the attribute matching of PS3.4 C.2.2.2 and builds the response identifiers.
 */
@FunctionalInterface
public interface FindHandler {
    /** The information models a C-FIND SCP is usually asked about: Patient Root, Study Root and Modality Worklist. */
    Set<String> INFORMATION_MODELS = Set.of(Uids.PatientRootQueryRetrieveInformationModelFind,
            Uids.StudyRootQueryRetrieveInformationModelFind, Uids.ModalityWorklistInformationModelFind);

    /**
     * Finds the matches of {@code identifier} and gives each to {@code responder}, stopping when it says the
     * requestor cancelled.
     *
     * @param association who asked
     * @param context the presentation context of the request (its abstract syntax is the information model)
     * @param request the C-FIND-RQ; {@link CFindRq#affectedSopClassUid()} names the information model
     * @param identifier the query keys, as the requestor sent them
     * @param responder where the matches go
     */
    void find(AssociationInfo association, PresentationContext context, CFindRq request, DataSet identifier,
              Responder responder) throws IOException;

    /**
     * Sends the matches of one C-FIND operation as pending responses (PS3.7 §9.1.2.1.5). Valid during
     * {@link FindHandler#find} and on its thread only, as the association is used by one thread at a time.
     */
    interface Responder {
        /**
         * Sends {@code match} as the identifier of a pending response (0xFF00, or 0xFF01 after
         * {@link #optionalKeysNotSupported()}), encoded in the context's transfer syntax. Returns false, sending
         * nothing, once the requestor has cancelled the operation: the handler should then return.
         *
         * @throws IOException when the connection fails; the handler should let it propagate
         */
        boolean pending(DataSet match) throws IOException;

        /**
         * True once the requestor has cancelled this operation; checks the connection without blocking, so a
         * handler doing long work between matches can stop early.
         */
        boolean cancelled() throws IOException;

        /**
         * Marks the following pending responses 0xFF01: one or more Optional Keys of the identifier were not
         * supported for existence or matching (PS3.4 C.4.1.1.4).
         */
        void optionalKeysNotSupported();
    }
}
