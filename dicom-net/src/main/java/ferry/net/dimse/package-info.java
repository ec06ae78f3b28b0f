/**
 * DIMSE messages (PS3.7): the command sets of C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET and C-CANCEL as immutable
 * records in a sealed hierarchy ({@link ferry.net.dimse.DimseCommand}), the sub-operation counts of C-MOVE and C-GET
 * responses ({@link ferry.net.dimse.SubOperationCounts}), the DIMSE-N requests only as far as answering them with
 * 0x0211 Unrecognized Operation takes ({@link ferry.net.dimse.UnrecognizedRq}), their statuses ({@link ferry.net.dimse.Status}, PS3.7
 * Annex C) and the codec between records and command set bytes ({@link ferry.net.dimse.DimseCodec}).
 *
 * <p>A command set is group 0000 only, always in Implicit VR Little Endian whatever transfer syntax the
 * presentation context negotiated (PS3.7 §6.3.1), with Command Group Length (0000,0000) first. The records follow
 * the message structures of PS3.7 §9.3 field by field, in the standard's order; element tags, VRs and values
 * are those of the command dictionary, PS3.7 Annex E. This package holds only the message layer: no sockets,
 * no associations, no data sets (the data set or identifier that follows a command travels separately).
 *
 * <pre>{@code
 * DimseCommand command = DimseCodec.decode(commandSetBytes);
 * if (command instanceof CStoreRq rq) {
 *     byte[] rsp = DimseCodec.encode(rq.response(Status.SUCCESS));
 * }
 * }</pre>
 */
package ferry.net.dimse;
