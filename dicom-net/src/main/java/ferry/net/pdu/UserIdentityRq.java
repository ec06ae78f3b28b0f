package ferry.net.pdu;

import java.util.Arrays;

/**
 * The user identity sub-item of a request (0x58, PS3.7 Annex D.3.3.7.1; PS3.15 for the identity types).
 *
 * <p>The arrays are copied on the way in and on the way out; equality compares contents; {@link #toString()} shows
 * lengths only, never the identity or passcode.
 *
 * @param type the user-identity-type: {@link #USERNAME}, {@link #USERNAME_AND_PASSCODE}, {@link #KERBEROS},
 *        {@link #SAML} or {@link #JWT}; other values are kept as received
 * @param positiveResponseRequested whether the requestor asks for a server response (positive-response-requested 1)
 * @param primaryField the primary field: user name, Kerberos ticket, SAML assertion or JSON web token
 * @param secondaryField the secondary field: the passcode for type 2, empty otherwise
 */
public record UserIdentityRq(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {

    /** User-identity-type 1: a user name (UTF-8). */
    public static final int USERNAME = 1;
    /** User-identity-type 2: a user name and a passcode (UTF-8). */
    public static final int USERNAME_AND_PASSCODE = 2;
    /** User-identity-type 3: a Kerberos service ticket. */
    public static final int KERBEROS = 3;
    /** User-identity-type 4: a SAML assertion. */
    public static final int SAML = 4;
    /** User-identity-type 5: a JSON web token. */
    public static final int JWT = 5;

    public UserIdentityRq {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("user identity type " + type + " does not fit 8 bits");
        }
        primaryField = primaryField.clone();
        secondaryField = secondaryField.clone();
        if (primaryField.length > 0xFFFF || secondaryField.length > 0xFFFF) {
            throw new IllegalArgumentException("user identity fields are limited to 65535 bytes (PS3.7 D.3.3.7.1)");
        }
    }

    /** A copy of the primary field. */
    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    /** A copy of the secondary field. */
    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    byte[] primaryFieldUnsafe() {
        return primaryField;
    }

    byte[] secondaryFieldUnsafe() {
        return secondaryField;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserIdentityRq that && type == that.type
                && positiveResponseRequested == that.positiveResponseRequested
                && Arrays.equals(primaryField, that.primaryField) && Arrays.equals(secondaryField, that.secondaryField);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + Boolean.hashCode(positiveResponseRequested)) * 31 + Arrays.hashCode(primaryField)) * 31
                + Arrays.hashCode(secondaryField);
    }

    @Override
    public String toString() {
        return "UserIdentityRq[type=" + type + ", positiveResponseRequested=" + positiveResponseRequested
                + ", primaryField=" + primaryField.length + " bytes, secondaryField=" + secondaryField.length
                + " bytes]";
    }
}
