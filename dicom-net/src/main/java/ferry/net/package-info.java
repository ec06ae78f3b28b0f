/**
 * The DICOM network protocol, as a library that knows nothing about routing: the upper layer of
 * PS3.8 (PDUs, association negotiation, the state machine Sta1 to Sta13, timeouts, TLS) and the
 * message exchange of PS3.7 (DIMSE commands and statuses; C-ECHO, C-STORE and C-FIND as SCP and
 * SCU). The code arrives with a later issue; this package holds its place in the module.
 */
package ferry.net;
