package ferry.router.rules;

import java.util.Objects;

/**
 * The matching half of one route: its name, when it applies, and how it takes part in the walk of the routing
 * table (see {@link RoutingTable}). The route's actions (store, forward, ...) are kept by whoever runs them, by
 * name.
 *
 * @param name           the route's name, unique in the table
 * @param when           when the route applies ({@link Condition#always()} for a route without {@code when})
 * @param continueToNext whether later routes are still checked after this one matched ({@code continue: true})
 * @param isDefault      whether this is the default route, which applies only when no other route matched
 * @param line           the line the route starts on in the configuration file, for messages; 0 when unknown
 */
public record RouteRule(String name, Condition when, boolean continueToNext, boolean isDefault, int line) {
    public RouteRule {
        Objects.requireNonNull(when, "when");
    }

    /** A rule whose place in the configuration file is not known. */
    public RouteRule(String name, Condition when, boolean continueToNext, boolean isDefault) {
        this(name, when, continueToNext, isDefault, 0);
    }
}
