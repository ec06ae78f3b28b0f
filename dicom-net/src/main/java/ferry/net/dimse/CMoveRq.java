package ferry.net.dimse;

/**
 * C-MOVE-RQ, PS3.7 §9.3.4.1: the identifier (the unique keys of what to retrieve, PS3.4 C.4.2.1) follows as the
 * data set; the SCP stores the matching instances at {@code moveDestination} with C-STORE sub-operations over an
 * association of its own (PS3.4 C.4.2.3).
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the query/retrieve information model
 * @param priority Priority (0000,0700)
 * @param moveDestination Move Destination (0000,0600): the AE title to store the instances at
 */
public record CMoveRq(int messageId, String affectedSopClassUid, Priority priority, String moveDestination)
        implements DimseRq {
    public CMoveRq {
        Fields.us("MessageID (0000,0110)", messageId);
        Fields.required("AffectedSOPClassUID (0000,0002)", affectedSopClassUid);
        Fields.required("Priority (0000,0700)", priority);
        Fields.required("MoveDestination (0000,0600)", moveDestination);
    }

    /** A C-MOVE-RSP answering this request with {@code status} and sub-operation counts. */
    public CMoveRsp response(Status status, SubOperationCounts counts, boolean hasIdentifier) {
        return new CMoveRsp(messageId, affectedSopClassUid, status, counts, hasIdentifier);
    }

    @Override
    public int commandField() {
        return CommandField.C_MOVE_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }
}
