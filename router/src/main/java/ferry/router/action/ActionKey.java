package ferry.router.action;

import ferry.router.journal.ActionRecord;

/**
 * One action of a route, as the done actions of an object are known: the route and the action as journaled (a store
 * action is {@code store FOLDER}, one per folder of a route).
 */
record ActionKey(String route, String action) {

    /** The key of a journaled action. */
    static ActionKey of(ActionRecord record) {
        return new ActionKey(record.route(), record.action());
    }
}
