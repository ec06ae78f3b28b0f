package ferry.net.dimse;

/**
 * C-GET-RSP, PS3.7 §9.3.3.2, with the sub-operation counts of PS3.4 C.4.3.1. A final response with failed
 * sub-operations carries an identifier holding the Failed SOP Instance UID List (0008,0058) (PS3.4 C.4.3.1).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), or null when the responder left it out
 * @param status Status (0000,0900) and its related fields
 * @param counts Number of Remaining, Completed, Failed and Warning Sub-operations (0000,1020-1023), each or all
 *     absent
 * @param hasIdentifier whether an identifier follows (Command Data Set Type other than 0x0101)
 */
public record CGetRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, Status status,
        SubOperationCounts counts, boolean hasIdentifier) implements DimseRsp {
    public CGetRsp {
        Fields.us("MessageIDBeingRespondedTo (0000,0120)", messageIdBeingRespondedTo);
        Fields.required("Status (0000,0900)", status);
        counts = counts == null ? SubOperationCounts.NONE : counts;
    }

    @Override
    public int commandField() {
        return CommandField.C_GET_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return hasIdentifier;
    }
}
