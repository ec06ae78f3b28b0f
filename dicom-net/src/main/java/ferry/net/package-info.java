/**
 * The DICOM network protocol, as a library that knows nothing about routing: the upper layer of
 * PS3.8 (PDUs, association negotiation, the state machine Sta1 to Sta13, timeouts, TLS) and the
 * message exchange of PS3.7 (DIMSE commands and statuses; C-ECHO, C-STORE and C-FIND as SCP and
 * SCU). {@link ferry.net.pdu} holds the PDU codec (PS3.8 9.3), {@link ferry.net.dimse} the DIMSE command sets
 * and statuses, {@link ferry.net.assoc} association negotiation, the state machine and established associations,
 * {@link ferry.net.service} the services (C-ECHO, C-STORE, C-FIND with C-CANCEL) and C-FIND matching.
 */
package ferry.net;
