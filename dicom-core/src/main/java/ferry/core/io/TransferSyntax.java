package ferry.core.io;

import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** JPIP Referenced Deflate: the data set deflated as in {@link #DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}, no pixels. */
    private static final String JPIP_REFERENCED_DEFLATE = "1.2.840.10008.1.2.4.95";

    /**
     * Registered transfer syntaxes that are no encoding of a DIMSE data set: RFC 2557 MIME and XML encoding (PS3.5
     * retired them), the SMPTE ST 2110 ones of DICOM-RTV (PS3.22), and Papyrus 3 Implicit VR Little Endian (retired
     * in 2015, and not what {@link #of} would take it for).
     */
    private static final Set<String> NOT_FOR_DATA_SETS = Set.of("1.2.840.10008.1.2.6.1", "1.2.840.10008.1.2.6.2",
            "1.2.840.10008.1.2.7.1", "1.2.840.10008.1.2.7.2", "1.2.840.10008.1.2.7.3", "1.2.840.10008.1.20");

    /**
     * Encapsulated transfer syntaxes newer than the generated UID registry (PS3.6 Table A-1 of 2023): High-Throughput
     * JPEG 2000 lossless, lossless with RPCL options, and lossy.
     */
    private static final Set<String> NEWER = Set.of("1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
            "1.2.840.10008.1.2.4.203");

    /**
     * The transfer syntax for a UID. Every UID other than the four native ones and JPIP Referenced Deflate is taken
     * as Explicit VR Little Endian with encapsulated pixel data, which is what all compressed transfer syntaxes are
     * (PS3.5 §A.4); {@code 1.2.840.10008.1.2.1.98} (encapsulated uncompressed) is one of them. Whether the UID is a
     * transfer syntax at all is {@link #isKnown}'s question.
     */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.strip();
        TransferSyntax known = UNCOMPRESSED.get(trimmed);
        if (known != null) {
            return known;
        }
        return new TransferSyntax(trimmed, true, false, trimmed.equals(JPIP_REFERENCED_DEFLATE), true);
    }

    /**
     * Whether {@code uid} is a transfer syntax whose data sets Ferry reads, so that it can accept it in a
     * presentation context (PS3.8 §9.3.3.2): the four native ones and every encapsulated (compressed) one of PS3.6
     * Table A-1, whose pixel data is kept as it came, retired ones included. Not a private or made-up UID, whose
     * encoding nobody here knows, nor the registered syntaxes that do not encode data sets
     * ({@link #NOT_FOR_DATA_SETS}).
     */
    public static boolean isKnown(String uid) {
        String trimmed = uid.strip();
        if (UNCOMPRESSED.containsKey(trimmed) || NEWER.contains(trimmed)) {
            return true;
        }
        Optional<UidEntry> entry = UidRegistry.lookup(trimmed);
        return entry.isPresent() && entry.get().type().equals("Transfer Syntax")
                && !NOT_FOR_DATA_SETS.contains(trimmed);
    }

    /** True for the four syntaxes whose pixel data is native and which Ferry can convert between. */
    public boolean uncompressed() {
        return !encapsulated;
    }
}
