package ferry.net.pdu;

/**
 * The rules for AE titles in the A-ASSOCIATE PDUs: at most 16 characters of the default character repertoire
 * without backslash and control characters (PS3.5 Table 6.2-1, VR AE), space padded to 16 bytes on the wire
 * (PS3.8 §9.3.2), where leading and trailing spaces are not significant.
 */
final class AeTitle {
    static final int LENGTH = 16;

    private AeTitle() {
    }

    /** Returns {@code value} when it is a valid AE title; throws IllegalArgumentException naming {@code field}. */
    static String check(String value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is null");
        }
        if (value.length() > LENGTH) {
            throw new IllegalArgumentException(field + " '" + value + "' is longer than 16 characters (PS3.5 6.2, AE)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                throw new IllegalArgumentException(field + " '" + value + "' contains a backslash (PS3.5 6.2, AE)");
            }
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(String.format(
                        "%s contains the character 0x%02X at %d, outside the default repertoire (PS3.5 6.2, AE)",
                        field, (int) c, i));
            }
        }
        return value;
    }
}
