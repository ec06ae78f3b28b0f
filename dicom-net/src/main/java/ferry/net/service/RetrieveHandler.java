package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.tag.Uids;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.DimseRq;
import ferry.net.pdu.PresentationContextRq;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers C-MOVE and C-GET requests (Query/Retrieve MOVE and GET, PS3.4 C.4.2 and C.4.3): which stored instances a
 * request's identifier selects, and, for C-MOVE, how to reach the move destination. The SCP then performs the C-STORE
 * sub-operations, sends pending responses with the counts of PS3.4 C.4.2.1 and the final response.
 *
 * <p>A thrown {@link DimseStatusException} ends the operation with its status before any sub-operation: 0xA900
 * Identifier Does Not Match SOP Class (a missing Query/Retrieve Level or unique key), 0xC000 Unable to Process (a
 * value that cannot be matched), 0xA801 Move Destination Unknown; any other exception gives 0xC000 with the
 * exception's message as Error Comment.
 */
public interface RetrieveHandler {
    /** The C-MOVE information models: Patient Root and Study Root (PS3.4 C.6.1.1, C.6.2.1). */
    Set<String> MOVE_MODELS = Set.of(Uids.PatientRootQueryRetrieveInformationModelMove,
            Uids.StudyRootQueryRetrieveInformationModelMove);
    /** The C-GET information models: Patient Root and Study Root. */
    Set<String> GET_MODELS = Set.of(Uids.PatientRootQueryRetrieveInformationModelGet,
            Uids.StudyRootQueryRetrieveInformationModelGet);

    /**
     * The instances {@code identifier} selects, opened as a {@link Retrieval} (closed by the SCP).
     *
     * @param association who asked
     * @param context     the request's presentation context; its abstract syntax is the information model
     * @param request     the C-MOVE-RQ or C-GET-RQ
     * @param identifier  the identifier as the requestor sent it
     */
    Retrieval open(AssociationInfo association, PresentationContext context, DimseRq request, DataSet identifier)
            throws IOException;

    /**
     * Where a C-MOVE's instances go: the node known as {@code moveDestination}.
     *
     * @throws DimseStatusException with 0xA801 Move Destination Unknown when there is none (PS3.4 C.4.2.1)
     */
    MoveDestination destination(AssociationInfo association, String moveDestination);

    /** A move destination: opens a new association to it, on which the SCP sends its C-STORE sub-operations. */
    @FunctionalInterface
    interface MoveDestination {
        /**
         * An association to the destination proposing {@code contexts}, Ferry calling as {@code callingAeTitle}.
         *
         * @throws IOException when it cannot be opened (the SCP answers 0xA702, unable to perform sub-operations)
         */
        Association open(String callingAeTitle, List<PresentationContextRq> contexts) throws IOException;
    }

    /**
     * The instances of one retrieval, known in number and kinds before the first is sent (the pending responses count
     * what remains, PS3.4 C.4.2.1; a C-MOVE proposes presentation contexts for them), then given one at a time: a
     * retrieval of many instances need not hold them in memory.
     */
    interface Retrieval extends AutoCloseable {
        /** How many instances (sub-operations) there are. */
        long size();

        /** The SOP classes of the instances, each with the transfer syntaxes they are stored in. */
        Map<String, Set<String>> syntaxes();

        /** The next instance, or {@code null} after the last. */
        Instance next() throws IOException;

        /** Stops early (a C-CANCEL, a broken association) or after the last: frees what it holds. */
        @Override
        void close();
    }

    /**
     * One instance to send.
     *
     * @param sopClassUid    its SOP Class UID
     * @param sopInstanceUid its SOP Instance UID; the file sent must hold this instance
     * @param file           the file to send, or null when there is none (the sub-operation fails)
     * @param problem        why there is no file, or null
     */
    record Instance(String sopClassUid, String sopInstanceUid, Path file, String problem) {
        public Instance {
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            if ((file == null) == (problem == null)) {
                throw new IllegalArgumentException("an instance has a file or a problem, not both or neither");
            }
        }
    }
}
