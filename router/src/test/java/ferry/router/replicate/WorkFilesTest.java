package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFilesTest {
    @TempDir
    Path folder;

    @Test
    void filesOfProcessesThatAreGoneAreRemovedAndThoseOfLiveOnesAndOthersKept() throws Exception {
        Process live = new ProcessBuilder("sleep", "30").start();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try {
            Path mine = Files.writeString(folder.resolve(WorkFiles.name(WorkFiles.FETCHED, 1)), "x");
            Path ofLive = Files.writeString(folder.resolve("edited-" + live.pid() + "-3.dcm"), "x");
            Path ofGone = Files.writeString(folder.resolve("fetched-" + gone.pid() + "-7.dcm"), "x");
            Path other = Files.writeString(folder.resolve("notes.txt"), "x");

            assertThat(WorkFiles.removeLeftovers(folder)).isEqualTo(1);

            assertThat(ofGone).doesNotExist();
            assertThat(mine).exists();
            assertThat(ofLive).exists();
            assertThat(other).exists();
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void aFolderNotMadeYetHasNothingToRemove() throws Exception {
        assertThat(WorkFiles.removeLeftovers(folder.resolve("none"))).isZero();
    }
}
