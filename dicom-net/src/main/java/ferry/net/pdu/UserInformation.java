package ferry.net.pdu;

import java.util.List;

/**
 * The user information item of an A-ASSOCIATE-RQ or -AC (PS3.8 §9.3.2.3 and §9.3.3.3) with its sub-items.
 *
 * <p>Sub-items may come in any order (PS3.8 §9.3.2.3, note); {@link PduWriter} writes them in ascending item-type
 * order, 0x51 to 0x59 and then unknown ones, as the note advises for older peers and as dcmtk does.
 *
 * <p>Unknown sub-item types are kept in {@link #unknownSubItems()} rather than dropped: an acceptor must ignore
 * user information sub-items it does not recognise and not reject the association for them (PS3.8 Annex D.2,
 * note 2), and negotiation does; keeping them lets a log or a debugging UI show them and lets a received PDU be
 * re-encoded byte for byte.
 *
 * @param maxPduLength the maximum length sub-item (PS3.8 Annex D.1): the largest P-DATA-TF PDU length the sender
 *        accepts, an unsigned 32-bit value; 0 means unlimited. A received PDU without the sub-item reads as 0.
 * @param implementationClassUid the implementation class UID sub-item (PS3.7 D.3.3.2); null only when a peer
 *        omitted this mandatory sub-item, in which case the writer omits it too
 * @param implementationVersionName the implementation version name sub-item (PS3.7 D.3.3.2), or null (optional)
 * @param asyncOperationsWindow the asynchronous operations window sub-item (PS3.7 D.3.3.3), or null
 * @param roleSelections the SCP/SCU role selection sub-items (PS3.7 D.3.3.4)
 * @param extendedNegotiations the SOP class extended negotiation sub-items (PS3.7 D.3.3.5)
 * @param commonExtendedNegotiations the SOP class common extended negotiation sub-items (PS3.7 D.3.3.6)
 * @param userIdentityRq the user identity sub-item of a request (PS3.7 D.3.3.7.1), or null
 * @param userIdentityAc the user identity server response sub-item of an accept (PS3.7 D.3.3.7.2), or null
 * @param unknownSubItems sub-items of types this codec does not know, in the order received
 */
public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName,
        AsyncOperationsWindow asyncOperationsWindow, List<RoleSelection> roleSelections,
        List<ExtendedNegotiation> extendedNegotiations, List<CommonExtendedNegotiation> commonExtendedNegotiations,
        UserIdentityRq userIdentityRq, UserIdentityAc userIdentityAc, List<UnknownSubItem> unknownSubItems) {

    /** The largest value of the maximum length sub-item (an unsigned 32-bit field). */
    public static final long MAX_PDU_LENGTH_LIMIT = 0xFFFFFFFFL;

    public UserInformation {
        if (maxPduLength < 0 || maxPduLength > MAX_PDU_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maximum PDU length " + maxPduLength + " does not fit 32 bits");
        }
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
        commonExtendedNegotiations = List.copyOf(commonExtendedNegotiations);
        unknownSubItems = List.copyOf(unknownSubItems);
    }

    /** User information with only the maximum length and implementation identification, the usual case. */
    public static UserInformation of(long maxPduLength, String implementationClassUid,
            String implementationVersionName) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, null,
                List.of(), List.of(), List.of(), null, null, List.of());
    }
}
