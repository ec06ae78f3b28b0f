package ferry.net.dimse;

/**
 * C-ECHO-RQ, PS3.7 §9.3.5.1: verifies that the peer answers. No data set follows.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), normally Verification 1.2.840.10008.1.1
 */
public record CEchoRq(int messageId, String affectedSopClassUid) implements DimseRq {
    public CEchoRq {
        Fields.us("MessageID (0000,0110)", messageId);
        Fields.required("AffectedSOPClassUID (0000,0002)", affectedSopClassUid);
    }

    /** The C-ECHO-RSP answering this request with {@code status}. */
    public CEchoRsp response(Status status) {
        return new CEchoRsp(messageId, affectedSopClassUid, status);
    }

    @Override
    public int commandField() {
        return CommandField.C_ECHO_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
