package ferry.router.deid;

import java.util.Locale;

/**
 * An action code of PS3.15 Table E.1-1 (§E.1.1): what the profile or an option does to an attribute. The combined
 * codes choose between their parts by the attribute's Type in the IOD; Ferry does not know the IOD of every object it
 * relays, so {@link #resolved()} picks the part that keeps any IOD conformant (§E.1.1 note 1).
 */
public enum ProfileAction {
    /** Replace with a non-zero length dummy value consistent with the VR. */
    D("D"),
    /** Replace with a zero length value. */
    Z("Z"),
    /** Remove. */
    X("X"),
    /** Keep (for sequences: keep, applying the profile to their items). */
    K("K"),
    /** Clean: replace with values of similar meaning known not to identify (see {@link Deidentifier}). */
    C("C"),
    /** Replace with a UID that is consistent within the set of instances. */
    U("U"),
    /** Z unless D is required (Type 2 versus Type 1). */
    Z_D("Z/D"),
    /** X unless Z is required (Type 3 versus Type 2). */
    X_Z("X/Z"),
    /** X unless D is required (Type 3 versus Type 1). */
    X_D("X/D"),
    /** X unless Z or D is required (Type 3, 2 or 1). */
    X_Z_D("X/Z/D"),
    /** X unless Z or replacing the contained instance UIDs is required (sequences of references). */
    X_Z_U("X/Z/U*");

    private final String code;

    ProfileAction(String code) {
        this.code = code;
    }

    /** The code as the standard writes it, e.g. {@code X/Z/D}. */
    public String code() {
        return code;
    }

    /**
     * The single action Ferry carries out for this code: a combined code becomes the part that is valid whatever the
     * attribute's Type (Z/D, X/D and X/Z/D become D, X/Z becomes Z, X/Z/U* becomes K, whose recursion replaces the
     * UIDs inside the sequence); a plain code stays as it is.
     */
    public ProfileAction resolved() {
        return switch (this) {
            case Z_D, X_D, X_Z_D -> D;
            case X_Z -> Z;
            case X_Z_U -> K;
            default -> this;
        };
    }

    /** The action written {@code code} ({@code X/Z/U*}, {@code D}, …). */
    public static ProfileAction of(String code) {
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        for (ProfileAction action : values()) {
            if (action.code.equals(wanted)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not an action code of PS3.15 Table E.1-1: '" + code + "'");
    }
}
