package ferry.net.assoc;

import static ferry.net.assoc.State.STA1;
import static ferry.net.assoc.State.STA11;
import static ferry.net.assoc.State.STA12;
import static ferry.net.assoc.State.STA13;
import static ferry.net.assoc.State.STA2;
import static ferry.net.assoc.State.STA3;
import static ferry.net.assoc.State.STA4;
import static ferry.net.assoc.State.STA5;
import static ferry.net.assoc.State.STA6;
import static ferry.net.assoc.State.STA7;
import static ferry.net.assoc.State.STA8;

/**
 * The actions of the DICOM upper layer state machine (PS3.8 §9.2.2): association establishment AE-1 to AE-8
 * (Table 9-6), data transfer DT-1 and DT-2 (Table 9-7), release AR-1 to AR-10 (Table 9-8) and abort AA-1 to AA-8
 * (Table 9-9), each with the state it leads to. {@link StateMachine} picks them; {@link UpperLayer},
 * {@link DicomServer} and {@link Requestor} carry them out.
 */
enum Action {
    AE1(STA4, "Issue TRANSPORT CONNECT request primitive to local transport service"),
    AE2(STA5, "Send A-ASSOCIATE-RQ PDU"),
    AE3(STA6, "Issue A-ASSOCIATE confirmation (accept) primitive"),
    AE4(STA1, "Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection"),
    AE5(STA2, "Issue transport connection response primitive; start ARTIM timer"),
    /**
     * The standard's AE-6 rejects a request the service provider finds unacceptable itself (A-ASSOCIATE-RJ, Sta13).
     * Ferry's provider accepts every A-ASSOCIATE-RQ it can read (what it cannot read is Evt19); all its rejections
     * are the local user's answer, AE-8, each naming in its A-ASSOCIATE-RJ the source the standard gives it.
     */
    AE6(STA3, "Stop ARTIM timer; issue A-ASSOCIATE indication primitive"),
    AE7(STA6, "Send A-ASSOCIATE-AC PDU"),
    AE8(STA13, "Send A-ASSOCIATE-RJ PDU and start ARTIM timer"),

    DT1(STA6, "Send P-DATA-TF PDU"),
    DT2(STA6, "Send P-DATA indication primitive"),

    AR1(STA7, "Send A-RELEASE-RQ PDU"),
    AR2(STA8, "Issue A-RELEASE indication primitive"),
    AR3(STA1, "Issue A-RELEASE confirmation primitive and close transport connection"),
    AR4(STA13, "Issue A-RELEASE-RP PDU and start ARTIM timer"),
    AR5(STA1, "Stop ARTIM timer"),
    AR6(STA7, "Issue P-DATA indication"),
    AR7(STA8, "Issue P-DATA-TF PDU"),
    /** Next state Sta9 on the association-requestor's side, Sta10 on the acceptor's: see {@link #next(boolean)}. */
    AR8(null, "Issue A-RELEASE indication (release collision)"),
    AR9(STA11, "Send A-RELEASE-RP PDU"),
    AR10(STA12, "Issue A-RELEASE confirmation primitive"),

    AA1(STA13, "Send A-ABORT PDU (service-user source) and start (or restart) ARTIM timer"),
    AA2(STA1, "Stop ARTIM timer if running; close transport connection"),
    AA3(STA1, "Issue A-ABORT or A-P-ABORT indication and close transport connection"),
    AA4(STA1, "Issue A-P-ABORT indication primitive"),
    AA5(STA1, "Stop ARTIM timer"),
    AA6(STA13, "Ignore PDU"),
    AA7(STA13, "Send A-ABORT PDU"),
    AA8(STA13, "Send A-ABORT PDU (service-provider source), issue A-P-ABORT indication and start ARTIM timer");

    private final State next;
    private final String description;

    Action(State next, String description) {
        this.next = next;
        this.description = description;
    }

    /** The state this action leads to, on the requestor's side of the association or the acceptor's. */
    State next(boolean requestor) {
        if (next == null) {
            return requestor ? State.STA9 : State.STA10;
        }
        return next;
    }

    /** The standard's wording of the action, shortened. */
    String description() {
        return description;
    }

    /** The action as the standard names it, {@code AR-10}. */
    @Override
    public String toString() {
        String name = name();
        return name.substring(0, 2) + "-" + name.substring(2);
    }
}
