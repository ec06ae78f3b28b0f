package ferry.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DICOM upper layer state machine against PS3.8 §9.2.3, Table 9-10: every cell of the table, and the walks through
 * it that Ferry's acceptor and requestor take, in the standard's names (EvtN, StaN, AE-n, DT-n, AR-n, AA-n).
 */
class StateMachineTest {

    /**
     * PS3.8 Table 9-10, transcribed a row (an event) at a time, independently of the grid in {@link StateMachine}: its
     * cells that are not empty, {@code Sta6-Sta12} standing for the states 6 to 12. Every cell not named is empty.
     */
    static final List<String> TABLE_9_10 = List.of(
            "Evt1: Sta1 AE-1",
            "Evt2: Sta4 AE-2",
            "Evt3: Sta2 AA-1, Sta3 AA-8, Sta5 AE-3, Sta6-Sta12 AA-8, Sta13 AA-6",
            "Evt4: Sta2 AA-1, Sta3 AA-8, Sta5 AE-4, Sta6-Sta12 AA-8, Sta13 AA-6",
            "Evt5: Sta1 AE-5",
            "Evt6: Sta2 AE-6, Sta3 AA-8, Sta5-Sta12 AA-8, Sta13 AA-7",
            "Evt7: Sta3 AE-7",
            "Evt8: Sta3 AE-8",
            "Evt9: Sta6 DT-1, Sta8 AR-7",
            "Evt10: Sta2 AA-1, Sta3 AA-8, Sta5 AA-8, Sta6 DT-2, Sta7 AR-6, Sta8-Sta12 AA-8, Sta13 AA-6",
            "Evt11: Sta6 AR-1",
            "Evt12: Sta2 AA-1, Sta3 AA-8, Sta5 AA-8, Sta6 AR-2, Sta7 AR-8, Sta8-Sta12 AA-8, Sta13 AA-6",
            "Evt13: Sta2 AA-1, Sta3 AA-8, Sta5 AA-8, Sta6 AA-8, Sta7 AR-3, Sta8 AA-8, Sta9 AA-8, Sta10 AR-10, "
                    + "Sta11 AR-3, Sta12 AA-8, Sta13 AA-6",
            "Evt14: Sta8 AR-4, Sta9 AR-9, Sta12 AR-4",
            "Evt15: Sta3 AA-1, Sta4 AA-2, Sta5-Sta12 AA-1",
            "Evt16: Sta2 AA-2, Sta3 AA-3, Sta5-Sta12 AA-3, Sta13 AA-2",
            "Evt17: Sta2 AA-5, Sta3-Sta12 AA-4, Sta13 AR-5",
            "Evt18: Sta2 AA-2, Sta13 AA-2",
            "Evt19: Sta2 AA-1, Sta3 AA-8, Sta5-Sta12 AA-8, Sta13 AA-7");

    @Test
    void everyCellOfTable910GivesTheStandardsAction() {
        Map<Event, Map<State, String>> expected = new EnumMap<>(Event.class);
        for (String row : TABLE_9_10) {
            String[] parts = row.split(": ");
            Map<State, String> cells = new EnumMap<>(State.class);
            for (String cell : parts[1].split(", ")) {
                String[] stateAndAction = cell.split(" ");
                String[] range = stateAndAction[0].split("-");
                for (int n = number(range[0]); n <= number(range[range.length - 1]); n++) {
                    cells.put(State.values()[n - 1], stateAndAction[1]);
                }
            }
            expected.put(Event.values()[number(parts[0]) - 1], cells);
        }

        List<String> wrong = new ArrayList<>();
        int entries = 0;
        for (Event event : Event.values()) {
            for (State state : State.values()) {
                Action action = StateMachine.action(state, event);
                String want = expected.get(event).get(state);
                if (!String.valueOf(want).equals(String.valueOf(action))) {
                    wrong.add(event + " in " + state + ": " + action + ", the standard says " + want);
                }
                entries += action == null ? 0 : 1;
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(entries).as("the cells of Table 9-10 that are not empty").isEqualTo(123);
    }

    /** The number in {@code Sta12} or {@code Evt3}. */
    private static int number(String name) {
        return Integer.parseInt(name.substring(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // what happens               | side      | each event, the action it gives and the state after it
        "an acceptor's association the peer releases | acceptor | "
                + "Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt7 AE-7 Sta6, Evt10 DT-2 Sta6, Evt12 AR-2 Sta8, Evt14 AR-4 Sta13",
        "an acceptor rejects the request | acceptor | Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt8 AE-8 Sta13",
        "a peer that closes before its request | acceptor | Evt5 AE-5 Sta2, Evt17 AA-5 Sta1",
        "a peer that aborts before its request | acceptor | Evt5 AE-5 Sta2, Evt16 AA-2 Sta1",
        "a peer whose request is not whole within ARTIM | acceptor | Evt5 AE-5 Sta2, Evt18 AA-2 Sta1",
        "a PDU Ferry cannot read instead of the request | acceptor | Evt5 AE-5 Sta2, Evt19 AA-1 Sta13",
        "a P-DATA-TF instead of the request | acceptor | Evt5 AE-5 Sta2, Evt10 AA-1 Sta13",
        "a requestor's association it releases | requestor | "
                + "Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt3 AE-3 Sta6, Evt11 AR-1 Sta7, Evt10 AR-6 Sta7, Evt13 AR-3 Sta1",
        "a requestor rejected | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt4 AE-4 Sta1",
        "a requestor aborted instead of answered | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt16 AA-3 Sta1",
        "a requestor whose peer closes instead of answering | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, "
                + "Evt17 AA-4 Sta1",
        "a requestor answered with a P-DATA-TF | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt10 AA-8 Sta13",
        "a release collision on the requestor's side | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt3 AE-3 Sta6, "
                + "Evt11 AR-1 Sta7, Evt12 AR-8 Sta9, Evt14 AR-9 Sta11, Evt13 AR-3 Sta1",
        "a release collision on the acceptor's side | acceptor | Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt7 AE-7 Sta6, "
                + "Evt11 AR-1 Sta7, Evt12 AR-8 Sta10, Evt13 AR-10 Sta12, Evt14 AR-4 Sta13, Evt17 AR-5 Sta1",
        "the local user aborts | requestor | Evt1 AE-1 Sta4, Evt2 AE-2 Sta5, Evt3 AE-3 Sta6, Evt15 AA-1 Sta13",
        "the peer aborts | acceptor | Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt7 AE-7 Sta6, Evt16 AA-3 Sta1",
        "the connection breaks | acceptor | Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt7 AE-7 Sta6, Evt17 AA-4 Sta1",
        "a malformed PDU or DIMSE message | acceptor | Evt5 AE-5 Sta2, Evt6 AE-6 Sta3, Evt7 AE-7 Sta6, Evt10 DT-2 Sta6, "
                + "Evt19 AA-8 Sta13",
    })
    void walksThroughTheTableAsFerryDoes(String what, String side, String steps) {
        StateMachine machine = new StateMachine(side.equals("requestor"));
        List<String> walked = new ArrayList<>();

        for (String step : steps.split(", ")) {
            Event event = Event.values()[number(step.split(" ")[0]) - 1];
            Action action = machine.fire(event);
            walked.add("Evt" + (event.ordinal() + 1) + " " + action + " Sta" + (machine.state().ordinal() + 1));
        }

        assertThat(String.join(", ", walked)).isEqualTo(steps);
    }

    @ParameterizedTest(name = "{0} in Sta6")
    @CsvSource({"3", "4", "6", "13", "19"})
    void aPduIllegalOnAnEstablishedAssociationAbortsIt(int event) {
        StateMachine machine = established();

        Action action = machine.fire(Event.values()[event - 1]);

        assertThat(action).isEqualTo(Action.AA8);
        assertThat(machine.state()).isEqualTo(State.STA13);
    }

    @ParameterizedTest(name = "Evt{0} while releasing, in a collision")
    @CsvSource({"10", "12"})
    void aPDataTfOrASecondReleaseRequestDuringACollisionAbortsIt(int event) {
        StateMachine machine = established();
        machine.fire(Event.A_RELEASE_REQUEST);
        machine.fire(Event.A_RELEASE_RQ_PDU);
        assertThat(machine.state()).isEqualTo(State.STA10);

        assertThat(machine.fire(Event.values()[event - 1])).isEqualTo(Action.AA8);
        assertThat(machine.state()).isEqualTo(State.STA13);
    }

    @Test
    void anEventWithoutAnEntryLeavesTheStateAsItIs() {
        StateMachine machine = established();
        machine.closed();

        assertThat(machine.fire(Event.A_ABORT_REQUEST)).as("an abort of a closed connection").isNull();
        assertThat(machine.fire(Event.P_DATA_TF_PDU)).as("a PDU read before another thread closed").isNull();
        assertThat(machine.state()).isEqualTo(State.STA1);
    }

    @Test
    void namesStatesEventsAndActionsAsTheStandardDoes() {
        assertThat(State.STA10).hasToString("Sta10 (Release collision acceptor side; awaiting A-RELEASE-RP PDU)");
        assertThat(Event.A_RELEASE_RQ_PDU).hasToString("Evt12 (A-RELEASE-RQ PDU received)");
        assertThat(Action.AR10).hasToString("AR-10");
        assertThat(Action.AA8).hasToString("AA-8");
    }

    private static StateMachine established() {
        StateMachine machine = new StateMachine(false);
        machine.fire(Event.TRANSPORT_CONNECTION_INDICATION);
        machine.fire(Event.A_ASSOCIATE_RQ_PDU);
        machine.fire(Event.A_ASSOCIATE_ACCEPT);
        assertThat(machine.state()).isEqualTo(State.STA6);
        return machine;
    }
}
