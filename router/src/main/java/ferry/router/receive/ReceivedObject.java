package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.router.journal.ReceivedRecord;

/**
 * An object received, spooled and recorded in the journal, handed to its routes' actions.
 *
 * @param journalId its record's id
 * @param record    what was recorded (the spool file, the routes that apply)
 * @param header    its data set up to the tags the rules and layouts need
 * @param routing   the routing in force when it was received (a reload does not change its actions)
 */
public record ReceivedObject(long journalId, ReceivedRecord record, DataSet header, Routing routing) {
}
