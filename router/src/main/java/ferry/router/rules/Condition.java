package ferry.router.rules;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import java.util.List;

/**
 * When a route applies to a received object: a typed matcher over the association (AE titles, peer address) and
 * the object's header, built from the {@code when} map of a route (docs/routing.md). Matching is data, never
 * script evaluation; conditions are immutable and safe to share between threads.
 */
public sealed interface Condition
        permits Condition.All, Condition.Any, Condition.Not, Condition.Never,
        AeTitleCondition, PeerCondition, TagCondition, TagPresent {

    /** Whether the object described by {@code input} meets this condition. Never throws for any header. */
    boolean test(RoutingInput input);

    /**
     * The smallest top-level tag (unsigned order) at which reading an object's header may stop with every tag this
     * condition looks at read, for {@code ReadOptions.stoppingBefore}; 0 when it looks at no tag.
     */
    int stopBefore();

    /**
     * Reads the {@code when} map of a route. Every problem is reported to {@code problems} with its line and key;
     * a condition with problems never matches (the configuration is rejected anyway).
     */
    static Condition parse(ConfigNode node, ConfigProblems problems) {
        int before = problems.all().size();
        Condition condition = new ConditionParser(problems).when(node);
        return problems.all().size() > before ? new Never() : condition;
    }

    /** The condition that every object meets (a route without {@code when}). */
    static Condition always() {
        return new All(List.of());
    }

    /** The largest of two {@code stopBefore} values in unsigned order. */
    static int laterStop(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** Every one of {@code conditions} holds (true when there are none). */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(RoutingInput input) {
            for (Condition condition : conditions) {
                if (!condition.test(input)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int stopBefore() {
            int stop = 0;
            for (Condition condition : conditions) {
                stop = laterStop(stop, condition.stopBefore());
            }
            return stop;
        }
    }

    /** At least one of {@code conditions} holds. */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(RoutingInput input) {
            for (Condition condition : conditions) {
                if (condition.test(input)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int stopBefore() {
            int stop = 0;
            for (Condition condition : conditions) {
                stop = laterStop(stop, condition.stopBefore());
            }
            return stop;
        }
    }

    /** {@code condition} does not hold. */
    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(RoutingInput input) {
            return !condition.test(input);
        }

        @Override
        public int stopBefore() {
            return condition.stopBefore();
        }
    }

    /** Holds for nothing: what a {@code when} with problems becomes. */
    record Never() implements Condition {
        @Override
        public boolean test(RoutingInput input) {
            return false;
        }

        @Override
        public int stopBefore() {
            return 0;
        }
    }
}
