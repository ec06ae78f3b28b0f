package ferry.router.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The YAML examples of docs/routing.md are valid routes and conditions. */
class RoutingDocsTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleOfTheRoutingPageReadsWithoutProblems() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "routing.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(page);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThan(5);
        for (String block : blocks) {
            ConfigProblems problems = new ConfigProblems();
            ConfigNode.MapNode root = (ConfigNode.MapNode) Rules.yaml(block);
            if (root.get("routes").isPresent()) {
                RoutingTableTest.table(block, problems);
            } else {
                Condition.parse(root.get("when").orElseThrow(), problems);
            }
            assertThat(problems.all()).as(block).isEmpty();
        }
    }
}
