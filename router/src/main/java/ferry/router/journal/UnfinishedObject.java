package ferry.router.journal;

import java.util.List;

/**
 * An object recorded but not finished: after a restart its remaining actions must be carried out again.
 *
 * @param id          the journal id {@link Journal#recordReceived} returned
 * @param record      the object as recorded
 * @param actionsDone the actions recorded for it so far, in the order they were recorded
 */
public record UnfinishedObject(long id, ReceivedRecord record, List<ActionRecord> actionsDone) {

    public UnfinishedObject {
        actionsDone = List.copyOf(actionsDone);
    }
}
