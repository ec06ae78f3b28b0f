package ferry.router.action;

import ferry.router.forward.ForwardConfig;
import ferry.router.queue.ForwardQueue;
import ferry.router.receive.Routing;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store action of an object: a route's folder, or the unrouted area.
 *
 * @param route the route's name ({@link StoreActions#UNROUTED} for the unrouted area)
 * @param store its store
 * @param index its place among the object's stores (names the edited copy it may need)
 * @param key   how it is journaled and known among the done actions
 */
record StoreTarget(String route, Routing.Store store, int index, ActionKey key) {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTarget.class);

    /** How a store action's name in the journal begins (its folder follows). */
    static final String ACTION = "store ";

    StoreTarget(String route, Routing.Store store, int index) {
        this(route, store, index, new ActionKey(route, ACTION + store.config().folder()));
    }

    /**
     * The store actions of an object going to {@code routes} under {@code routing}: each route's folders, or the
     * unrouted area when no route stores and nothing is {@code forwarded}. A route no longer configured stores
     * nothing (its object goes to the unrouted area when that leaves it nowhere).
     */
    static List<StoreTarget> of(List<String> routes, Routing routing, boolean forwarded) {
        List<StoreTarget> targets = new ArrayList<>();
        for (String name : routes) {
            List<Routing.Store> stores = routing.stores().get(name);
            if (stores == null) {
                LOG.warn("route {} is no longer configured: its object goes to the unrouted area", name);
                continue;
            }
            for (Routing.Store store : stores) {
                targets.add(new StoreTarget(name, store, targets.size()));
            }
        }
        if (targets.isEmpty() && !forwarded) {
            targets.add(new StoreTarget(StoreActions.UNROUTED, routing.unrouted(), 0));
        }
        return targets;
    }

    /** The destinations an object going to {@code routes} is forwarded to under {@code routing}. */
    static List<ForwardQueue.Target> forwards(List<String> routes, Routing routing) {
        List<ForwardQueue.Target> forwards = new ArrayList<>();
        for (String route : routes) {
            for (ForwardConfig forward : routing.forwards().getOrDefault(route, List.of())) {
                forwards.add(new ForwardQueue.Target(route, forward.destination()));
            }
        }
        return forwards;
    }
}
