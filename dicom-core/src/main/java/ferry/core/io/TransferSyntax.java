package ferry.core.io;

import java.util.Map;

/**
 * How a data set is encoded (PS3.5 §10): VR explicit or implicit, byte order, deflate, and whether pixel data
 * is encapsulated (compressed).
 *
 * @param uid         the transfer syntax UID
 * @param explicitVr  true when each element header carries its VR
 * @param bigEndian   true for Explicit VR Big Endian (retired, still met in archives)
 * @param deflated    true when the data set (not the file meta group) is compressed with raw deflate
 * @param encapsulated true when Pixel Data is encapsulated in fragments (PS3.5 §A.4)
 */
public record TransferSyntax(String uid, boolean explicitVr, boolean bigEndian, boolean deflated,
                             boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", true, true, false, false);

    private static final Map<String, TransferSyntax> UNCOMPRESSED = Map.of(
            IMPLICIT_VR_LITTLE_ENDIAN.uid, IMPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_LITTLE_ENDIAN.uid, EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN.uid, EXPLICIT_VR_BIG_ENDIAN);

    /**
     * The transfer syntax for a UID. Every UID other than the four native ones is taken as Explicit VR Little
     * Endian with encapsulated pixel data, which is what all compressed transfer syntaxes are (PS3.5 §A.4);
     * {@code 1.2.840.10008.1.2.1.98} (encapsulated uncompressed) is one of them.
     */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.strip();
        TransferSyntax known = UNCOMPRESSED.get(trimmed);
        return known != null ? known : new TransferSyntax(trimmed, true, false, false, true);
    }

    /** True for the four syntaxes whose pixel data is native and which Ferry can convert between. */
    public boolean uncompressed() {
        return !encapsulated;
    }
}
