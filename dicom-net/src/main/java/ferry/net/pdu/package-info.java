/**
 * The PDU codec of the DICOM upper layer protocol (PS3.8 §9.3): the seven PDU types as immutable records in the
 * sealed {@link ferry.net.pdu.Pdu} hierarchy, {@link ferry.net.pdu.PduReader} turning a stream into them and
 * {@link ferry.net.pdu.PduWriter} turning them into bytes, one write per PDU.
 *
 * <p>The A-ASSOCIATE items follow PS3.8 §9.3.2 and §9.3.3, the user information sub-items PS3.8 Annex D and
 * PS3.7 Annex D.3.3 (maximum length, implementation identification, asynchronous operations window, SCP/SCU role
 * selection, SOP class extended and common extended negotiation, user identity), the presentation data values
 * PS3.8 §9.3.5 and Annex E. Malformed input becomes a {@link ferry.net.pdu.PduFormatException} carrying the
 * A-ABORT reason to answer with (PS3.8 §9.3.8) and a message naming the PDU, item and byte offset.
 *
 * <p>This package holds bytes only: no sockets, no association state, no negotiation. Those live in the packages
 * that use it. Choices the standard leaves open are documented where they are made: unknown user information
 * sub-items are kept ({@link ferry.net.pdu.UserInformation}), the transfer syntax written for a rejected
 * presentation context ({@link ferry.net.pdu.PresentationContextAc}), the size limits
 * ({@link ferry.net.pdu.PduReader}).
 */
package ferry.net.pdu;
