package ferry.net.dimse;

/**
 * Values of Command Field (0000,0100), PS3.7 §E.1. All DIMSE commands are listed so that errors and logs can
 * name them; {@link DimseCodec} decodes only those with a {@link DimseCommand} record.
 */
public final class CommandField {
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_GET_RSP = 0x8010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_FIND_RSP = 0x8020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_MOVE_RSP = 0x8021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_EVENT_REPORT_RSP = 0x8100;
    public static final int N_GET_RQ = 0x0110;
    public static final int N_GET_RSP = 0x8110;
    public static final int N_SET_RQ = 0x0120;
    public static final int N_SET_RSP = 0x8120;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_ACTION_RSP = 0x8130;
    public static final int N_CREATE_RQ = 0x0140;
    public static final int N_CREATE_RSP = 0x8140;
    public static final int N_DELETE_RQ = 0x0150;
    public static final int N_DELETE_RSP = 0x8150;
    public static final int C_CANCEL_RQ = 0x0FFF;

    private static final int RESPONSE_BIT = 0x8000;

    private CommandField() {
    }

    /** True for the response command fields (bit 15 set). */
    public static boolean isResponse(int commandField) {
        return (commandField & RESPONSE_BIT) != 0;
    }

    /** The standard's name, e.g. {@code C-STORE-RQ}, or {@code unknown command 0x1234}. */
    public static String name(int commandField) {
        String base = switch (commandField & ~RESPONSE_BIT) {
            case C_STORE_RQ -> "C-STORE";
            case C_GET_RQ -> "C-GET";
            case C_FIND_RQ -> "C-FIND";
            case C_MOVE_RQ -> "C-MOVE";
            case C_ECHO_RQ -> "C-ECHO";
            case N_EVENT_REPORT_RQ -> "N-EVENT-REPORT";
            case N_GET_RQ -> "N-GET";
            case N_SET_RQ -> "N-SET";
            case N_ACTION_RQ -> "N-ACTION";
            case N_CREATE_RQ -> "N-CREATE";
            case N_DELETE_RQ -> "N-DELETE";
            case C_CANCEL_RQ -> commandField == C_CANCEL_RQ ? "C-CANCEL" : null;
            default -> null;
        };
        if (base == null) {
            return String.format("unknown command 0x%04X", commandField);
        }
        return base + (isResponse(commandField) ? "-RSP" : "-RQ");
    }
}
