package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTest {
    /** The launcher keeps an archive only from a training that succeeded, so it must succeed on a good build. */
    @Test
    void trainingRunsEveryCommandOfItSuccessfully(@TempDir Path folder) throws IOException {
        assertThat(StartupTraining.train(folder)).isZero();
        assertThat(folder.resolve("study/1.dcm")).isRegularFile();
    }
}
