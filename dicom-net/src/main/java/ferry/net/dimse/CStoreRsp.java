package ferry.net.dimse;

/**
 * C-STORE-RSP, PS3.7 §9.3.1.2. No data set follows.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), or null when the responder left it out
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), or null when the responder left it out
 * @param status Status (0000,0900) and its related fields
 */
public record CStoreRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Status status) implements DimseRsp {
    public CStoreRsp {
        Fields.us("MessageIDBeingRespondedTo (0000,0120)", messageIdBeingRespondedTo);
        Fields.required("Status (0000,0900)", status);
    }

    @Override
    public int commandField() {
        return CommandField.C_STORE_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
