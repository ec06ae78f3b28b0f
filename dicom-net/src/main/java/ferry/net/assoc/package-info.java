/**
 * Associations (PS3.8): negotiation as pure functions ({@link ferry.net.assoc.Negotiation} under an
 * {@link ferry.net.assoc.AcceptorPolicy}), the established {@link ferry.net.assoc.Association} with streamed
 * DIMSE messages, release and abort, the {@link ferry.net.assoc.Requestor}, and the acceptor
 * {@link ferry.net.assoc.DicomServer} with its {@link ferry.net.assoc.AcceptorLimits} (time limits on whole
 * units, limits of connections awaiting their association); the state names of PS3.8 §9.2 in
 * {@link ferry.net.assoc.State}; TLS per PS3.15 Annex B.
 */
package ferry.net.assoc;
