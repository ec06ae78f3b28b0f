package ferry.net.pdu;

import java.util.Arrays;

/**
 * The user identity server response sub-item of an accept (0x59, PS3.7 Annex D.3.3.7.2): sent when the requestor
 * asked for a positive response; empty for user name identities, a Kerberos server ticket or SAML response
 * otherwise.
 *
 * <p>The array is copied on the way in and on the way out; equality compares contents; {@link #toString()} shows
 * the length only.
 *
 * @param serverResponse the server-response field
 */
public record UserIdentityAc(byte[] serverResponse) {

    public UserIdentityAc {
        serverResponse = serverResponse.clone();
        if (serverResponse.length > 0xFFFF) {
            throw new IllegalArgumentException("the server response is limited to 65535 bytes (PS3.7 D.3.3.7.2)");
        }
    }

    /** A copy of the server-response field. */
    @Override
    public byte[] serverResponse() {
        return serverResponse.clone();
    }

    byte[] serverResponseUnsafe() {
        return serverResponse;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserIdentityAc that && Arrays.equals(serverResponse, that.serverResponse);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serverResponse);
    }

    @Override
    public String toString() {
        return "UserIdentityAc[serverResponse=" + serverResponse.length + " bytes]";
    }
}
