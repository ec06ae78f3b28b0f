package ferry.router.config.yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML (or JSON, which is YAML) file into {@link ConfigNode}s that remember their lines. Only the node
 * structure is used: no YAML tags are resolved to Java types, so a configuration file cannot instantiate classes.
 */
public final class YamlSource {
    private YamlSource() {
    }

    /** Parses {@code file}; a syntax error or a duplicate key is a {@link ConfigException} naming the line. */
    public static ConfigNode read(Path file) throws IOException, ConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    /** Parses YAML text; {@code source} names it in messages. */
    public static ConfigNode read(Reader reader, String source) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(16 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(source, List.of(new ConfigProblems.Problem(line, "",
                    "not valid YAML: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(source, List.of(new ConfigProblems.Problem(0, "",
                    "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            return new ConfigNode.MapNode("", 1, Map.of());
        }
        return convert(root, "");
    }

    private static ConfigNode convert(Node node, String path) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (node instanceof MappingNode mapping) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue()
                        : String.valueOf(tuple.getKeyNode());
                entries.put(key, convert(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key));
            }
            return new ConfigNode.MapNode(path, line, entries);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                items.add(convert(sequence.getValue().get(i), path + "[" + i + "]"));
            }
            return new ConfigNode.ListNode(path, line, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue();
        return new ConfigNode.ScalarNode(path, line, value);
    }
}
