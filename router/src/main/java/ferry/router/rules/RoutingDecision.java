package ferry.router.rules;

import java.util.List;

/**
 * The routes that apply to one received object, in table order; empty when none applies and there is no
 * default route, in which case the object goes to the unrouted area.
 *
 * @param routes the names of the routes that apply
 */
public record RoutingDecision(List<String> routes) {
    /** No route applies. */
    public static final RoutingDecision UNROUTED = new RoutingDecision(List.of());

    public RoutingDecision {
        routes = List.copyOf(routes);
    }

    /** Whether no route applies. */
    public boolean unrouted() {
        return routes.isEmpty();
    }
}
