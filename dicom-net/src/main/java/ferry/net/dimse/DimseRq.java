package ferry.net.dimse;

/** A DIMSE-C request that starts an operation: it carries its own Message ID (0000,0110). */
public sealed interface DimseRq extends DimseCommand permits CEchoRq, CStoreRq, CFindRq, CMoveRq, CGetRq {
    /** Message ID (0000,0110), 0 to 65535, chosen by the requester to match the responses. */
    int messageId();

    /** Affected SOP Class UID (0000,0002), mandatory in every request. */
    String affectedSopClassUid();
}
