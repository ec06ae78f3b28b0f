package ferry.router.events;

/**
 * A C-STORE request answered with a failure status: nothing of the instance is kept.
 *
 * @param association    the association's number ({@link AssociationOpened#association()}), 0 outside a listener
 * @param listener       the listener's port, or empty outside a listener
 * @param callingAeTitle the sender's AE title
 * @param sopInstanceUid the instance the request named
 * @param status         the status answered (PS3.4 Table B.2-1): 0xA700 out of resources (a full disk, a journal
 *                       that cannot write), 0xA900 or 0xC000 a data set that is broken or not the instance named,
 *                       0x0110 a failure of Ferry's
 * @param reason         why, as the log says it
 */
public record InstanceRefused(long association, String listener, String callingAeTitle, String sopInstanceUid,
                              int status, String reason) implements FerryEvent {
    /** 0xA700 Out of Resources. */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** 0x0110 Processing Failure. */
    public static final int PROCESSING_FAILURE = 0x0110;

    /** The status as written in DICOM's tables and the metrics' labels: {@code 0xA700}. */
    public String statusHex() {
        return String.format("0x%04X", status);
    }
}
