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
            // a C-GET's or C-MOVE's object being written when the process was killed
            Path arrivingOfGone = Files.writeString(folder.resolve(".fetched-" + gone.pid() + "-8.dcm.part"), "x");
            Path arrivingOfLive = Files.writeString(folder.resolve(".fetched-" + live.pid() + "-9.dcm.part"), "x");
            Path other = Files.writeString(folder.resolve("notes.txt"), "x");

            assertThat(WorkFiles.removeLeftovers(folder)).isEqualTo(2);

            assertThat(ofGone).doesNotExist();
            assertThat(arrivingOfGone).doesNotExist();
            assertThat(arrivingOfLive).exists();
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
