package ferry.net.pdu;

/**
 * Item and sub-item type codes of the A-ASSOCIATE PDUs (PS3.8 §9.3.2, §9.3.3 and Annex D; PS3.7 Annex D.3.3)
 * and their names, for messages.
 */
final class ItemType {
    static final int APPLICATION_CONTEXT = 0x10;
    static final int PRESENTATION_CONTEXT_RQ = 0x20;
    static final int PRESENTATION_CONTEXT_AC = 0x21;
    static final int ABSTRACT_SYNTAX = 0x30;
    static final int TRANSFER_SYNTAX = 0x40;
    static final int USER_INFORMATION = 0x50;
    static final int MAXIMUM_LENGTH = 0x51;
    static final int IMPLEMENTATION_CLASS_UID = 0x52;
    static final int ASYNC_OPERATIONS_WINDOW = 0x53;
    static final int ROLE_SELECTION = 0x54;
    static final int IMPLEMENTATION_VERSION_NAME = 0x55;
    static final int EXTENDED_NEGOTIATION = 0x56;
    static final int COMMON_EXTENDED_NEGOTIATION = 0x57;
    static final int USER_IDENTITY_RQ = 0x58;
    static final int USER_IDENTITY_AC = 0x59;

    private ItemType() {
    }

    /** The item's name followed by its type code, e.g. {@code "presentation context item (0x20)"}. */
    static String describe(int type) {
        String name = switch (type) {
            case APPLICATION_CONTEXT -> "application context item";
            case PRESENTATION_CONTEXT_RQ, PRESENTATION_CONTEXT_AC -> "presentation context item";
            case ABSTRACT_SYNTAX -> "abstract syntax sub-item";
            case TRANSFER_SYNTAX -> "transfer syntax sub-item";
            case USER_INFORMATION -> "user information item";
            case MAXIMUM_LENGTH -> "maximum length sub-item";
            case IMPLEMENTATION_CLASS_UID -> "implementation class UID sub-item";
            case ASYNC_OPERATIONS_WINDOW -> "asynchronous operations window sub-item";
            case ROLE_SELECTION -> "SCP/SCU role selection sub-item";
            case IMPLEMENTATION_VERSION_NAME -> "implementation version name sub-item";
            case EXTENDED_NEGOTIATION -> "SOP class extended negotiation sub-item";
            case COMMON_EXTENDED_NEGOTIATION -> "SOP class common extended negotiation sub-item";
            case USER_IDENTITY_RQ -> "user identity sub-item";
            case USER_IDENTITY_AC -> "user identity server response sub-item";
            default -> "unknown item";
        };
        // Not String.format: this runs for every item of every A-ASSOCIATE PDU, and a Formatter costs a short
        // command its first use (regular expressions, locale) on the way to its first association.
        return name + " (0x" + Character.toUpperCase(Character.forDigit(type >> 4 & 0xF, 16))
                + Character.toUpperCase(Character.forDigit(type & 0xF, 16)) + ")";
    }
}
