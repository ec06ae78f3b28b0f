package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.testing.FerryProcess;
import ferry.router.web.viewer.TagViewer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry viewer --out FILE} through the launcher: writes the offline tag viewer (docs/viewer.md), keeps an
 * existing file unless {@code --force}, and names the missing folder instead of failing obscurely.
 */
class ViewerCommandTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String output) {
    }

    private Result ferry(String... args) throws IOException, InterruptedException {
        Process process = FerryProcess.builder(dir, args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void writesTheOfflineViewerAndReplacesAnExistingFileOnlyWithForce() throws Exception {
        Result written = ferry("viewer", "--out", "viewer.html");

        assertThat(written.exitCode()).as(written.output()).isZero();
        assertThat(written.output()).startsWith("ferry viewer: wrote viewer.html (")
                .contains("sends nothing anywhere");
        assertThat(Files.readString(dir.resolve("viewer.html"))).isEqualTo(TagViewer.offlinePage());
        Path usual = Files.createFile(dir.resolve("usual.txt"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("viewer.html"))).as("as any new file: others may read it")
                .isEqualTo(Files.getPosixFilePermissions(usual));
        Files.delete(usual);

        Files.writeString(dir.resolve("viewer.html"), "a colleague's notes");
        Result refused = ferry("viewer", "--out", "viewer.html");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).isEqualTo("ferry viewer: viewer.html exists; add --force to replace it\n");
        assertThat(Files.readString(dir.resolve("viewer.html"))).isEqualTo("a colleague's notes");

        Result forced = ferry("viewer", "--out", "viewer.html", "--force");
        assertThat(forced.exitCode()).as(forced.output()).isZero();
        assertThat(Files.readString(dir.resolve("viewer.html"))).isEqualTo(TagViewer.offlinePage());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("viewer.html");
        }
    }

    @Test
    void refusesAMissingFolderAndAFolderAsTheFile() throws Exception {
        Result missing = ferry("viewer", "--out", "share/viewer.html");
        Result folder = ferry("viewer", "--out", ".");
        Result noOut = ferry("viewer");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("ferry viewer: the folder " + dir.toRealPath().resolve("share")
                + " does not exist; create it first, or choose another --out\n");
        assertThat(folder.exitCode()).isEqualTo(1);
        assertThat(folder.output()).contains("is a folder; --out names the HTML file to write");
        assertThat(noOut.exitCode()).isEqualTo(2);
        assertThat(noOut.output()).contains("Missing required option: '--out=FILE'");
        assertThat(dir.resolve("share")).doesNotExist();
    }
}
