package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigProblems;
import ferry.router.forward.DestinationConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code destinations:} examples of docs/forwarding.md and docs/configuration.md read without problems. */
class DestinationDocsTest {
    @Test
    void everyDestinationsExampleReadsWithoutProblems() throws Exception {
        int read = 0;
        for (String page : List.of("forwarding.md", "configuration.md")) {
            for (DocExamples.Example example : DocExamples.of(page)) {
                if (example.root().get("destinations").isPresent()) {
                    ConfigProblems problems = new ConfigProblems();
                    read += DestinationConfig.parseAll(example.root().get("destinations").get(), problems,
                            Path.of("/etc/ferry")).size();
                    assertThat(problems.all()).as(page + ":\n" + example.text()).isEmpty();
                }
            }
        }
        assertThat(read).isGreaterThanOrEqualTo(10);
    }
}
