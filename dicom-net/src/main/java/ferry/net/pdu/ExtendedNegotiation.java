package ferry.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SOP class extended negotiation sub-item (0x56, PS3.7 Annex D.3.3.5): service-class specific application
 * information for one SOP class (for example the Query/Retrieve options of PS3.4 C.5).
 *
 * <p>The array is copied on the way in and on the way out; equality compares contents.
 *
 * @param sopClassUid the SOP class UID
 * @param applicationInformation the service-class-application-information field
 */
public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {

    public ExtendedNegotiation {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        applicationInformation = applicationInformation.clone();
    }

    /** A copy of the service-class-application-information field. */
    @Override
    public byte[] applicationInformation() {
        return applicationInformation.clone();
    }

    int applicationInformationLength() {
        return applicationInformation.length;
    }

    byte[] applicationInformationUnsafe() {
        return applicationInformation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExtendedNegotiation that && sopClassUid.equals(that.sopClassUid)
                && Arrays.equals(applicationInformation, that.applicationInformation);
    }

    @Override
    public int hashCode() {
        return 31 * sopClassUid.hashCode() + Arrays.hashCode(applicationInformation);
    }

    @Override
    public String toString() {
        return "ExtendedNegotiation[sopClassUid=" + sopClassUid + ", applicationInformation="
                + applicationInformation.length + " bytes]";
    }
}
