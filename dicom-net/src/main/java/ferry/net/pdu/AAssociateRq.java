package ferry.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A-ASSOCIATE-RQ (PS3.8 §9.3.2): an association requestor proposes an association.
 *
 * <p>AE titles are held as given: the reader trims the space padding of the 16-byte fields, the writer pads them
 * again. They must be valid AE values (at most 16 characters of the default repertoire, no backslash, no control
 * characters; PS3.5 Table 6.2-1); an empty title is allowed here so that a peer's blank title reaches the
 * negotiation, which may then reject it.
 *
 * @param protocolVersion the protocol-version bit field (bit 0 set: version 1, PS3.8 §9.3.2);
 *        {@link #PROTOCOL_VERSION}
 * @param calledAeTitle the called AE title (the acceptor's), without padding
 * @param callingAeTitle the calling AE title (the requestor's), without padding
 * @param applicationContext the application context name (PS3.8 §9.3.2.1, Annex A.2.1); DICOM defines one,
 *        {@link #DICOM_APPLICATION_CONTEXT}
 * @param presentationContexts the proposed presentation contexts (PS3.8 §9.3.2.2), in the order sent
 * @param userInformation the user information item (PS3.8 §9.3.2.3)
 */
public record AAssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle, String applicationContext,
        List<PresentationContextRq> presentationContexts, UserInformation userInformation) implements Pdu {

    /** Protocol version 1, the only one (PS3.8 §9.3.2: bit 0 of the protocol-version field). */
    public static final int PROTOCOL_VERSION = 1;

    /** The DICOM application context name (PS3.7 Annex A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public AAssociateRq {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version " + protocolVersion + " does not fit 16 bits");
        }
        AeTitle.check(calledAeTitle, "called AE title");
        AeTitle.check(callingAeTitle, "calling AE title");
        Objects.requireNonNull(applicationContext, "applicationContext");
        presentationContexts = List.copyOf(presentationContexts);
        Objects.requireNonNull(userInformation, "userInformation");
    }

    @Override
    public int type() {
        return PduType.A_ASSOCIATE_RQ;
    }
}
