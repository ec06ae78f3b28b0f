package ferry.net.pdu;

/** PDU type codes (PS3.8 §9.3.1) and the names the standard gives them, for messages. */
final class PduType {
    static final int A_ASSOCIATE_RQ = 0x01;
    static final int A_ASSOCIATE_AC = 0x02;
    static final int A_ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int A_RELEASE_RQ = 0x05;
    static final int A_RELEASE_RP = 0x06;
    static final int A_ABORT = 0x07;

    private PduType() {
    }

    static String name(int type) {
        return switch (type) {
            case A_ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case A_ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case A_ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case P_DATA_TF -> "P-DATA-TF";
            case A_RELEASE_RQ -> "A-RELEASE-RQ";
            case A_RELEASE_RP -> "A-RELEASE-RP";
            case A_ABORT -> "A-ABORT";
            default -> String.format("PDU type 0x%02X", type);
        };
    }
}
