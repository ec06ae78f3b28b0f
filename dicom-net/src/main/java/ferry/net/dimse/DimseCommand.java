package ferry.net.dimse;

/**
 * One DIMSE command set (PS3.7 §9.3), decoded. Requests ({@link DimseRq}) carry their own Message ID, responses
 * ({@link DimseRsp}) the Message ID Being Responded To and a {@link Status}; {@link CCancelRq} is a request that
 * names the operation it cancels. C-MOVE, C-GET and the DIMSE-N requests are not modelled yet: an
 * {@link UnrecognizedRq} carries what answering them with 0x0211 Unrecognized Operation takes.
 */
public sealed interface DimseCommand permits DimseRq, DimseRsp, CCancelRq, UnrecognizedRq {
    /** The Command Field (0000,0100), one of the {@link CommandField} constants. */
    int commandField();

    /**
     * Whether a data set (an object, an identifier) follows this command: Command Data Set Type (0000,0800) is
     * anything other than 0x0101 (PS3.7 §E.1).
     */
    boolean hasDataSet();
}
