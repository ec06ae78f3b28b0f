package ferry.net.pdu;

import java.util.Arrays;

/**
 * Encodes PDUs into bytes (PS3.8 §9.3): big-endian fields, reserved fields as zero, item lengths filled in once
 * their content is written. Values that cannot be encoded (a UID over 64 KiB, characters outside ISO 8859-1, a
 * user information item over 64 KiB) throw IllegalArgumentException.
 */
final class PduEncoder {
    private byte[] bytes = new byte[256];
    private int size;

    private PduEncoder() {
    }

    static byte[] encode(Pdu pdu) {
        PduEncoder out = new PduEncoder();
        out.u8(pdu.type());
        out.u8(0);
        int length = out.begin32();
        if (pdu instanceof AAssociateRq rq) {
            out.associate(rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext());
            for (PresentationContextRq context : rq.presentationContexts()) {
                out.presentationContext(context);
            }
            out.userInformation(rq.userInformation());
        } else if (pdu instanceof AAssociateAc ac) {
            out.associate(ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle(), ac.applicationContext());
            for (PresentationContextAc context : ac.presentationContexts()) {
                out.presentationContext(context);
            }
            out.userInformation(ac.userInformation());
        } else if (pdu instanceof AAssociateRj rj) {
            out.u8(0);
            out.u8(rj.result().code());
            out.u8(rj.source().code());
            out.u8(rj.reason());
        } else if (pdu instanceof PDataTf data) {
            for (PresentationDataValue value : data.values()) {
                out.u32(2L + value.data().length);
                out.u8(value.contextId());
                out.u8(value.messageControlHeader());
                out.bytes(value.data());
            }
        } else if (pdu instanceof AReleaseRq || pdu instanceof AReleaseRp) {
            out.u32(0);
        } else if (pdu instanceof AAbort abort) {
            out.u8(0);
            out.u8(0);
            out.u8(abort.source().code());
            out.u8(abort.reason());
        }
        out.end32(length);
        return Arrays.copyOf(out.bytes, out.size);
    }

    private void associate(int protocolVersion, String called, String calling, String applicationContext) {
        u16(protocolVersion);
        u16(0);
        aeTitle(called);
        aeTitle(calling);
        zeros(32);
        item(ItemType.APPLICATION_CONTEXT, applicationContext);
    }

    private void presentationContext(PresentationContextRq context) {
        int length = beginItem(ItemType.PRESENTATION_CONTEXT_RQ);
        u8(context.id());
        zeros(3);
        item(ItemType.ABSTRACT_SYNTAX, context.abstractSyntax());
        for (String transferSyntax : context.transferSyntaxes()) {
            item(ItemType.TRANSFER_SYNTAX, transferSyntax);
        }
        end16(length, "presentation context item " + context.id());
    }

    private void presentationContext(PresentationContextAc context) {
        int length = beginItem(ItemType.PRESENTATION_CONTEXT_AC);
        u8(context.id());
        u8(0);
        u8(context.result().code());
        u8(0);
        String transferSyntax = context.transferSyntax();
        if (!context.accepted() && (transferSyntax == null || transferSyntax.isEmpty())) {
            transferSyntax = PresentationContextAc.REJECTED_TRANSFER_SYNTAX;
        }
        item(ItemType.TRANSFER_SYNTAX, transferSyntax);
        end16(length, "presentation context item " + context.id());
    }

    private void userInformation(UserInformation info) {
        int length = beginItem(ItemType.USER_INFORMATION);
        int max = beginItem(ItemType.MAXIMUM_LENGTH);
        u32(info.maxPduLength());
        end16(max, "maximum length sub-item");
        if (info.implementationClassUid() != null) {
            item(ItemType.IMPLEMENTATION_CLASS_UID, info.implementationClassUid());
        }
        if (info.asyncOperationsWindow() != null) {
            int window = beginItem(ItemType.ASYNC_OPERATIONS_WINDOW);
            u16(info.asyncOperationsWindow().maxInvoked());
            u16(info.asyncOperationsWindow().maxPerformed());
            end16(window, "asynchronous operations window sub-item");
        }
        for (RoleSelection role : info.roleSelections()) {
            int item = beginItem(ItemType.ROLE_SELECTION);
            field16(role.sopClassUid());
            u8(role.scuRole() ? 1 : 0);
            u8(role.scpRole() ? 1 : 0);
            end16(item, "SCP/SCU role selection sub-item");
        }
        if (info.implementationVersionName() != null) {
            item(ItemType.IMPLEMENTATION_VERSION_NAME, info.implementationVersionName());
        }
        for (ExtendedNegotiation negotiation : info.extendedNegotiations()) {
            int item = beginItem(ItemType.EXTENDED_NEGOTIATION);
            field16(negotiation.sopClassUid());
            bytes(negotiation.applicationInformationUnsafe());
            end16(item, "SOP class extended negotiation sub-item");
        }
        for (CommonExtendedNegotiation negotiation : info.commonExtendedNegotiations()) {
            int item = beginItem(ItemType.COMMON_EXTENDED_NEGOTIATION); // second byte: sub-item version 0
            field16(negotiation.sopClassUid());
            field16(negotiation.serviceClassUid());
            int related = begin16();
            for (String uid : negotiation.relatedGeneralSopClassUids()) {
                field16(uid);
            }
            end16(related, "related general SOP class identification");
            end16(item, "SOP class common extended negotiation sub-item");
        }
        if (info.userIdentityRq() != null) {
            UserIdentityRq identity = info.userIdentityRq();
            int item = beginItem(ItemType.USER_IDENTITY_RQ);
            u8(identity.type());
            u8(identity.positiveResponseRequested() ? 1 : 0);
            field16(identity.primaryFieldUnsafe());
            field16(identity.secondaryFieldUnsafe());
            end16(item, "user identity sub-item");
        }
        if (info.userIdentityAc() != null) {
            int item = beginItem(ItemType.USER_IDENTITY_AC);
            field16(info.userIdentityAc().serverResponseUnsafe());
            end16(item, "user identity server response sub-item");
        }
        for (UnknownSubItem unknown : info.unknownSubItems()) {
            int item = beginItem(unknown.type());
            bytes(unknown.contentUnsafe());
            end16(item, "sub-item " + unknown.type());
        }
        end16(length, "user information item");
    }

    private void aeTitle(String title) {
        byte[] text = text(title);
        bytes(text);
        for (int i = text.length; i < AeTitle.LENGTH; i++) {
            u8(' ');
        }
    }

    /** An item whose content is one text value (a UID or a name). */
    private void item(int type, String value) {
        int length = beginItem(type);
        bytes(text(value));
        end16(length, ItemType.describe(type));
    }

    private void field16(String value) {
        field16(text(value));
    }

    private void field16(byte[] value) {
        int length = begin16();
        bytes(value);
        end16(length, "field");
    }

    private static byte[] text(String value) {
        byte[] out = new byte[value.length()];
        for (int i = 0; i < out.length; i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException(String.format(
                        "'%s' has the character U+%04X, beyond the single-byte characters of a PDU field", value, (int) c));
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private int beginItem(int type) {
        u8(type);
        u8(0);
        return begin16();
    }

    private int begin16() {
        u16(0);
        return size;
    }

    private void end16(int start, String what) {
        int length = size - start;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(what + " of " + length + " bytes exceeds the 65535 bytes its 16-bit"
                    + " length field can say (PS3.8 9.3)");
        }
        bytes[start - 2] = (byte) (length >>> 8);
        bytes[start - 1] = (byte) length;
    }

    private int begin32() {
        u32(0);
        return size;
    }

    private void end32(int start) {
        long length = size - start;
        bytes[start - 4] = (byte) (length >>> 24);
        bytes[start - 3] = (byte) (length >>> 16);
        bytes[start - 2] = (byte) (length >>> 8);
        bytes[start - 1] = (byte) length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("PDU too large to encode in one array");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    private void u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    private void u16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void u32(long value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void zeros(int n) {
        ensure(n);
        size += n; // the array is zero where nothing was written yet
    }

    private void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }
}
