package ferry.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * The SOP class common extended negotiation sub-item (0x57, sub-item version 0, PS3.7 Annex D.3.3.6): the
 * service class of a SOP class and the general SOP classes it specialises. Sent in requests only.
 *
 * @param sopClassUid the SOP class UID
 * @param serviceClassUid the service class UID
 * @param relatedGeneralSopClassUids related general SOP class UIDs, possibly none
 */
public record CommonExtendedNegotiation(String sopClassUid, String serviceClassUid,
        List<String> relatedGeneralSopClassUids) {

    public CommonExtendedNegotiation {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(serviceClassUid, "serviceClassUid");
        relatedGeneralSopClassUids = List.copyOf(relatedGeneralSopClassUids);
    }
}
