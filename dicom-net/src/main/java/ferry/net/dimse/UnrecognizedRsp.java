package ferry.net.dimse;

/**
 * The response to an {@link UnrecognizedRq}: its service's response command (PS3.7 §9.3, §10.3) with only the fields
 * every response has, Command Field, Message ID Being Responded To, Command Data Set Type 0x0101 (no data set) and
 * Status with its related fields; the optional Affected SOP Class and Instance UIDs are left out. Encoded only.
 *
 * @param commandField Command Field (0000,0100): the request's with bit 15 set, e.g. 0x8100 N-EVENT-REPORT-RSP
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param status Status (0000,0900), normally 0x0211 Unrecognized Operation, and its related fields
 */
public record UnrecognizedRsp(int commandField, int messageIdBeingRespondedTo, Status status) implements DimseRsp {
    public UnrecognizedRsp {
        if (!CommandField.isResponse(commandField)
                || !UnrecognizedRq.isAnswerable(commandField & ~0x8000)) {
            throw new IllegalArgumentException(CommandField.name(commandField)
                    + " is not the response of a request UnrecognizedRq stands for");
        }
        Fields.us("MessageIDBeingRespondedTo (0000,0120)", messageIdBeingRespondedTo);
        Fields.required("Status (0000,0900)", status);
    }

    @Override
    public String affectedSopClassUid() {
        return null;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }
}
