package ferry.net.assoc;

/**
 * The states of the DICOM upper layer state machine (PS3.8 §9.2.1, Tables 9-1 to 9-5), in the standard's words. A
 * connection's {@link StateMachine} holds one; {@link Association#state()} shows it. Every state is entered: Sta2 and
 * Sta3 by {@link DicomServer} before the association exists, Sta4 and Sta5 by {@link Requestor}, the rest by
 * {@link UpperLayer}, for as long as Ferry stays in them (see {@link UpperLayer} for the states Ferry leaves at once).
 */
public enum State {
    STA1("Idle"),
    STA2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
    STA3("Awaiting local A-ASSOCIATE response primitive"),
    STA4("Awaiting transport connection opening to complete"),
    STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    STA6("Association established and ready for data transfer"),
    STA7("Awaiting A-RELEASE-RP PDU"),
    STA8("Awaiting local A-RELEASE response primitive"),
    STA9("Release collision requestor side; awaiting A-RELEASE response primitive"),
    STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    STA12("Release collision acceptor side; awaiting A-RELEASE response primitive"),
    STA13("Awaiting transport connection close indication");

    private final String description;

    State(String description) {
        this.description = description;
    }

    /** The standard's wording of the state. */
    public String description() {
        return description;
    }

    /** The state as the standard names it and says it, {@code Sta7 (Awaiting A-RELEASE-RP PDU)}, for messages. */
    @Override
    public String toString() {
        return "Sta" + (ordinal() + 1) + " (" + description + ")";
    }
}
