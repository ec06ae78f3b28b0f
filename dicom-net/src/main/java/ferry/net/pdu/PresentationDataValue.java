package ferry.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * A presentation data value item of a P-DATA-TF (PS3.8 §9.3.5.1): a fragment of a command or data set sent on one
 * presentation context, with the message control header of PS3.8 Annex E.2.
 *
 * <p>This is the hot path, so the data array is not copied: the record takes the array it is given and returns
 * it, and neither side may modify it afterwards. {@link PduReader} gives each value an array of its own. Equality
 * compares contents; {@link #toString()} shows the length only.
 *
 * @param contextId the presentation context ID (odd, 1 to 255)
 * @param command message control header bit 0: true for a command fragment, false for a data set fragment
 * @param last message control header bit 1: true for the last fragment of the command or data set
 * @param data the fragment
 */
public record PresentationDataValue(int contextId, boolean command, boolean last, byte[] data) {

    public PresentationDataValue {
        PresentationContextRq.checkId(contextId);
        Objects.requireNonNull(data, "data");
    }

    /** The message control header byte: bit 0 command, bit 1 last fragment (PS3.8 Annex E.2). */
    public int messageControlHeader() {
        return (command ? 1 : 0) | (last ? 2 : 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PresentationDataValue that && contextId == that.contextId && command == that.command
                && last == that.last && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return (contextId * 31 + messageControlHeader()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PresentationDataValue[contextId=" + contextId + ", " + (command ? "command" : "data")
                + (last ? ", last" : "") + ", " + data.length + " bytes]";
    }
}
