package ferry.router.deid;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import ferry.router.edit.TagEdit;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The de-identification examples of the docs are valid, and every option is documented. */
class DeidentificationDocsTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CSV_BLOCK = Pattern.compile("```csv\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    private static String page(String name) throws Exception {
        return Files.readString(Path.of("..", "docs", name));
    }

    @Test
    void everyModifyExampleAndThePseudonymTableReadWithoutProblems() throws Exception {
        Matcher csv = CSV_BLOCK.matcher(page("deidentification.md"));
        assertThat(csv.find()).isTrue();
        Files.writeString(tmp.resolve("pseudonyms.csv"), csv.group(1));
        List<String> csvProblems = new ArrayList<>();
        assertThat(PseudonymTable.read(tmp.resolve("pseudonyms.csv"), csvProblems).size()).isEqualTo(2);
        assertThat(csvProblems).isEmpty();

        int deidentify = 0;
        for (String name : List.of("deidentification.md", "editing.md", "configuration.md")) {
            Matcher m = YAML_BLOCK.matcher(page(name));
            while (m.find()) {
                ConfigNode.MapNode root = (ConfigNode.MapNode) YamlSource.read(new StringReader(m.group(1)), name);
                List<ConfigNode> modifies = new ArrayList<>();
                root.get("modify").ifPresent(modifies::add);
                root.get("routes").filter(ConfigNode.ListNode.class::isInstance).ifPresent(routes ->
                        ((ConfigNode.ListNode) routes).items().forEach(route ->
                                ((ConfigNode.MapNode) route).get("modify").ifPresent(modifies::add)));
                for (ConfigNode modify : modifies) {
                    ConfigProblems problems = new ConfigProblems();
                    List<TagEdit> edits = TagEdit.parse(modify, tmp, problems);
                    assertThat(problems.all()).as(name + ":\n" + m.group(1)).isEmpty();
                    deidentify += (int) edits.stream().filter(TagEdit.Deidentify.class::isInstance).count();
                }
            }
        }
        assertThat(deidentify).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyOptionIsDocumentedWithItsCode() throws Exception {
        String deidentification = page("deidentification.md");
        String configuration = page("configuration.md");
        for (ProfileOption option : ProfileOption.values()) {
            if (option.offered()) {
                assertThat(deidentification).contains("| `" + option.written() + "` | " + option.code() + " |");
                assertThat(configuration).contains("`" + option.written() + "`");
            }
        }
    }
}
