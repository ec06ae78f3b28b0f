package ferry.net.dimse;

/**
 * C-STORE-RQ, PS3.7 §9.3.1.1: the SOP instance to store follows as the data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002)
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000)
 * @param priority Priority (0000,0700)
 * @param moveOriginatorAeTitle Move Originator Application Entity Title (0000,1030), or null; set when the store
 *     is a sub-operation of a C-MOVE
 * @param moveOriginatorMessageId Move Originator Message ID (0000,1031), or null
 */
public record CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, Priority priority,
        String moveOriginatorAeTitle, Integer moveOriginatorMessageId) implements DimseRq {
    public CStoreRq {
        Fields.us("MessageID (0000,0110)", messageId);
        Fields.required("AffectedSOPClassUID (0000,0002)", affectedSopClassUid);
        Fields.required("AffectedSOPInstanceUID (0000,1000)", affectedSopInstanceUid);
        Fields.required("Priority (0000,0700)", priority);
        Fields.optionalUs("MoveOriginatorMessageID (0000,1031)", moveOriginatorMessageId);
    }

    /** A C-STORE-RQ that is not a C-MOVE sub-operation. */
    public CStoreRq(int messageId, String affectedSopClassUid, String affectedSopInstanceUid, Priority priority) {
        this(messageId, affectedSopClassUid, affectedSopInstanceUid, priority, null, null);
    }

    /** The C-STORE-RSP answering this request with {@code status}, echoing the SOP class and instance UIDs. */
    public CStoreRsp response(Status status) {
        return new CStoreRsp(messageId, affectedSopClassUid, affectedSopInstanceUid, status);
    }

    @Override
    public int commandField() {
        return CommandField.C_STORE_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }
}
