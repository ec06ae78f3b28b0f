package ferry.router.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The YAML examples of a page under docs/, for tests that check them. */
final class DocExamples {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    /** One ```yaml block: its text, and its top-level map. */
    record Example(String text, ConfigNode.MapNode root) {
    }

    private DocExamples() {
    }

    /** Every ```yaml block of {@code page} (a file name under docs/), read. */
    static List<Example> of(String page) throws IOException, ConfigException {
        Matcher m = YAML_BLOCK.matcher(Files.readString(Path.of("..", "docs", page)));
        List<Example> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(new Example(m.group(1),
                    (ConfigNode.MapNode) YamlSource.read(new StringReader(m.group(1)), page)));
        }
        return examples;
    }
}
