package ferry.net.dimse;

/**
 * C-FIND-RQ, PS3.7 §9.3.2.1: the identifier (the query keys) follows as the data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002): the query/retrieve information model
 * @param priority Priority (0000,0700)
 */
public record CFindRq(int messageId, String affectedSopClassUid, Priority priority) implements DimseRq {
    public CFindRq {
        Fields.us("MessageID (0000,0110)", messageId);
        Fields.required("AffectedSOPClassUID (0000,0002)", affectedSopClassUid);
        Fields.required("Priority (0000,0700)", priority);
    }

    /**
     * A C-FIND-RSP answering this request: pending with a match ({@code hasIdentifier} true), or the final
     * response (normally without identifier).
     */
    public CFindRsp response(Status status, boolean hasIdentifier) {
        return new CFindRsp(messageId, affectedSopClassUid, status, hasIdentifier);
    }

    @Override
    public int commandField() {
        return CommandField.C_FIND_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }
}
