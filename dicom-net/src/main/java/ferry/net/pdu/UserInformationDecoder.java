package ferry.net.pdu;

import ferry.net.pdu.ItemCursor.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the sub-items of a user information item (PS3.8 §9.3.2.3, §9.3.3.3, Annex D.1; PS3.7 Annex D.3.3).
 * Sub-items may come in any order; a second copy of a sub-item that may appear once, or a user identity sub-item
 * of the wrong direction, is an unexpected-PDU parameter; unknown sub-item types are kept (see
 * {@link UserInformation}).
 */
final class UserInformationDecoder {
    private UserInformationDecoder() {
    }

    static UserInformation decode(ItemCursor userInfo, boolean request) throws PduFormatException {
        Long maxLength = null;
        String implementationClassUid = null;
        String implementationVersionName = null;
        AsyncOperationsWindow asyncOperationsWindow = null;
        List<RoleSelection> roles = new ArrayList<>();
        List<ExtendedNegotiation> extended = new ArrayList<>();
        List<CommonExtendedNegotiation> common = new ArrayList<>();
        UserIdentityRq identityRq = null;
        UserIdentityAc identityAc = null;
        List<UnknownSubItem> unknown = new ArrayList<>();
        while (userInfo.remaining() > 0) {
            Item item = userInfo.nextItem();
            ItemCursor content = item.content();
            switch (item.type()) {
                case ItemType.MAXIMUM_LENGTH -> {
                    once(maxLength, item, userInfo);
                    fixedLength(content, 4);
                    maxLength = content.u32();
                }
                case ItemType.IMPLEMENTATION_CLASS_UID -> {
                    once(implementationClassUid, item, userInfo);
                    implementationClassUid = content.restAsTrimmedText();
                }
                case ItemType.ASYNC_OPERATIONS_WINDOW -> {
                    once(asyncOperationsWindow, item, userInfo);
                    fixedLength(content, 4);
                    asyncOperationsWindow = new AsyncOperationsWindow(content.u16(), content.u16());
                }
                case ItemType.ROLE_SELECTION -> roles.add(roleSelection(content));
                case ItemType.IMPLEMENTATION_VERSION_NAME -> {
                    once(implementationVersionName, item, userInfo);
                    implementationVersionName = content.restAsTrimmedText();
                }
                case ItemType.EXTENDED_NEGOTIATION -> {
                    String sopClass = uid(content, "SOP class UID");
                    extended.add(new ExtendedNegotiation(sopClass, content.bytes(content.remaining())));
                }
                case ItemType.COMMON_EXTENDED_NEGOTIATION -> common.add(commonExtendedNegotiation(content));
                case ItemType.USER_IDENTITY_RQ -> {
                    direction(request, item, userInfo);
                    once(identityRq, item, userInfo);
                    identityRq = userIdentityRq(content);
                }
                case ItemType.USER_IDENTITY_AC -> {
                    direction(!request, item, userInfo);
                    once(identityAc, item, userInfo);
                    content.require(2, "the server response length");
                    byte[] response = content.bytes(field(content, "server response"));
                    content.requireEnd();
                    identityAc = new UserIdentityAc(response);
                }
                default -> unknown.add(new UnknownSubItem(item.type(), content.bytes(content.remaining())));
            }
        }
        return new UserInformation(maxLength == null ? 0 : maxLength, implementationClassUid,
                implementationVersionName, asyncOperationsWindow, roles, extended, common, identityRq, identityAc,
                unknown);
    }

    private static void once(Object seen, Item item, ItemCursor userInfo) throws PduFormatException {
        if (seen != null) {
            throw PduReader.error(userInfo.pdu(), ItemType.describe(item.type()), item.offset(),
                    AAbort.UNEXPECTED_PDU_PARAMETER, "unexpected second copy in the user information item");
        }
    }

    private static void direction(boolean allowed, Item item, ItemCursor userInfo) throws PduFormatException {
        if (!allowed) {
            throw PduReader.error(userInfo.pdu(), ItemType.describe(item.type()), item.offset(),
                    AAbort.UNEXPECTED_PDU_PARAMETER, "does not belong in an " + userInfo.pdu() + " (PS3.7 D.3.3.7)");
        }
    }

    private static void fixedLength(ItemCursor content, int length) throws PduFormatException {
        if (content.remaining() != length) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "item length " + content.remaining() + " is not " + length + " (PS3.8 Annex D, PS3.7 D.3.3)");
        }
    }

    /** Reads a 16-bit length and checks that that many bytes follow; returns the length. */
    private static int field(ItemCursor content, String name) throws PduFormatException {
        int length = content.u16();
        content.require(length, name);
        return length;
    }

    private static String uid(ItemCursor content, String name) throws PduFormatException {
        content.require(2, "the " + name + " length");
        return content.trimmedText(field(content, name));
    }

    private static boolean flag(ItemCursor content, String name) throws PduFormatException {
        int offset = content.offset();
        int value = content.u8();
        if (value > 1) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    name + " " + value + " at offset " + offset + " is neither 0 nor 1 (PS3.7 D.3.3)");
        }
        return value == 1;
    }

    private static RoleSelection roleSelection(ItemCursor content) throws PduFormatException {
        String sopClass = uid(content, "SOP class UID");
        content.require(2, "the SCU and SCP role fields");
        boolean scu = flag(content, "SCU-role");
        boolean scp = flag(content, "SCP-role");
        content.requireEnd();
        return new RoleSelection(sopClass, scu, scp);
    }

    private static CommonExtendedNegotiation commonExtendedNegotiation(ItemCursor content)
            throws PduFormatException {
        String sopClass = uid(content, "SOP class UID");
        String serviceClass = uid(content, "service class UID");
        content.require(2, "the related general SOP class identification length");
        int length = field(content, "related general SOP class identification");
        int end = content.remaining() - length;
        List<String> related = new ArrayList<>();
        while (content.remaining() > end) {
            if (content.remaining() - end < 2) {
                throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE, "1 byte left in the related general SOP"
                        + " class identification field, too few for a UID length");
            }
            int uidLength = content.u16();
            if (uidLength > content.remaining() - end) {
                throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE, "related general SOP class UID of "
                        + uidLength + " bytes runs past the end of its identification field");
            }
            related.add(content.trimmedText(uidLength));
        }
        // Bytes after the identification field are reserved in sub-item version 0 and ignored.
        return new CommonExtendedNegotiation(sopClass, serviceClass, related);
    }

    private static UserIdentityRq userIdentityRq(ItemCursor content) throws PduFormatException {
        content.require(4, "the user identity type, positive response and primary field length");
        int type = content.u8();
        boolean positiveResponse = flag(content, "positive-response-requested");
        byte[] primary = content.bytes(field(content, "primary field"));
        content.require(2, "the secondary field length");
        byte[] secondary = content.bytes(field(content, "secondary field"));
        content.requireEnd();
        return new UserIdentityRq(type, positiveResponse, primary, secondary);
    }
}
