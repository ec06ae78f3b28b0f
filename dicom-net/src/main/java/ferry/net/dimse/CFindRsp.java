package ferry.net.dimse;

/**
 * C-FIND-RSP, PS3.7 §9.3.2.2. Pending responses carry a matching identifier as their data set; the final response
 * (success, failure, cancel) normally has none.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), or null when the responder left it out
 * @param status Status (0000,0900) and its related fields
 * @param hasIdentifier whether an identifier follows (Command Data Set Type other than 0x0101)
 */
public record CFindRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, Status status,
        boolean hasIdentifier) implements DimseRsp {
    public CFindRsp {
        Fields.us("MessageIDBeingRespondedTo (0000,0120)", messageIdBeingRespondedTo);
        Fields.required("Status (0000,0900)", status);
    }

    @Override
    public int commandField() {
        return CommandField.C_FIND_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return hasIdentifier;
    }
}
