package ferry.core.tag;

/**
 * The DICOM value representations of PS3.5 §6.2, with the facts an encoder needs about each.
 *
 * <p>{@link #longHeader()} says whether explicit VR encoding uses the 12-byte header with a 32-bit length
 * (PS3.5 §7.1.2, Table 7.1-1); {@link #swapUnit()} is the size of the binary unit that is byte-swapped in big
 * endian transfer syntaxes (0 for byte data and text).
 */
public enum Vr {
    AE(Kind.TEXT, false, 0, ' '),
    AS(Kind.TEXT, false, 0, ' '),
    AT(Kind.BINARY, false, 2, 0),
    CS(Kind.TEXT, false, 0, ' '),
    DA(Kind.TEXT, false, 0, ' '),
    DS(Kind.TEXT, false, 0, ' '),
    DT(Kind.TEXT, false, 0, ' '),
    FD(Kind.BINARY, false, 8, 0),
    FL(Kind.BINARY, false, 4, 0),
    IS(Kind.TEXT, false, 0, ' '),
    LO(Kind.TEXT, false, 0, ' '),
    LT(Kind.TEXT, false, 0, ' '),
    OB(Kind.BULK, true, 0, 0),
    OD(Kind.BULK, true, 8, 0),
    OF(Kind.BULK, true, 4, 0),
    OL(Kind.BULK, true, 4, 0),
    OV(Kind.BULK, true, 8, 0),
    OW(Kind.BULK, true, 2, 0),
    PN(Kind.TEXT, false, 0, ' '),
    SH(Kind.TEXT, false, 0, ' '),
    SL(Kind.BINARY, false, 4, 0),
    SQ(Kind.SEQUENCE, true, 0, 0),
    SS(Kind.BINARY, false, 2, 0),
    ST(Kind.TEXT, false, 0, ' '),
    SV(Kind.BINARY, true, 8, 0),
    TM(Kind.TEXT, false, 0, ' '),
    UC(Kind.TEXT, true, 0, ' '),
    UI(Kind.TEXT, false, 0, 0),
    UL(Kind.BINARY, false, 4, 0),
    UN(Kind.BULK, true, 0, 0),
    UR(Kind.TEXT, true, 0, ' '),
    US(Kind.BINARY, false, 2, 0),
    UT(Kind.TEXT, true, 0, ' '),
    UV(Kind.BINARY, true, 8, 0);

    /** How a value of this VR is represented. */
    public enum Kind {
        /** Character string values, possibly multi-valued with {@code \}. */
        TEXT,
        /** Fixed-size binary numbers (and AT tags). */
        BINARY,
        /** Byte or word streams (OB, OW, OF, …, UN) that may be large. */
        BULK,
        /** A sequence of items. */
        SEQUENCE
    }

    private static final Vr[] BY_CODE = new Vr[1 << 16];

    static {
        for (Vr vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final Kind kind;
    private final boolean longHeader;
    private final int swapUnit;
    private final byte padding;

    Vr(Kind kind, boolean longHeader, int swapUnit, int padding) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.swapUnit = swapUnit;
        this.padding = (byte) padding;
    }

    /** What sort of value this VR holds. */
    public Kind kind() {
        return kind;
    }

    /** True for VRs that use a reserved field and a 32-bit length in explicit VR encoding (PS3.5 §7.1.2). */
    public boolean longHeader() {
        return longHeader;
    }

    /** Size in bytes of the unit that is swapped between little and big endian; 0 when nothing is swapped. */
    public int swapUnit() {
        return swapUnit;
    }

    /** The byte that pads an odd-length value to even length (PS3.5 §6.2): space for text, NUL otherwise. */
    public byte padding() {
        return padding;
    }

    /** True for the text VRs whose value is affected by Specific Character Set (PS3.5 §6.1.2.3). */
    public boolean usesCharacterSet() {
        return switch (this) {
            case SH, LO, ST, LT, UC, UT, PN -> true;
            default -> false;
        };
    }

    /** True for text VRs whose values may hold several values separated by backslash. */
    public boolean multiValued() {
        return kind == Kind.TEXT && this != LT && this != ST && this != UT && this != UR;
    }

    /** The two ASCII letters packed as they appear in a big-endian 16-bit read of the header. */
    public int code() {
        String n = name();
        return (n.charAt(0) << 8) | n.charAt(1);
    }

    /**
     * The VR for two header bytes read as a big-endian 16-bit number, or {@code null} when the bytes are no
     * known VR.
     */
    public static Vr ofCode(int code) {
        return BY_CODE[code & 0xFFFF];
    }
}
