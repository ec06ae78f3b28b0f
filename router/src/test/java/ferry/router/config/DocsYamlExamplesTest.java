package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ```yaml block of docs/*.md and README.md is a configuration {@link ConfigLoader} accepts as it is, or as
 * its marker says (docs/README.md): {@code route settings} are wrapped into one route, {@code invalid} must be
 * refused. Relative paths resolve against a folder holding the files the examples name: {@code pseudonyms.csv},
 * the pseudonym table of docs/deidentification.md.
 */
class DocsYamlExamplesTest {
    static final String ROUTE_SETTINGS = "route settings";
    static final String INVALID = "invalid";

    @TempDir
    Path base;

    static List<DocExamples.Example> examples() throws Exception {
        return DocExamples.all();
    }

    @BeforeEach
    void writeTheFilesTheExamplesName() throws Exception {
        Matcher table = Pattern.compile("```csv\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("..", "docs", "deidentification.md")));
        assertThat(table.find()).as("the pseudonym table of docs/deidentification.md").isTrue();
        Files.writeString(base.resolve("pseudonyms.csv"), table.group(1));
    }

    @Test
    void theDocsHaveExamplesAndEveryMarkerIsKnown() throws Exception {
        assertThat(examples()).hasSizeGreaterThan(25);
        assertThat(examples()).extracting(DocExamples.Example::marker).allMatch(marker -> List.of("", ROUTE_SETTINGS,
                INVALID).contains(marker));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyYamlExampleIsAConfigurationFerryAccepts(DocExamples.Example example) {
        String yaml = example.marker().equals(ROUTE_SETTINGS) ? asRoute(example.text()) : example.text();
        if (example.marker().equals(INVALID)) {
            assertThatThrownBy(() -> load(yaml, example)).as(example + ":\n" + yaml)
                    .isInstanceOf(ConfigException.class);
            return;
        }
        try {
            load(yaml, example);
        } catch (ConfigException e) {
            throw new AssertionError(example + " is refused:\n" + e.getMessage() + "\n" + yaml, e);
        }
    }

    private FerryConfig load(String yaml, DocExamples.Example example) throws ConfigException {
        return ConfigLoader.fromNode(YamlSource.read(new StringReader(yaml), example.toString()), base,
                base.resolve("ferry.yaml"));
    }

    /** The settings of one route, made a configuration: a route named {@code example} storing into {@code example}. */
    static String asRoute(String settings) {
        boolean acts = settings.lines().anyMatch(line -> line.startsWith("store:") || line.startsWith("forward:"));
        return "routes:\n  - name: example\n" + (acts ? "" : "    store: example\n")
                + settings.lines().map(line -> "    " + line).collect(Collectors.joining("\n", "", "\n"));
    }
}
