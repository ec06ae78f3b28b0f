/**
 * Routing rules: which routes apply to a received object. A {@link ferry.router.rules.Condition} is a typed
 * matcher read from a route's {@code when} map (AE titles, peer address, any tag by keyword, number or private
 * creator; equals, wildcard, regex, numeric comparison, presence, negation, all/any); a
 * {@link ferry.router.rules.RoutingTable} walks the routes in order and returns a
 * {@link ferry.router.rules.RoutingDecision}. Matching is data, never script evaluation. The language for
 * administrators is in docs/routing.md.
 */
package ferry.router.rules;
