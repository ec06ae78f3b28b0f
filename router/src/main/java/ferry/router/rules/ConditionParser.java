package ferry.router.rules;

import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code when} maps into {@link Condition}s (the language is described in docs/routing.md). Every problem
 * is reported with its node's line and key, and reading goes on so that a file's errors are found at once.
 */
final class ConditionParser {
    private static final String OPERATORS = "equals, one-of, regex, <, <=, >, >=, lt, le, gt, ge, between, present,"
            + " not";
    private static final Pattern DATE_OR_TIME = Pattern.compile("[0-9]+(\\.[0-9]+)?([+-][0-9]{4})?");

    private final ConfigProblems problems;

    ConditionParser(ConfigProblems problems) {
        this.problems = problems;
    }

    /** What a value, list or operator map applies to: an AE title of the association or an element. */
    private record Subject(String name, AeTitleCondition.Side side, AttributePath path) {
        Condition on(ValueTest test) {
            return side != null ? new AeTitleCondition(side, test) : new TagCondition(path, test);
        }

        boolean isAeTitle() {
            return side != null;
        }

        /** Dates and times (DA, TM, DT) compare as text; everything else numerically. */
        boolean datesAsText() {
            if (path == null) {
                return false;
            }
            Vr vr = path.dictionaryVr();
            return vr == Vr.DA || vr == Vr.TM || vr == Vr.DT;
        }
    }

    /** A {@code when} map: all of its entries hold. */
    Condition when(ConfigNode node) {
        if (node instanceof ConfigNode.MapNode map) {
            List<Condition> parts = new ArrayList<>(map.entries().size());
            map.entries().forEach((key, value) -> parts.add(entry(key, value)));
            return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
        }
        problems.add(node, "expected a map of conditions such as 'Modality: MR', found " + node.kind());
        return new Condition.Never();
    }

    private Condition entry(String key, ConfigNode value) {
        return switch (key) {
            case "all" -> new Condition.All(conditions(value, key));
            case "any" -> new Condition.Any(conditions(value, key));
            case "not" -> new Condition.Not(when(value));
            case "called" -> values(value, new Subject(key, AeTitleCondition.Side.CALLED, null));
            case "calling" -> values(value, new Subject(key, AeTitleCondition.Side.CALLING, null));
            case "peer" -> peer(value);
            default -> {
                AttributePath path = AttributePath.parse(key, value, problems);
                yield path == null ? new Condition.Never() : values(value, new Subject(key, null, path));
            }
        };
    }

    /** The operands of {@code all} or {@code any}: a list of condition maps, or one map whose entries count each. */
    private List<Condition> conditions(ConfigNode node, String key) {
        List<Condition> conditions = new ArrayList<>();
        if (node instanceof ConfigNode.ListNode list) {
            list.items().forEach(item -> conditions.add(when(item)));
        } else if (node instanceof ConfigNode.MapNode map) {
            map.entries().forEach((k, v) -> conditions.add(entry(k, v)));
        } else {
            problems.add(node, "'" + key + "' expects a list of conditions, found " + node.kind());
            return conditions;
        }
        if (conditions.isEmpty()) {
            problems.add(node, "'" + key + "' needs at least one condition");
        }
        return conditions;
    }

    /** A bare value (equals or wildcard), a list of them (one of) or a map of operators (all hold). */
    private Condition values(ConfigNode node, Subject subject) {
        if (node instanceof ConfigNode.MapNode map) {
            return operators(map, subject);
        }
        ValueTest test = node instanceof ConfigNode.ListNode list ? oneOf(list, subject) : bare(node, subject);
        return test == null ? new Condition.Never() : subject.on(test);
    }

    private Condition operators(ConfigNode.MapNode map, Subject subject) {
        if (map.entries().isEmpty()) {
            problems.add(map, "expected a value or operators (" + OPERATORS + ") for " + subject.name());
            return new Condition.Never();
        }
        List<ValueTest> perValue = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        map.entries().forEach((operator, argument) -> {
            switch (operator) {
                case "equals" -> add(perValue, literal(argument));
                case "one-of" -> add(perValue, argument instanceof ConfigNode.ListNode list ? oneOf(list, subject)
                        : bare(argument, subject));
                case "regex" -> add(perValue, regex(argument));
                case "<", "lt" -> add(perValue, compare(ValueTest.Order.LESS, argument, subject));
                case "<=", "le" -> add(perValue, compare(ValueTest.Order.LESS_OR_EQUAL, argument, subject));
                case ">", "gt" -> add(perValue, compare(ValueTest.Order.GREATER, argument, subject));
                case ">=", "ge" -> add(perValue, compare(ValueTest.Order.GREATER_OR_EQUAL, argument, subject));
                case "between" -> add(perValue, between(argument, subject));
                case "present" -> conditions.add(present(argument, subject));
                case "not" -> conditions.add(new Condition.Not(values(argument, subject)));
                default -> problems.add(argument, "unknown operator '" + operator + "' (expected one of "
                        + OPERATORS + ")");
            }
        });
        if (!perValue.isEmpty()) {
            conditions.add(subject.on(perValue.size() == 1 ? perValue.get(0) : new ValueTest.AllOf(perValue)));
        }
        return conditions.size() == 1 ? conditions.get(0) : new Condition.All(conditions);
    }

    private static void add(List<ValueTest> tests, ValueTest test) {
        if (test != null) {
            tests.add(test);
        }
    }

    private ValueTest oneOf(ConfigNode.ListNode list, Subject subject) {
        if (list.items().isEmpty()) {
            problems.add(list, "an empty list matches nothing; give at least one value");
            return null;
        }
        List<ValueTest> tests = new ArrayList<>();
        list.items().forEach(item -> add(tests, bare(item, subject)));
        return tests.size() == list.items().size() ? new ValueTest.AnyOf(tests) : null;
    }

    /** A value as written: a wildcard when it holds {@code *} or {@code ?}, else an exact value. */
    private ValueTest bare(ConfigNode node, Subject subject) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
            return new ValueTest.Wildcard(text);
        }
        return new ValueTest.Equals(text, ValueTest.number(text));
    }

    /** A value compared exactly, even when it holds {@code *} or {@code ?}. */
    private ValueTest literal(ConfigNode node) {
        String text = text(node);
        return text == null ? null : new ValueTest.Equals(text, ValueTest.number(text));
    }

    private ValueTest regex(ConfigNode node) {
        String text = scalar(node);
        if (text == null) {
            return null;
        }
        try {
            return new ValueTest.RegexMatch(Pattern.compile(text));
        } catch (PatternSyntaxException e) {
            problems.add(node, "invalid regex '" + text + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""));
            return null;
        }
    }

    private ValueTest compare(ValueTest.Order order, ConfigNode node, Subject subject) {
        if (subject.isAeTitle()) {
            problems.add(node, "'" + order.symbol() + "' compares numbers, dates or times; " + subject.name()
                    + " is an AE title");
            return null;
        }
        String text = text(node);
        if (text == null) {
            return null;
        }
        if (subject.datesAsText()) {
            if (!DATE_OR_TIME.matcher(text).matches()) {
                problems.add(node, subject.name() + " is a date or time, compared as DICOM writes it (such as"
                        + " 20240131 or 093000); found '" + text + "'");
                return null;
            }
            return new ValueTest.TextCompare(order, text);
        }
        double bound = ValueTest.number(text);
        if (Double.isNaN(bound)) {
            problems.add(node, "'" + order.symbol() + "' needs a number, found '" + text + "'");
            return null;
        }
        return new ValueTest.NumberCompare(order, bound);
    }

    private ValueTest between(ConfigNode node, Subject subject) {
        if (!(node instanceof ConfigNode.ListNode list) || list.items().size() != 2) {
            problems.add(node, "'between' expects two bounds, lowest first, such as [2, 10]");
            return null;
        }
        ValueTest low = compare(ValueTest.Order.GREATER_OR_EQUAL, list.items().get(0), subject);
        ValueTest high = compare(ValueTest.Order.LESS_OR_EQUAL, list.items().get(1), subject);
        if (low == null || high == null) {
            return null;
        }
        boolean reversed = low instanceof ValueTest.NumberCompare l && high instanceof ValueTest.NumberCompare h
                ? l.bound() > h.bound()
                : ((ValueTest.TextCompare) low).bound().compareTo(((ValueTest.TextCompare) high).bound()) > 0;
        if (reversed) {
            problems.add(node, "'between' bounds are reversed: the lowest comes first");
            return null;
        }
        return new ValueTest.AllOf(List.of(low, high));
    }

    private Condition present(ConfigNode node, Subject subject) {
        if (subject.isAeTitle()) {
            problems.add(node, "'present' applies to elements; " + subject.name() + " is always there");
            return new Condition.Never();
        }
        String text = scalar(node);
        if (text == null) {
            return new Condition.Never();
        }
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return new TagPresent(subject.path());
            case "false", "no", "off":
                return new Condition.Not(new TagPresent(subject.path()));
            default:
                problems.add(node, "'present' expects true or false, found '" + text + "'");
                return new Condition.Never();
        }
    }

    /** {@code peer}: an address or CIDR block, a list of them, or a map with {@code one-of} and {@code not}. */
    private Condition peer(ConfigNode node) {
        if (node instanceof ConfigNode.MapNode map) {
            List<Condition> conditions = new ArrayList<>();
            map.entries().forEach((operator, argument) -> {
                switch (operator) {
                    case "one-of" -> conditions.add(peer(argument));
                    case "not" -> conditions.add(new Condition.Not(peer(argument)));
                    default -> problems.add(argument, "operator '" + operator + "' is not possible on peer"
                            + " (write an address, a CIDR block, a list of them, one-of or not)");
                }
            });
            if (map.entries().isEmpty()) {
                problems.add(map, "expected an address, a CIDR block or a list of them for peer");
            }
            return conditions.size() == 1 ? conditions.get(0) : new Condition.All(conditions);
        }
        List<ConfigNode> items = node instanceof ConfigNode.ListNode list ? list.items() : List.of(node);
        if (items.isEmpty()) {
            problems.add(node, "an empty list matches nothing; give at least one address or CIDR block");
        }
        List<AddressBlock> blocks = new ArrayList<>();
        for (ConfigNode item : items) {
            String text = text(item);
            if (text != null) {
                try {
                    blocks.add(AddressBlock.parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add(item, e.getMessage());
                }
            }
        }
        return new PeerCondition(blocks);
    }

    /** A non-empty value, stripped of spaces (DICOM's padding); null, reported, otherwise. */
    private String text(ConfigNode node) {
        String text = scalar(node);
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            problems.add(node, "an empty value never matches; use 'present: false' for an absent or empty element");
            return null;
        }
        return stripped;
    }

    /** A scalar's text as written; null, reported, for a map, a list or no value. */
    private String scalar(ConfigNode node) {
        if (node instanceof ConfigNode.ScalarNode scalar) {
            if (scalar.value() == null) {
                problems.add(node, "no value given");
            }
            return scalar.value();
        }
        problems.add(node, "expected a value, found " + node.kind());
        return null;
    }
}
