package ferry.core.sr;

/**
 * The value types of SR content items (PS3.3 C.17.3.2.1, Value Type (0040,A040)) that Ferry reads. TABLE and
 * any other value type are read as a {@link ContentValue.Problem}, their children still read.
 */
public enum ValueType {
    CONTAINER, TEXT, NUM, CODE, DATETIME, DATE, TIME, UIDREF, PNAME, COMPOSITE, IMAGE, WAVEFORM, SCOORD, SCOORD3D,
    TCOORD;

    /** The value type written {@code text} (as in the element, padding removed), or {@code null}. */
    static ValueType of(String text) {
        for (ValueType type : values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        return null;
    }
}
