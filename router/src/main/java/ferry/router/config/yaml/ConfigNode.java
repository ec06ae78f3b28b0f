package ferry.router.config.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a configuration file as written, before validation: a map, a list or a scalar, with the key path
 * that leads to it ({@code routes[2].when.PatientID}) and the line it starts on, so every problem can say where
 * it is. Parsers of the typed configuration ({@code Condition}, {@code Layout}, ...) read these nodes and report
 * what is wrong to a {@link ConfigProblems} instead of throwing, so a file's errors are all reported at once.
 */
public sealed interface ConfigNode {
    /** The key path from the root, e.g. {@code routes[0].store.layout}; empty for the root. */
    String path();

    /** The 1-based line the node starts on, 0 when not known. */
    int line();

    /** A mapping; keys in file order. */
    record MapNode(String path, int line, Map<String, ConfigNode> entries) implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The entry {@code key}, if present. */
        public Optional<ConfigNode> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /** A sequence. */
    record ListNode(String path, int line, List<ConfigNode> items) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }
    }

    /** A scalar as written ({@code null} for YAML's null); typed reads convert and report problems. */
    record ScalarNode(String path, int line, String value) implements ConfigNode {
    }

    /** Where this node is, for messages: {@code line 12, routes[0].when}. */
    default String where() {
        String key = path().isEmpty() ? "(top level)" : path();
        return line() > 0 ? "line " + line() + ", " + key : key;
    }

    /** A short word for the node's kind, for messages ("a map", "a list", "a value"). */
    default String kind() {
        if (this instanceof MapNode) {
            return "a map";
        }
        return this instanceof ListNode ? "a list" : "a value";
    }
}
