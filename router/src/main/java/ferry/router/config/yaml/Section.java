package ferry.router.config.yaml;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of one map of a configuration file. Each read names its key; a value of the wrong type is reported
 * to the {@link ConfigProblems} with its line and key and the default is used instead, so reading goes on and
 * every problem is found. {@link #finish()} reports the keys nobody asked for (a misspelt key is an error, not a
 * silently ignored setting).
 */
public final class Section {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT]i?[bB]?|[bB])?");

    private final ConfigNode.MapNode map;
    private final ConfigProblems problems;
    private final Set<String> read = new HashSet<>();

    public Section(ConfigNode.MapNode map, ConfigProblems problems) {
        this.map = map;
        this.problems = problems;
    }

    /**
     * Reads {@code node} as a section; when it is not a map, reports that and returns an empty section at the
     * node's place so the caller can go on.
     */
    public static Section of(ConfigNode node, ConfigProblems problems) {
        if (node instanceof ConfigNode.MapNode mapNode) {
            return new Section(mapNode, problems);
        }
        problems.add(node, "expected a map of settings, found " + node.kind());
        return new Section(new ConfigNode.MapNode(node.path(), node.line(), Map.of()), problems);
    }

    public ConfigNode.MapNode node() {
        return map;
    }

    public ConfigProblems problems() {
        return problems;
    }

    /** The raw node under {@code key}, marking the key as read. */
    public Optional<ConfigNode> node(String key) {
        read.add(key);
        return map.get(key);
    }

    public boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** A text value, or {@code fallback} when absent or null. */
    public String string(String key, String fallback) {
        Optional<ConfigNode> node = node(key);
        if (node.isEmpty()) {
            return fallback;
        }
        if (node.get() instanceof ConfigNode.ScalarNode scalar) {
            return scalar.value() == null ? fallback : scalar.value();
        }
        problems.add(node.get(), "expected a value, found " + node.get().kind());
        return fallback;
    }

    /**
     * The name of an environment variable holding a secret under {@code key}, or {@code fallback}: letters, digits
     * and {@code _}, and none of the variables notification commands get
     * ({@link ChannelSettings#INHERITED_VARIABLES}), so that a secret never reaches a command.
     */
    public String variable(String key, String fallback) {
        String name = string(key, fallback);
        if (name == null) {
            return null;
        }
        ConfigNode at = node(key).orElse(map);
        if (!VARIABLE.matcher(name).matches()) {
            problems.add(at, "'" + name
                    + "' is not an environment variable name (letters, digits and _, not starting with a digit)");
            return fallback;
        }
        if (ChannelSettings.INHERITED_VARIABLES.contains(name)) {
            problems.add(at, name + " cannot hold a secret: notification commands get it (docs/notifications.md);"
                    + " name a variable of its own");
        }
        return name;
    }

    /** A text value that must be present. */
    public String requiredString(String key) {
        if (!has(key)) {
            problems.add(map.line(), child(key), "is required");
            read.add(key);
            return null;
        }
        return string(key, null);
    }

    /** A whole number within [{@code min}, {@code max}]. */
    public long integer(String key, long fallback, long min, long max) {
        return read(key, fallback, (node, text) -> {
            try {
                long value = Long.parseLong(text.trim());
                if (value < min || value > max) {
                    problems.add(node, "must be between " + min + " and " + max + ", found " + value);
                    return null;
                }
                return value;
            } catch (NumberFormatException e) {
                problems.add(node, "expected a whole number, found '" + text + "'");
                return null;
            }
        });
    }

    /** {@code true}/{@code false} (also yes/no, on/off). */
    public boolean bool(String key, boolean fallback) {
        return read(key, fallback, (node, text) -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problems.add(node, "expected true or false, found '" + text + "'");
                yield null;
            }
        });
    }

    /** A duration such as {@code 16s}, {@code 250ms}, {@code 5m}, {@code 2h}, {@code 1d} (a bare number is seconds). */
    public Duration duration(String key, Duration fallback) {
        return read(key, fallback, (node, text) -> {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                problems.add(node, "expected a duration such as 16s, 500ms, 5m or 2h, found '" + text + "'");
                return null;
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                case "d" -> amount * 86_400_000;
                default -> amount * 1000;
            };
            return Duration.ofMillis(Math.round(millis));
        });
    }

    /**
     * A size in bytes such as {@code 5GB}, {@code 512MiB}, {@code 1024} (bytes); K/M/G/T are powers of 1024 with or
     * without the i, as administrators mean them for disks.
     */
    public long size(String key, long fallback) {
        return read(key, fallback, (node, text) -> {
            Matcher m = SIZE.matcher(text.trim());
            if (!m.matches()) {
                problems.add(node, "expected a size such as 5GB or 512MB, found '" + text + "'");
                return null;
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
            int shift = switch (unit.charAt(0)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
            return (long) (amount * (1L << shift));
        });
    }

    /** One of an enum's constants, written in lower case with '-' for '_'. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        return read(key, fallback, (node, text) -> {
            for (E constant : type.getEnumConstants()) {
                if (written(constant).equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return constant;
                }
            }
            problems.add(node, "expected one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(Section::written).toList())
                    + ", found '" + text + "'");
            return null;
        });
    }

    /** How an enum constant is written in configuration files. */
    public static String written(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A list under {@code key} (a single value counts as a list of one); empty when absent. */
    public List<ConfigNode> list(String key) {
        Optional<ConfigNode> node = node(key);
        if (node.isEmpty()) {
            return List.of();
        }
        if (node.get() instanceof ConfigNode.ListNode listNode) {
            return listNode.items();
        }
        return List.of(node.get());
    }

    /** A list of text values under {@code key}. */
    public List<String> strings(String key) {
        return list(key).stream().map(this::scalar).filter(Objects::nonNull).toList();
    }

    /** A nested section under {@code key}, or empty when absent. */
    public Optional<Section> section(String key) {
        return node(key).map(node -> Section.of(node, problems));
    }

    /** Reports every key of this map that no read asked for. */
    public void finish() {
        for (var entry : map.entries().entrySet()) {
            if (!read.contains(entry.getKey())) {
                problems.add(entry.getValue(), "unknown setting '" + entry.getKey() + "'"
                        + Suggestion.closest(entry.getKey(), read.stream(), 2));
            }
        }
    }

    /**
     * The scalar under {@code key} as {@code parse} reads it, or {@code fallback} when the key is absent, its value
     * is null or not a scalar (reported), or {@code parse} returns null (having reported why).
     */
    private <T> T read(String key, T fallback, BiFunction<ConfigNode, String, T> parse) {
        Optional<ConfigNode> node = node(key);
        if (node.isEmpty()) {
            return fallback;
        }
        String text = scalar(node.get());
        if (text == null) {
            return fallback;
        }
        T value = parse.apply(node.get(), text);
        return value == null ? fallback : value;
    }

    /** The text of a scalar node, or null (reported) when it is a map or list. */
    public String scalar(ConfigNode node) {
        if (node instanceof ConfigNode.ScalarNode scalar) {
            return scalar.value();
        }
        problems.add(node, "expected a value, found " + node.kind());
        return null;
    }

    private String child(String key) {
        return map.path().isEmpty() ? key : map.path() + "." + key;
    }
}
