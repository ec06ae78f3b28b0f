package ferry.net.pdu;

import ferry.net.pdu.ItemCursor.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the body of an A-ASSOCIATE-RQ (PS3.8 §9.3.2) or A-ASSOCIATE-AC (§9.3.3): the fixed fields, then exactly
 * one application context item, the presentation context items and exactly one user information item, in that
 * order. A known item out of place is an unexpected-PDU parameter, an unknown item type an unrecognized-PDU
 * parameter, and a broken length or value an invalid-PDU-parameter value (PS3.8 §9.3.8).
 */
final class AssociateDecoder {
    /** Protocol version, reserved, two AE titles and 32 reserved bytes (PS3.8 Table 9-11). */
    static final int FIXED_LENGTH = 68;

    private AssociateDecoder() {
    }

    static AAssociateRq decodeRq(byte[] body, int length) throws PduFormatException {
        Parts parts = decode(PduType.A_ASSOCIATE_RQ, body, length);
        return new AAssociateRq(parts.protocolVersion, parts.calledAeTitle, parts.callingAeTitle,
                parts.applicationContext, parts.requested, parts.userInformation);
    }

    static AAssociateAc decodeAc(byte[] body, int length) throws PduFormatException {
        Parts parts = decode(PduType.A_ASSOCIATE_AC, body, length);
        return new AAssociateAc(parts.protocolVersion, parts.calledAeTitle, parts.callingAeTitle,
                parts.applicationContext, parts.accepted, parts.userInformation);
    }

    private static final class Parts {
        int protocolVersion;
        String calledAeTitle;
        String callingAeTitle;
        String applicationContext;
        final List<PresentationContextRq> requested = new ArrayList<>();
        final List<PresentationContextAc> accepted = new ArrayList<>();
        UserInformation userInformation;
    }

    private static Parts decode(int pduType, byte[] body, int length) throws PduFormatException {
        String pdu = PduType.name(pduType);
        ItemCursor cursor = ItemCursor.pduBody(pdu, body, length);
        if (length < FIXED_LENGTH) {
            throw PduReader.error(pdu, null, 2, AAbort.INVALID_PDU_PARAMETER_VALUE, "PDU length " + length
                    + " is shorter than the " + FIXED_LENGTH + " bytes of fixed fields (PS3.8 9.3.2)");
        }
        Parts parts = new Parts();
        parts.protocolVersion = cursor.u16();
        cursor.skip(2);
        parts.calledAeTitle = aeTitle(cursor, "called AE title");
        parts.callingAeTitle = aeTitle(cursor, "calling AE title");
        cursor.skip(32);

        boolean rq = pduType == PduType.A_ASSOCIATE_RQ;
        int contextType = rq ? ItemType.PRESENTATION_CONTEXT_RQ : ItemType.PRESENTATION_CONTEXT_AC;
        while (cursor.remaining() > 0) {
            Item item = cursor.nextItem();
            int type = item.type();
            if (type == ItemType.APPLICATION_CONTEXT) {
                if (parts.applicationContext != null || parts.userInformation != null) {
                    throw unexpected(pdu, item, parts);
                }
                parts.applicationContext = item.content().restAsTrimmedText();
            } else if (type == contextType) {
                if (parts.applicationContext == null || parts.userInformation != null) {
                    throw unexpected(pdu, item, parts);
                }
                if (rq) {
                    parts.requested.add(presentationContextRq(item));
                } else {
                    parts.accepted.add(presentationContextAc(item));
                }
            } else if (type == ItemType.USER_INFORMATION) {
                if (parts.applicationContext == null || parts.userInformation != null) {
                    throw unexpected(pdu, item, parts);
                }
                parts.userInformation = UserInformationDecoder.decode(item.content(), rq);
            } else if (isKnown(type)) {
                throw PduReader.error(pdu, ItemType.describe(type), item.offset(), AAbort.UNEXPECTED_PDU_PARAMETER,
                        "does not belong in the variable field of an " + pdu + " (PS3.8 9.3.2, 9.3.3)");
            } else {
                throw PduReader.error(pdu, ItemType.describe(type), item.offset(), AAbort.UNRECOGNIZED_PDU_PARAMETER,
                        "is not an item of PS3.8 9.3");
            }
        }
        if (parts.applicationContext == null) {
            throw PduReader.error(pdu, null, cursor.offset(), AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "the PDU ends without an application context item (PS3.8 9.3.2 asks for one)");
        }
        if (parts.userInformation == null) {
            throw PduReader.error(pdu, null, cursor.offset(), AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "the PDU ends without a user information item (PS3.8 9.3.2 asks for one)");
        }
        return parts;
    }

    private static boolean isKnown(int type) {
        return type == ItemType.APPLICATION_CONTEXT || type == ItemType.PRESENTATION_CONTEXT_RQ
                || type == ItemType.PRESENTATION_CONTEXT_AC || type == ItemType.ABSTRACT_SYNTAX
                || type == ItemType.TRANSFER_SYNTAX || (type >= ItemType.USER_INFORMATION
                        && type <= ItemType.USER_IDENTITY_AC);
    }

    private static PduFormatException unexpected(String pdu, Item item, Parts parts) {
        String where;
        if (parts.userInformation != null) {
            where = "unexpected after the user information item";
        } else if (parts.applicationContext == null) {
            where = "unexpected before the application context item";
        } else {
            where = "unexpected second application context item";
        }
        return PduReader.error(pdu, ItemType.describe(item.type()), item.offset(), AAbort.UNEXPECTED_PDU_PARAMETER,
                where + " (PS3.8 9.3.2: one application context item, then presentation context"
                        + " items, then one user information item)");
    }

    private static String aeTitle(ItemCursor cursor, String field) throws PduFormatException {
        int offset = cursor.offset();
        String raw = cursor.text(AeTitle.LENGTH);
        int start = 0;
        int stop = raw.length();
        while (stop > 0 && (raw.charAt(stop - 1) == ' ' || raw.charAt(stop - 1) == 0)) {
            stop--; // trailing space padding (and NUL padding, which some peers send)
        }
        while (start < stop && raw.charAt(start) == ' ') {
            start++; // leading spaces are not significant either (PS3.5 6.2, AE)
        }
        try {
            return AeTitle.check(raw.substring(start, stop), field);
        } catch (IllegalArgumentException e) {
            throw PduReader.error(cursor.pdu(), field, offset, AAbort.INVALID_PDU_PARAMETER_VALUE, e.getMessage());
        }
    }

    private static int contextId(ItemCursor content) throws PduFormatException {
        content.require(4, "the context ID and reserved fields");
        int id = content.u8();
        if (id % 2 == 0) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "presentation context ID " + id + " is not an odd number from 1 to 255 (PS3.8 9.3.2.2)");
        }
        return id;
    }

    private static PresentationContextRq presentationContextRq(Item item) throws PduFormatException {
        ItemCursor content = item.content();
        int id = contextId(content);
        content.skip(3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (content.remaining() > 0) {
            Item sub = content.nextItem();
            if (sub.type() == ItemType.ABSTRACT_SYNTAX && abstractSyntax == null) {
                abstractSyntax = sub.content().restAsTrimmedText();
            } else if (sub.type() == ItemType.TRANSFER_SYNTAX && abstractSyntax != null) {
                transferSyntaxes.add(sub.content().restAsTrimmedText());
            } else if (sub.type() == ItemType.ABSTRACT_SYNTAX || sub.type() == ItemType.TRANSFER_SYNTAX) {
                throw PduReader.error(content.pdu(), ItemType.describe(sub.type()), sub.offset(),
                        AAbort.UNEXPECTED_PDU_PARAMETER, "unexpected in presentation context " + id
                                + " (PS3.8 9.3.2.2: one abstract syntax sub-item, then transfer syntax sub-items)");
            } else {
                throw unknownSubItem(content, sub, id);
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context " + id + " has no "
                    + (abstractSyntax == null ? "abstract syntax" : "transfer syntax")
                    + " sub-item (PS3.8 9.3.2.2)");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAc presentationContextAc(Item item) throws PduFormatException {
        ItemCursor content = item.content();
        int id = contextId(content);
        content.skip(1);
        int code = content.u8();
        content.skip(1);
        PresentationContextAc.Result result = PresentationContextAc.Result.of(code);
        if (result == null) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE, "presentation context " + id + ": result/reason "
                    + code + " is not defined (PS3.8 Table 9-18)");
        }
        if (result != PresentationContextAc.Result.ACCEPTANCE) {
            // The transfer syntax sub-item is not significant and shall not be tested (PS3.8 9.3.3.2): keep a
            // well-formed one for display and re-encoding, ignore anything else.
            String transferSyntax = null;
            if (content.remaining() >= 4) {
                Item sub = content.nextItemOrNull();
                if (sub != null && sub.type() == ItemType.TRANSFER_SYNTAX) {
                    transferSyntax = sub.content().restAsTrimmedText();
                }
            }
            return new PresentationContextAc(id, result, transferSyntax);
        }
        String transferSyntax = null;
        while (content.remaining() > 0) {
            Item sub = content.nextItem();
            if (sub.type() == ItemType.TRANSFER_SYNTAX && transferSyntax == null) {
                transferSyntax = sub.content().restAsTrimmedText();
            } else if (sub.type() == ItemType.TRANSFER_SYNTAX || sub.type() == ItemType.ABSTRACT_SYNTAX) {
                throw PduReader.error(content.pdu(), ItemType.describe(sub.type()), sub.offset(),
                        AAbort.UNEXPECTED_PDU_PARAMETER, "unexpected in accepted presentation context " + id
                                + " (PS3.8 9.3.3.2: exactly one transfer syntax sub-item)");
            } else {
                throw unknownSubItem(content, sub, id);
            }
        }
        if (transferSyntax == null || transferSyntax.isEmpty()) {
            throw content.fail(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "presentation context " + id + " is accepted without a transfer syntax (PS3.8 9.3.3.2)");
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    private static PduFormatException unknownSubItem(ItemCursor content, Item sub, int id) {
        boolean known = isKnown(sub.type());
        return PduReader.error(content.pdu(), ItemType.describe(sub.type()), sub.offset(),
                known ? AAbort.UNEXPECTED_PDU_PARAMETER : AAbort.UNRECOGNIZED_PDU_PARAMETER,
                (known ? "does not belong in" : "is not a sub-item of") + " presentation context " + id
                        + " (PS3.8 9.3.2.2, 9.3.3.2)");
    }
}
