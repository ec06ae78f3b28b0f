package ferry.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A-ASSOCIATE-AC (PS3.8 §9.3.3): the acceptor accepts an association, answering each proposed presentation
 * context.
 *
 * <p>In this PDU the two AE title fields are reserved, but PS3.8 Table 9-17 asks that they be sent with the values
 * received in the A-ASSOCIATE-RQ (and says they shall not be tested). They are kept here so a reply can echo the
 * request and a received AC shows what the peer sent; the same AE rules as in {@link AAssociateRq} apply. The
 * 32 reserved bytes that follow are to be echoed too; {@link PduReader} does not keep them and
 * {@link PduWriter} writes zeros, which is what requestors send (dcmtk included).
 *
 * @param protocolVersion the protocol-version bit field; {@link AAssociateRq#PROTOCOL_VERSION}
 * @param calledAeTitle the called AE title of the request, echoed
 * @param callingAeTitle the calling AE title of the request, echoed
 * @param applicationContext the application context name (PS3.8 §9.3.3.1)
 * @param presentationContexts one answer per proposed context (PS3.8 §9.3.3.2)
 * @param userInformation the acceptor's user information item (PS3.8 §9.3.3.3)
 */
public record AAssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle, String applicationContext,
        List<PresentationContextAc> presentationContexts, UserInformation userInformation) implements Pdu {

    public AAssociateAc {
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
        return PduType.A_ASSOCIATE_AC;
    }
}
