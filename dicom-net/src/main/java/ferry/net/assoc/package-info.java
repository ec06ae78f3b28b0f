/**
 * Associations (PS3.8): negotiation as pure functions ({@link ferry.net.assoc.Negotiation} under an
 * {@link ferry.net.assoc.AcceptorPolicy}), the established {@link ferry.net.assoc.Association} with streamed
 * DIMSE messages, release and abort, the {@link ferry.net.assoc.Requestor}, and the acceptor
 * {@link ferry.net.assoc.DicomServer} with its {@link ferry.net.assoc.AcceptorLimits} (time limits on whole
 * units, limits of connections awaiting their association); TLS per PS3.15 Annex B.
 *
 * <h2>The state machine</h2>
 * Every connection, on either side, runs the upper layer state machine of PS3.8 §9.2: the states Sta1 to Sta13
 * ({@link ferry.net.assoc.State}), the events Evt1 to Evt19 ({@code Event}) and the actions AE-1 to AA-8
 * ({@code Action}), named as the standard names them. {@code StateMachine} holds the state transition table, PS3.8
 * Table 9-10, as a grid laid out like the standard's, and is the one place where an event is looked up against the
 * current state; {@code UpperLayer} reads the PDUs, turns each into its event, and carries out the action the table
 * gives, an event illegal in its state being answered by an A-ABORT (AA-8). {@link ferry.net.assoc.DicomServer}
 * takes a connection through Sta2 and Sta3, {@link ferry.net.assoc.Requestor} through Sta4 and Sta5, and
 * {@link ferry.net.assoc.Association} on from Sta6. Where Ferry takes a shortcut through the table (it answers
 * release indications at once, closes the connection itself in Sta13, treats its own time limits as invalid PDUs), the
 * class comment of {@code UpperLayer} says so.
 *
 * <p>The two known shapes for such a machine are pynetdicom's (one transition table from state and event to an
 * action, actions as functions) and dcm4che's (a {@code State} enum whose constants override a method per event,
 * the default aborting). Ferry takes the table, because:
 * <ul>
 * <li>it reads cell by cell against Table 9-10, and a test checks all 247 cells against a transcription of the
 * standard made row by row, with no connection needed; per-state overrides scatter a row of the table over thirteen
 * method bodies;
 * <li>the decision (which action, which next state) is pure data, while the actions need the socket and the reader and
 * writer of a blocking, one-thread-per-connection design: per-state overrides would reach from the enum into
 * {@code UpperLayer}, {@code DicomServer} and {@code Requestor} alike;
 * <li>the lookup is two array reads, with no allocation and no lock, on the path of every P-DATA-TF PDU.
 * </ul>
 */
package ferry.net.assoc;
