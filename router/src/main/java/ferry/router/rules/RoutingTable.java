package ferry.router.rules;

import ferry.router.config.yaml.ConfigProblems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of a configuration, deciding which of them apply to each received object. Routes are checked in
 * order: a route that matches is applied, and unless it says {@code continue} the walk stops there (first match
 * wins). The default route, if there is one, applies only when no other route matched. With no match and no
 * default the decision is empty: the object is unrouted. Immutable and safe to share between threads.
 */
public final class RoutingTable {
    private final List<RouteRule> rules;
    private final RouteRule[] ordinary;
    private final RoutingDecision[] alone;
    private final RouteRule fallback;
    private final RoutingDecision fallbackDecision;
    private final int stopBefore;

    /**
     * Builds the table from {@code rules} in configuration order, reporting to {@code problems} a route without a
     * name, a name used twice and a second default route (which is then left out).
     */
    public RoutingTable(List<RouteRule> rules, ConfigProblems problems) {
        this.rules = List.copyOf(rules);
        List<RouteRule> kept = new ArrayList<>();
        Map<String, RouteRule> byName = new HashMap<>();
        RouteRule defaultRule = null;
        int stop = 0;
        for (int i = 0; i < this.rules.size(); i++) {
            RouteRule rule = this.rules.get(i);
            String path = "routes[" + i + "]";
            if (rule.name() == null || rule.name().isBlank()) {
                problems.add(rule.line(), path + ".name", "every route needs a name");
            } else {
                RouteRule first = byName.putIfAbsent(rule.name(), rule);
                if (first != null) {
                    problems.add(rule.line(), path + ".name", "route name '" + rule.name()
                            + "' is used twice (first" + at(first) + "); names must be unique");
                }
            }
            if (rule.isDefault()) {
                if (defaultRule != null) {
                    problems.add(rule.line(), path + ".default", "a second default route '" + rule.name()
                            + "'; only one route can be the default (the first is '" + defaultRule.name() + "'"
                            + at(defaultRule) + ")");
                    continue;
                }
                defaultRule = rule;
            } else {
                kept.add(rule);
            }
            stop = Condition.laterStop(stop, rule.when().stopBefore());
        }
        this.ordinary = kept.toArray(RouteRule[]::new);
        this.alone = new RoutingDecision[ordinary.length];
        for (int i = 0; i < ordinary.length; i++) {
            alone[i] = new RoutingDecision(List.of(String.valueOf(ordinary[i].name())));
        }
        this.fallback = defaultRule;
        this.fallbackDecision = defaultRule == null ? RoutingDecision.UNROUTED
                : new RoutingDecision(List.of(String.valueOf(defaultRule.name())));
        this.stopBefore = stop;
    }

    private static String at(RouteRule rule) {
        return rule.line() > 0 ? " at line " + rule.line() : "";
    }

    /**
     * The routes that apply to one object. Allocates nothing when at most one route applies; the conditions
     * themselves decode the few header values they look at.
     */
    public RoutingDecision decide(RoutingInput input) {
        int first = -1;
        List<String> several = null;
        for (int i = 0; i < ordinary.length; i++) {
            RouteRule rule = ordinary[i];
            if (!rule.when().test(input)) {
                continue;
            }
            if (first < 0) {
                first = i;
            } else {
                if (several == null) {
                    several = new ArrayList<>(4);
                    several.add(alone[first].routes().get(0));
                }
                several.add(alone[i].routes().get(0));
            }
            if (!rule.continueToNext()) {
                break;
            }
        }
        if (first < 0) {
            return fallback != null && fallback.when().test(input) ? fallbackDecision : RoutingDecision.UNROUTED;
        }
        return several == null ? alone[first] : new RoutingDecision(several);
    }

    /**
     * The smallest top-level tag at which reading a header may stop with every tag any route looks at read (for
     * {@code ReadOptions.stoppingBefore}); 0 when no route looks at a tag.
     */
    public int stopBefore() {
        return stopBefore;
    }

    /** The rules as given, in order (a second default route included). */
    public List<RouteRule> rules() {
        return rules;
    }
}
