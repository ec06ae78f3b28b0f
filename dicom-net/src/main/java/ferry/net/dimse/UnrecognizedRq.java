package ferry.net.dimse;

/**
 * A request of a DIMSE service this package does not decode (the DIMSE-N requests of PS3.7
 * §10.3): only what an SCP needs to answer it with 0x0211 Unrecognized Operation (PS3.7 Annex C) instead of
 * aborting. {@link #isAnswerable} says which Command Field values qualify; the association builds this record from
 * the {@link DimseFormatException} that {@link DimseCodec#decode} throws for them.
 *
 * @param commandField Command Field (0000,0100) of the request
 * @param messageId Message ID (0000,0110)
 * @param hasDataSet whether a data set follows (Command Data Set Type (0000,0800) other than 0x0101)
 */
public record UnrecognizedRq(int commandField, int messageId, boolean hasDataSet) implements DimseCommand {
    public UnrecognizedRq {
        if (!isAnswerable(commandField)) {
            throw new IllegalArgumentException(CommandField.name(commandField) + " is not a request this record stands for");
        }
        Fields.us("MessageID (0000,0110)", messageId);
    }

    /**
     * True for the requests of PS3.7 §10.3 that {@link DimseCodec} does not decode: N-EVENT-REPORT, N-GET, N-SET,
     * N-ACTION, N-CREATE and N-DELETE. Not for responses, nor for a Command Field no standard defines, which have no
     * response to answer with.
     */
    public static boolean isAnswerable(int commandField) {
        return switch (commandField) {
            case CommandField.N_EVENT_REPORT_RQ, CommandField.N_GET_RQ,
                    CommandField.N_SET_RQ, CommandField.N_ACTION_RQ, CommandField.N_CREATE_RQ,
                    CommandField.N_DELETE_RQ -> true;
            default -> false;
        };
    }

    /** The response of this request's service (e.g. N-EVENT-REPORT-RSP for N-EVENT-REPORT-RQ) with {@code status}. */
    public UnrecognizedRsp response(Status status) {
        return new UnrecognizedRsp(commandField | 0x8000, messageId, status);
    }
}
