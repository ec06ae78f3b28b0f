package ferry.net.assoc;

import static ferry.net.assoc.Action.AA1;
import static ferry.net.assoc.Action.AA2;
import static ferry.net.assoc.Action.AA3;
import static ferry.net.assoc.Action.AA4;
import static ferry.net.assoc.Action.AA5;
import static ferry.net.assoc.Action.AA6;
import static ferry.net.assoc.Action.AA7;
import static ferry.net.assoc.Action.AA8;
import static ferry.net.assoc.Action.AE1;
import static ferry.net.assoc.Action.AE2;
import static ferry.net.assoc.Action.AE3;
import static ferry.net.assoc.Action.AE4;
import static ferry.net.assoc.Action.AE5;
import static ferry.net.assoc.Action.AE6;
import static ferry.net.assoc.Action.AE7;
import static ferry.net.assoc.Action.AE8;
import static ferry.net.assoc.Action.AR1;
import static ferry.net.assoc.Action.AR10;
import static ferry.net.assoc.Action.AR2;
import static ferry.net.assoc.Action.AR3;
import static ferry.net.assoc.Action.AR4;
import static ferry.net.assoc.Action.AR5;
import static ferry.net.assoc.Action.AR6;
import static ferry.net.assoc.Action.AR7;
import static ferry.net.assoc.Action.AR8;
import static ferry.net.assoc.Action.AR9;
import static ferry.net.assoc.Action.DT1;
import static ferry.net.assoc.Action.DT2;

/**
 * The DICOM upper layer state machine of one connection (PS3.8 §9.2): its {@link State}, and the state transition
 * table (PS3.8 §9.2.3, Table 9-10) that gives the {@link Action} of each {@link Event} in each state. It decides and
 * does nothing else: {@link UpperLayer}, {@link DicomServer} and {@link Requestor} carry the actions out.
 *
 * <p>One thread drives a connection's machine. The state is volatile so that another thread may read it, or abort
 * the association ({@link UpperLayer#abort()}); nothing else is shared. Looking up an event costs two array reads, no
 * allocation and no lock: it is on the path of every P-DATA-TF PDU.
 */
final class StateMachine {
    /** An empty cell of Table 9-10: the event cannot happen in that state, or the local user may not ask for it. */
    private static final Action __ = null;

    /** PS3.8 Table 9-10 as the standard prints it: a row per event, a column per state. */
    private static final Action[][] TABLE = {
        // Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9 Sta10 Sta11 Sta12 Sta13
        {AE1,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __},   // Evt1  A-ASSOCIATE request
        {__,   __,   __,   AE2,  __,   __,   __,   __,   __,   __,   __,   __,   __},   // Evt2  transport connected
        {__,   AA1,  AA8,  __,   AE3,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6},  // Evt3  A-ASSOCIATE-AC PDU
        {__,   AA1,  AA8,  __,   AE4,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6},  // Evt4  A-ASSOCIATE-RJ PDU
        {AE5,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __},   // Evt5  transport connection
        {__,   AE6,  AA8,  __,   AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7},  // Evt6  A-ASSOCIATE-RQ PDU
        {__,   __,   AE7,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __},   // Evt7  A-ASSOCIATE accept
        {__,   __,   AE8,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __},   // Evt8  A-ASSOCIATE reject
        {__,   __,   __,   __,   __,   DT1,  __,   AR7,  __,   __,   __,   __,   __},   // Evt9  P-DATA request
        {__,   AA1,  AA8,  __,   AA8,  DT2,  AR6,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6},  // Evt10 P-DATA-TF PDU
        {__,   __,   __,   __,   __,   AR1,  __,   __,   __,   __,   __,   __,   __},   // Evt11 A-RELEASE request
        {__,   AA1,  AA8,  __,   AA8,  AR2,  AR8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6},  // Evt12 A-RELEASE-RQ PDU
        {__,   AA1,  AA8,  __,   AA8,  AA8,  AR3,  AA8,  AA8,  AR10, AR3,  AA8,  AA6},  // Evt13 A-RELEASE-RP PDU
        {__,   __,   __,   __,   __,   __,   __,   AR4,  AR9,  __,   __,   AR4,  __},   // Evt14 A-RELEASE response
        {__,   __,   AA1,  AA2,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  __},   // Evt15 A-ABORT request
        {__,   AA2,  AA3,  __,   AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA2},  // Evt16 A-ABORT PDU
        {__,   AA5,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AR5},  // Evt17 transport closed
        {__,   AA2,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   AA2},  // Evt18 ARTIM expired
        {__,   AA1,  AA8,  __,   AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7},  // Evt19 invalid PDU
    };

    private final boolean requestor;
    private volatile State state = State.STA1;

    /** A machine in Sta1, for the side that requests the association ({@code requestor}) or the one that accepts it. */
    StateMachine(boolean requestor) {
        this.requestor = requestor;
    }

    /** The action of {@code event} in {@code state} (PS3.8 Table 9-10), or null where the table has none. */
    static Action action(State state, Event event) {
        return TABLE[event.ordinal()][state.ordinal()];
    }

    State state() {
        return state;
    }

    /**
     * Looks {@code event} up in the current state and moves to the state its action leads to. Returns the action,
     * for the caller to carry out, or null, without moving, where Table 9-10 has no entry (an event of the local user
     * the standard does not allow in this state, or a PDU on a connection already closed by another thread).
     */
    Action fire(Event event) {
        State from = state;
        Action action = TABLE[event.ordinal()][from.ordinal()];
        if (action != null) {
            State next = action.next(requestor);
            if (next != from) {
                state = next;
            }
        }
        return action;
    }

    /**
     * The connection is closed: Sta1. In Sta13 this is AR-5 or AA-2 of the standard (Ferry closes the connection itself
     * rather than wait for the peer to, see {@link UpperLayer}); from other states the actions that close (AE-4, AR-3,
     * AA-2 to AA-5) are in Sta1 already, or the association is being abandoned.
     */
    void closed() {
        state = State.STA1;
    }
}
