package ferry.net.pdu;

import java.io.IOException;

/**
 * A received PDU that breaks PS3.8 §9.3: its message names the PDU, the item and the byte offset within the PDU
 * (counted from the PDU-type byte), and {@link #abortReason()} is the A-ABORT reason to send back (PS3.8 §9.3.8).
 */
public final class PduFormatException extends IOException {
    private final int abortReason;

    public PduFormatException(String message, int abortReason) {
        super(message);
        this.abortReason = abortReason;
    }

    /** The A-ABORT reason for this error, one of the {@link AAbort} reason constants. */
    public int abortReason() {
        return abortReason;
    }

    /** The provider A-ABORT that answers this error. */
    public AAbort abort() {
        return new AAbort(AAbort.Source.SERVICE_PROVIDER, abortReason);
    }
}
