package ferry.router.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query-retrieve:} of a listener: off unless said, and only with the index on. */
class QueryRetrieveConfigTest {
    @TempDir
    Path dir;

    FerryConfig load(String yaml) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("ferry.yaml"), yaml));
    }

    @Test
    void queryRetrieveIsOffUnlessAListenerSaysOn() throws Exception {
        FerryConfig config = load("listeners:\n  - port: 11112\n  - port: 11113\n    query-retrieve: on\n");

        assertThat(config.listeners()).extracting(listener -> listener.queryRetrieve()).containsExactly(false, true);
        assertThat(load("index: on\n").listeners().get(0).queryRetrieve()).isFalse();
    }

    @Test
    void queryRetrieveWithTheIndexOffIsAProblemNamingBoth() {
        assertThatThrownBy(() -> load("index: off\nlisteners:\n  - port: 11112\n    query-retrieve: on\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("query-retrieve: on")
                .hasMessageContaining("set index: on");
    }
}
