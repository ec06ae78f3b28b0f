package ferry.router.index;

import java.util.Locale;

/** The query/retrieve levels of the index (PS3.4 C.6.1.1 and C.6.2.1), from the top of the hierarchy down. */
public enum QueryLevel {
    PATIENT, STUDY, SERIES, IMAGE;

    /** The level of a Query/Retrieve Level (0008,0052) value, in any case; null when it is none of the four. */
    public static QueryLevel of(String value) {
        if (value == null) {
            return null;
        }
        for (QueryLevel level : values()) {
            if (level.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
                return level;
            }
        }
        return null;
    }

    /** Whether this level lies below {@code other} or is it (IMAGE is below SERIES). */
    boolean atOrBelow(QueryLevel other) {
        return ordinal() >= other.ordinal();
    }
}
