package ferry.net.dimse;

/** Priority (0000,0700) of a C-STORE, C-FIND, C-GET or C-MOVE request (PS3.7 §9.1.1.1.10, §E.1). */
public enum Priority {
    MEDIUM(0x0000),
    HIGH(0x0001),
    LOW(0x0002);

    private final int code;

    Priority(int code) {
        this.code = code;
    }

    /** The value as encoded in (0000,0700). */
    public int code() {
        return code;
    }

    /**
     * The priority encoded as {@code code}.
     *
     * @throws IllegalArgumentException when {@code code} is not 0 (MEDIUM), 1 (HIGH) or 2 (LOW)
     */
    public static Priority of(int code) {
        return switch (code) {
            case 0x0000 -> MEDIUM;
            case 0x0001 -> HIGH;
            case 0x0002 -> LOW;
            default -> throw new IllegalArgumentException(String.format(
                    "Priority 0x%04X is not 0x0000 (MEDIUM), 0x0001 (HIGH) or 0x0002 (LOW) (PS3.7 §E.1)", code));
        };
    }
}
