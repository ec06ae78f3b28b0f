package ferry.net.assoc;

import ferry.net.pdu.AAbort;
import ferry.net.pdu.AAssociateAc;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.AAssociateRq;
import ferry.net.pdu.AReleaseRp;
import ferry.net.pdu.AReleaseRq;
import ferry.net.pdu.PDataTf;
import ferry.net.pdu.Pdu;
import ferry.net.pdu.PduFormatException;
import ferry.net.pdu.PduReader;
import ferry.net.pdu.PduWriter;
import ferry.net.pdu.PresentationDataValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connection's DICOM upper layer (PS3.8 §9): reads PDUs, looks up each one's event in the connection's
 * {@link StateMachine} and carries out the action, sends the PDUs of the local user's primitives, and closes the
 * connection. Both roles use it: {@link DicomServer} from Sta2 (awaiting the A-ASSOCIATE-RQ) through Sta3,
 * {@link Requestor} from Sta5, and {@link Association} from Sta6 on.
 *
 * <p>Where Ferry departs from the letter of PS3.8 Table 9-10, and why:
 * <ul>
 * <li>Ferry's local user answers at once: {@link Negotiation} gives the A-ASSOCIATE response (Evt7 or Evt8) as soon
 * as the request is read, and an A-RELEASE indication is answered (Evt14) as soon as it is issued, so Sta3, Sta8,
 * Sta9 and Sta12 last as long as writing a PDU. Ferry requests a release (Evt11) only between DIMSE messages and sends
 * nothing more after it, so P-DATA requests (Evt9: DT-1, AR-7) happen in Sta6 only and are not looked up: they are
 * the path of every data set sent, and one on a closed association fails on its closed connection.
 * <li>Sta13: Ferry does not wait under the ARTIM timer for the peer to close the connection; it closes it itself once
 * its last PDU (A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT) is written, which is the close the peer awaits.
 * <li>AA-1 in Sta2 (a PDU other than an A-ASSOCIATE-RQ, or one Ferry cannot read) sends the A-ABORT of AA-8: the
 * service provider as its source, with the reason (PS3.8 §9.3.8), as no service user exists yet to be the source.
 * <li>Ferry's time limits on an association (the PDU and idle limits of {@link AcceptorLimits}, a requestor's DIMSE
 * timeout) are not events of the table: a PDU that misses one is handled as an invalid PDU (Evt19), AA-8 with
 * reason-not-specified. Before it, the acceptor's association request limit is the ARTIM timer (Evt18, AA-2), and a
 * requestor that waits longer than its ARTIM time for the answer closes the connection.
 * <li>P-DATA-TF received while Ferry awaits the A-RELEASE-RP (AR-6) is dropped: nothing reads after a release.
 * <li>An A-RELEASE-RQ between the fragments of a DIMSE message is AR-2 in the table, but leaves the message
 * incomplete: Ferry aborts the association (AA-8, unexpected-PDU).
 * </ul>
 *
 * <p>One thread uses a connection's upper layer at a time; {@link #abort()} may come from another.
 */
final class UpperLayer {
    /** How long a broken connection is read for the peer's last PDU (its A-ABORT), when a write failed. */
    private static final int LAST_WORD_MILLIS = 500;

    private final Socket socket;
    private final PduReader reader;
    private final PduWriter writer;
    private final StateMachine machine;
    private final UnitDeadline deadline;
    private String peer;

    /**
     * @param machine  the connection's state machine, in Sta2 (acceptor) or Sta4 (requestor)
     * @param deadline the time limits of an accepted connection's PDUs, or null (a requestor's)
     * @param peer     the peer as messages name it
     */
    UpperLayer(Socket socket, PduReader reader, PduWriter writer, StateMachine machine, UnitDeadline deadline,
               String peer) {
        this.socket = socket;
        this.reader = reader;
        this.writer = writer;
        this.machine = machine;
        this.deadline = deadline;
        this.peer = peer;
    }

    /**
     * An accepted connection, its TLS handshake done: the transport connection indication (Evt5, AE-5 → Sta2). The
     * ARTIM timer is {@code deadline}'s association request limit, running since the connection was accepted.
     */
    static UpperLayer accepted(Socket socket, PduReader reader, PduWriter writer, UnitDeadline deadline) {
        StateMachine machine = new StateMachine(false);
        machine.fire(Event.TRANSPORT_CONNECTION_INDICATION);
        return new UpperLayer(socket, reader, writer, machine, deadline,
                AssociationInfo.hostAndPort((InetSocketAddress) socket.getRemoteSocketAddress()));
    }

    State state() {
        return machine.state();
    }

    /** From now on messages name the peer {@code peer} ({@code AET@host:port}, once the association exists). */
    void named(String peer) {
        this.peer = peer;
    }

    /** The local port of the connection: on an accepted one, the port the server listens on. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** The writer, for the P-DATA-TF PDUs of DIMSE messages (Evt9, DT-1: not looked up, see the class comment). */
    PduWriter writer() {
        return writer;
    }

    /** Bytes received and not yet read. */
    int available() throws IOException {
        return reader.available();
    }

    // ---- establishment, acceptor side (Sta2, Sta3)

    /**
     * Sta2: the peer's A-ASSOCIATE-RQ (Evt6, AE-6 → Sta3), or null when there is none to answer: the peer closed the
     * connection (Evt17, AA-5) or aborted (Evt16, AA-2) first, or sent another PDU or one Ferry cannot read (Evt19),
     * which is answered with an A-ABORT (AA-1) once {@code why} has been told the reason. A failed read, such as the
     * ARTIM timer closing the connection (Evt18, AA-2), is thrown.
     */
    AAssociateRq awaitRequest(Consumer<String> why) throws IOException {
        Pdu first;
        try {
            first = reader.read();
        } catch (PduFormatException e) {
            machine.fire(Event.INVALID_PDU);
            why.accept(e.getMessage());
            sendAbortAndClose(e.abortReason());
            return null;
        } catch (IOException e) {
            machine.fire(deadline.expired() != null || e instanceof SocketTimeoutException ? Event.ARTIM_EXPIRED
                    : Event.TRANSPORT_CLOSED);
            throw e;
        }
        if (first == null) {
            machine.fire(Event.TRANSPORT_CLOSED);
            return null;
        }
        Action action = machine.fire(Event.received(first));
        if (action == Action.AE6) {
            return (AAssociateRq) first;
        }
        if (action == Action.AA1) {
            why.accept(first.name() + " before A-ASSOCIATE-RQ");
            sendAbortAndClose(AAbort.UNEXPECTED_PDU);
        } else {
            closeConnection(); // AA-2
        }
        return null;
    }

    /** Sta3: the local user accepts (Evt7, AE-7 → Sta6): the A-ASSOCIATE-AC is sent. */
    void accept(AAssociateAc ac) throws IOException {
        machine.fire(Event.A_ASSOCIATE_ACCEPT);
        writer.write(ac);
    }

    /** Sta3: the local user rejects (Evt8, AE-8 → Sta13): the A-ASSOCIATE-RJ is sent and the connection closed. */
    void reject(AAssociateRj rj) throws IOException {
        machine.fire(Event.A_ASSOCIATE_REJECT);
        writer.write(rj);
        closeConnection();
    }

    // ---- establishment, requestor side (Sta4, Sta5)

    /**
     * Sta4, the connection open (Evt2, AE-2 → Sta5): sends {@code rq} and reads the answer. An A-ASSOCIATE-AC is
     * returned (AE-3 → Sta6). An A-ASSOCIATE-RJ (AE-4) throws {@link AssociationRejectedException}; an A-ABORT (AA-3)
     * or the connection closing (AA-4) {@link AssociationAbortedException}; another PDU is answered with an A-ABORT
     * (AA-8) and thrown likewise, and so is one Ferry cannot read (its {@link PduFormatException}) or an
     * A-ASSOCIATE-AC whose maximum PDU length leaves no room for data (both Evt19). A read that fails, or waits longer
     * than the requestor's ARTIM time, is thrown. The connection is then closed.
     */
    AAssociateAc request(AAssociateRq rq) throws IOException {
        machine.fire(Event.TRANSPORT_CONNECT_CONFIRMATION);
        writer.write(rq);
        Pdu answer;
        try {
            answer = reader.read();
        } catch (PduFormatException e) {
            machine.fire(Event.INVALID_PDU);
            sendAbort(e.abortReason(), e.getMessage());
            throw e;
        } catch (IOException e) {
            closeConnection(); // no answer within the requestor's ARTIM time (PS3.8 §9.1.5), or the connection broke
            throw e;
        }
        if (answer == null) {
            machine.fire(Event.TRANSPORT_CLOSED);
            closeConnection();
            throw new AssociationAbortedException(peer + " closed the connection instead of answering the association"
                    + " request");
        }
        switch (machine.fire(Event.received(answer))) {
            case AE3 -> {
                AAssociateAc ac = (AAssociateAc) answer;
                long theirMax = ac.userInformation().maxPduLength();
                if (theirMax != 0 && theirMax < Association.MIN_PEER_MAX_PDU_LENGTH) {
                    machine.fire(Event.INVALID_PDU);
                    sendAbortAndClose(AAbort.INVALID_PDU_PARAMETER_VALUE);
                    throw new AssociationAbortedException(peer + " announced a maximum PDU length of " + theirMax
                            + ", which leaves no room for data (PS3.8 §D.1); aborted");
                }
                return ac;
            }
            case AE4 -> {
                closeConnection();
                throw new AssociationRejectedException((AAssociateRj) answer);
            }
            case AA3 -> {
                closeConnection();
                throw new AssociationAbortedException(peer + " answered the association request with an "
                        + ((AAbort) answer).describe());
            }
            default -> { // AA-8
                sendAbortAndClose(AAbort.UNEXPECTED_PDU);
                throw new AssociationAbortedException(peer + " answered the association request with an unexpected "
                        + answer.name() + " PDU");
            }
        }
    }

    // ---- data transfer and release (Sta6 to Sta13)

    /**
     * Sta6: reads a PDU. A P-DATA-TF gives its values (DT-2). A peer's A-RELEASE-RQ (AR-2) gives null: it is answered
     * at once (AR-4) and the connection closed, unless it came inside a DIMSE message ({@code atMessageBoundary}
     * false), which aborts. Any other event ends the association with {@link AssociationAbortedException}.
     */
    List<PresentationDataValue> receivePData(boolean atMessageBoundary) throws IOException {
        Pdu pdu = read();
        Action action = received(pdu);
        if (action == Action.DT2) {
            return ((PDataTf) pdu).values();
        }
        if (action == Action.AR2) {
            if (!atMessageBoundary) {
                throw abort(AAbort.UNEXPECTED_PDU, "unexpected A-RELEASE-RQ PDU inside a DIMSE message");
            }
            respondToRelease();
            return null;
        }
        throw unhandled(action, pdu);
    }

    /**
     * The local user's A-RELEASE request (Evt11, AR-1 → Sta7), waiting for the peer's A-RELEASE-RP (AR-3). A release
     * collision (AR-8: the peer's A-RELEASE-RQ in Sta7) is resolved as PS3.8 §9.2.3 orders it: the requestor answers
     * first (Sta9, AR-9 → Sta11) and then awaits the peer's answer (AR-3); the acceptor awaits the requestor's answer
     * (Sta10, AR-10 → Sta12) and then answers (AR-4). The connection is then closed.
     */
    void release() throws IOException {
        machine.fire(Event.A_RELEASE_REQUEST);
        writer.write(new AReleaseRq());
        while (true) {
            Pdu pdu = read();
            Action action = received(pdu);
            switch (action) {
                case AR6 -> {
                    // dropped: see the class comment
                }
                case AR8 -> {
                    if (machine.state() == State.STA9) {
                        respondToRelease();
                    }
                }
                case AR10 -> {
                    respondToRelease();
                    return;
                }
                case AR3 -> {
                    closeConnection();
                    return;
                }
                default -> throw unhandled(action, pdu);
            }
        }
    }

    /**
     * The local user's A-RELEASE response (Evt14): the A-RELEASE-RP is sent, and after AR-4 (from Sta8 or Sta12) the
     * connection closed; after AR-9 (from Sta9) the peer's A-RELEASE-RP is awaited in Sta11.
     */
    private void respondToRelease() throws AssociationAbortedException {
        Action action = machine.fire(Event.A_RELEASE_RESPONSE);
        writeOrLose(new AReleaseRp());
        if (action == Action.AR4) {
            closeConnection();
        }
    }

    /**
     * The next PDU. The connection closing or breaking (Evt17, AA-4), a PDU Ferry cannot read (Evt19, AA-8) and a time
     * limit missed (handled as Evt19, see the class comment) end the association with
     * {@link AssociationAbortedException}.
     */
    private Pdu read() throws IOException {
        Pdu pdu;
        try {
            pdu = reader.read();
        } catch (PduFormatException e) {
            throw abort(e.abortReason(), e.getMessage());
        } catch (IOException e) {
            String late = deadline == null ? null : deadline.expired();
            if (late != null) {
                throw abort(AAbort.REASON_NOT_SPECIFIED, late);
            }
            if (e instanceof SocketTimeoutException) {
                throw abort(AAbort.REASON_NOT_SPECIFIED, "no PDU from " + peer + " within the timeout");
            }
            machine.fire(Event.TRANSPORT_CLOSED);
            closeConnection();
            throw new AssociationAbortedException("connection to " + peer + " lost: " + e.getMessage(), e);
        }
        if (pdu == null) {
            machine.fire(Event.TRANSPORT_CLOSED);
            closeConnection();
            throw new AssociationAbortedException(peer + " closed the connection without releasing the association");
        }
        return pdu;
    }

    /**
     * Looks up the event of receiving {@code pdu} and moves on (PS3.8 Table 9-10). The actions that end the association
     * are carried out here and thrown: AA-3 (the peer aborted), AA-8 (a PDU illegal in this state: an A-ABORT with
     * reason unexpected-PDU). The others are returned for the caller to carry out.
     */
    private Action received(Pdu pdu) throws AssociationAbortedException {
        State in = machine.state();
        Action action = machine.fire(Event.received(pdu));
        if (action == Action.AA3) {
            closeConnection();
            throw new AssociationAbortedException(peer + " aborted the association (" + ((AAbort) pdu).describe()
                    + ")");
        }
        if (action == Action.AA8) {
            throw sendAbort(AAbort.UNEXPECTED_PDU, "unexpected " + pdu.name() + " PDU in " + in);
        }
        if (action == null || action == Action.AA6 || action == Action.AA7) {
            // Sta1 or Sta13 while reading: another thread has aborted the association (this one closes on leaving Sta13)
            closeConnection();
            throw new AssociationAbortedException("the association with " + peer + " was aborted meanwhile");
        }
        return action;
    }

    /** An action the table cannot give where it was looked up: a fault of this class, not of the peer. */
    private IllegalStateException unhandled(Action action, Pdu pdu) {
        abort();
        return new IllegalStateException(action + " for a " + pdu.name() + " PDU in " + machine.state());
    }

    // ---- abort

    /**
     * The local user's A-ABORT request (Evt15, AA-1): an A-ABORT from the service user (reason 0) is sent and the
     * connection closed. Nothing is sent where the table has no abort to send (the connection is closed already).
     * Any thread may call it.
     */
    void abort() {
        if (machine.fire(Event.A_ABORT_REQUEST) == Action.AA1) {
            try {
                writer.write(new AAbort(AAbort.Source.SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));
            } catch (IOException ignored) {
                // the connection is going away anyway
            }
        }
        closeConnection();
    }

    /**
     * Aborts for a fault Ferry's service provider found in what the peer sent (a malformed PDU or DIMSE command, a
     * fragment for a context not accepted, a time limit missed): the invalid PDU event (Evt19, AA-8), an A-ABORT from
     * the service provider with {@code reason} (PS3.8 §9.3.8). Returns the exception to throw, which says {@code why}.
     */
    AssociationAbortedException abort(int reason, String why) {
        machine.fire(Event.INVALID_PDU);
        return sendAbort(reason, why);
    }

    /**
     * Carries out AA-8 (or AA-1 in Sta2, AA-7 in Sta13), which the table has chosen: an A-ABORT from the service
     * provider with {@code reason}, sent if the connection takes it, and the connection closed.
     */
    private AssociationAbortedException sendAbort(int reason, String why) {
        try {
            writer.write(new AAbort(AAbort.Source.SERVICE_PROVIDER, reason));
        } catch (IOException ignored) {
            // the peer may be gone; the abort is best effort
        }
        closeConnection();
        return new AssociationAbortedException("aborted the association with " + peer + ": " + why);
    }

    /** As {@link #sendAbort}, before the association: a failure to send is thrown. */
    private void sendAbortAndClose(int reason) throws IOException {
        writer.write(new AAbort(AAbort.Source.SERVICE_PROVIDER, reason));
        closeConnection();
    }

    // ---- sending and closing

    /** Writes {@code pdu}; a failure ends the association as {@link #lostWhileSending} says. */
    private void writeOrLose(Pdu pdu) throws AssociationAbortedException {
        try {
            writer.write(pdu);
        } catch (IOException e) {
            throw lostWhileSending(e);
        }
    }

    /**
     * The end of an association whose connection broke while Ferry was sending: what the peer sent before it went
     * (usually an A-ABORT saying why: Evt16, AA-3) is read if it is there, else the connection is lost (Evt17, AA-4).
     */
    AssociationAbortedException lostWhileSending(IOException e) {
        if (e instanceof AssociationAbortedException aborted) {
            return aborted;
        }
        try {
            socket.setSoTimeout(LAST_WORD_MILLIS);
            if (reader.read() instanceof AAbort abort) {
                machine.fire(Event.A_ABORT_PDU);
                closeConnection();
                return new AssociationAbortedException(peer + " aborted the association (" + abort.describe() + ")",
                        e);
            }
        } catch (IOException | RuntimeException unreadable) {
            // nothing readable was left: the break itself is the reason
        }
        machine.fire(Event.TRANSPORT_CLOSED);
        closeConnection();
        return new AssociationAbortedException("connection to " + peer + " lost while sending: " + e.getMessage(), e);
    }

    /** Closes the connection: Sta1 (see {@link StateMachine#closed()}). */
    void closeConnection() {
        machine.closed();
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
