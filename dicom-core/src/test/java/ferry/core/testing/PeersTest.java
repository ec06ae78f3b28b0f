package ferry.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeersTest {
    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(Peers.REQUIRED_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(Peers.REQUIRED_PROPERTY);
        } else {
            System.setProperty(Peers.REQUIRED_PROPERTY, saved);
        }
    }

    @Test
    void skipsWhenAPeerIsMissingAndPeersAreOptional() {
        System.setProperty(Peers.REQUIRED_PROPERTY, "false");
        assertThatThrownBy(() -> Peers.require(false, "dcmtk", "apt-get install dcmtk"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("dcmtk not installed; install it with: apt-get install dcmtk"
                        + " (set -Dpeers.required=true to fail instead)");
    }

    @Test
    void failsWhenAPeerIsMissingAndPeersAreRequired() {
        System.setProperty(Peers.REQUIRED_PROPERTY, "true");
        assertThatThrownBy(() -> Peers.requireExecutable("no-such-program-ferry"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("program no-such-program-ferry not installed");
        assertThatThrownBy(() -> Peers.requireFile(Path.of("/no/such/file")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("file /no/such/file not installed");
    }

    @Test
    void findsProgramsOnThePath() {
        Path sh = Peers.requireExecutable("sh");
        assertThat(sh).isAbsolute().isExecutable();
        assertThat(Peers.findExecutable("/bin/sh")).isEqualTo(Path.of("/bin/sh"));
        assertThat(Peers.findExecutable("no-such-program-ferry")).isNull();
    }
}
