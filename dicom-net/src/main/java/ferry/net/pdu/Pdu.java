package ferry.net.pdu;

/**
 * A protocol data unit of the DICOM upper layer (PS3.8 §9.3): one of the seven PDU types exchanged over TCP.
 * Values are immutable records whose fields follow the standard's order; bytes appear only in {@link PduReader}
 * and {@link PduWriter}.
 *
 * <table>
 * <caption>PDU types (PS3.8 Table 9-1 and §9.3.2 to §9.3.8)</caption>
 * <tr><th>type</th><th>PDU</th><th>record</th></tr>
 * <tr><td>0x01</td><td>A-ASSOCIATE-RQ (§9.3.2)</td><td>{@link AAssociateRq}</td></tr>
 * <tr><td>0x02</td><td>A-ASSOCIATE-AC (§9.3.3)</td><td>{@link AAssociateAc}</td></tr>
 * <tr><td>0x03</td><td>A-ASSOCIATE-RJ (§9.3.4)</td><td>{@link AAssociateRj}</td></tr>
 * <tr><td>0x04</td><td>P-DATA-TF (§9.3.5)</td><td>{@link PDataTf}</td></tr>
 * <tr><td>0x05</td><td>A-RELEASE-RQ (§9.3.6)</td><td>{@link AReleaseRq}</td></tr>
 * <tr><td>0x06</td><td>A-RELEASE-RP (§9.3.7)</td><td>{@link AReleaseRp}</td></tr>
 * <tr><td>0x07</td><td>A-ABORT (§9.3.8)</td><td>{@link AAbort}</td></tr>
 * </table>
 */
public sealed interface Pdu permits AAssociateRq, AAssociateAc, AAssociateRj, PDataTf, AReleaseRq, AReleaseRp, AAbort {

    /** The PDU-type field, 0x01 to 0x07 (PS3.8 Table 9-1). */
    int type();

    /** The PDU's name in the standard, such as {@code A-ASSOCIATE-AC} (PS3.8 Table 9-1), for messages. */
    default String name() {
        return PduType.name(type());
    }
}
