package ferry.net.dimse;

/**
 * C-GET-RQ, PS3.7 §9.3.3.1: the identifier (the unique keys of what to retrieve, PS3.4 C.4.3.1) follows as the
 * data set; the SCP sends the matching instances back with C-STORE sub-operations on the same association, on
 * presentation contexts for which the requestor took the SCP role (PS3.4 C.4.3.3, PS3.7 §D.3.3.4).
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the query/retrieve information model
 * @param priority Priority (0000,0700)
 */
public record CGetRq(int messageId, String affectedSopClassUid, Priority priority) implements DimseRq {
    public CGetRq {
        Fields.us("MessageID (0000,0110)", messageId);
        Fields.required("AffectedSOPClassUID (0000,0002)", affectedSopClassUid);
        Fields.required("Priority (0000,0700)", priority);
    }

    /** A C-GET-RSP answering this request with {@code status} and sub-operation counts. */
    public CGetRsp response(Status status, SubOperationCounts counts, boolean hasIdentifier) {
        return new CGetRsp(messageId, affectedSopClassUid, status, counts, hasIdentifier);
    }

    @Override
    public int commandField() {
        return CommandField.C_GET_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }
}
