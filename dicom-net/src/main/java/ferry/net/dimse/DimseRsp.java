package ferry.net.dimse;

/** A DIMSE response: the Message ID of the request it answers and a {@link Status}. */
public sealed interface DimseRsp extends DimseCommand permits CEchoRsp, CStoreRsp, CFindRsp, CMoveRsp, CGetRsp,
        UnrecognizedRsp {
    /** Message ID Being Responded To (0000,0120): the {@link DimseRq#messageId()} of the request. */
    int messageIdBeingRespondedTo();

    /**
     * Affected SOP Class UID (0000,0002), or null: in responses it is optional and, when present, equal to the
     * request's (usage U(=), PS3.7 §9.3).
     */
    String affectedSopClassUid();

    /** Status (0000,0900) with its related fields (0000,0901), (0000,0902) and (0000,0903). */
    Status status();
}
