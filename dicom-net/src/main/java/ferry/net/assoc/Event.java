package ferry.net.assoc;

import ferry.net.pdu.Pdu;

/**
 * The events of the DICOM upper layer state machine, Evt1 to Evt19 in order (PS3.8 §9.2.3, the rows of Table 9-10):
 * PDUs received, primitives of the local user, and what the transport service and the ARTIM timer report.
 */
enum Event {
    A_ASSOCIATE_REQUEST("A-ASSOCIATE request (local user)"),
    TRANSPORT_CONNECT_CONFIRMATION("Transport connect confirmation (local transport service)"),
    A_ASSOCIATE_AC_PDU("A-ASSOCIATE-AC PDU received"),
    A_ASSOCIATE_RJ_PDU("A-ASSOCIATE-RJ PDU received"),
    TRANSPORT_CONNECTION_INDICATION("Transport connection indication (local transport service)"),
    A_ASSOCIATE_RQ_PDU("A-ASSOCIATE-RQ PDU received"),
    A_ASSOCIATE_ACCEPT("A-ASSOCIATE response primitive (accept)"),
    A_ASSOCIATE_REJECT("A-ASSOCIATE response primitive (reject)"),
    P_DATA_REQUEST("P-DATA request primitive"),
    P_DATA_TF_PDU("P-DATA-TF PDU received"),
    A_RELEASE_REQUEST("A-RELEASE request primitive"),
    A_RELEASE_RQ_PDU("A-RELEASE-RQ PDU received"),
    A_RELEASE_RP_PDU("A-RELEASE-RP PDU received"),
    A_RELEASE_RESPONSE("A-RELEASE response primitive"),
    A_ABORT_REQUEST("A-ABORT request primitive"),
    A_ABORT_PDU("A-ABORT PDU received"),
    TRANSPORT_CLOSED("Transport connection closed indication (local transport service)"),
    ARTIM_EXPIRED("ARTIM timer expired"),
    INVALID_PDU("Unrecognized or invalid PDU received");

    private final String description;

    Event(String description) {
        this.description = description;
    }

    /** The event of receiving {@code pdu}: Evt3, 4, 6, 10, 12, 13 or 16. */
    static Event received(Pdu pdu) {
        return switch (pdu.type()) { // the PDU types of PS3.8 Table 9-1
            case 0x01 -> A_ASSOCIATE_RQ_PDU;
            case 0x02 -> A_ASSOCIATE_AC_PDU;
            case 0x03 -> A_ASSOCIATE_RJ_PDU;
            case 0x04 -> P_DATA_TF_PDU;
            case 0x05 -> A_RELEASE_RQ_PDU;
            case 0x06 -> A_RELEASE_RP_PDU;
            case 0x07 -> A_ABORT_PDU;
            default -> throw new IllegalArgumentException("no PDU type " + pdu.type());
        };
    }

    /** The event as the standard numbers and says it, {@code Evt12 (A-RELEASE-RQ PDU received)}. */
    @Override
    public String toString() {
        return "Evt" + (ordinal() + 1) + " (" + description + ")";
    }
}
