package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS) // symbolic links
class FileArgumentsTest {
    @TempDir
    Path tmp;

    List<Path> expand(Path path) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        assertThat(FileArguments.expand(path, files, problems::add)).isTrue();
        assertThat(problems).isEmpty();
        return files;
    }

    Path touch(String name) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, name);
    }

    @Test
    void aFolderGivesItsRegularFilesSortedAndAFileItself() throws IOException {
        touch("study/b.dcm");
        touch("study/a.dcm");
        touch("study/series/c.dcm");

        assertThat(expand(tmp.resolve("study"))).containsExactly(tmp.resolve("study/a.dcm"),
                tmp.resolve("study/b.dcm"), tmp.resolve("study/series/c.dcm"));
        assertThat(expand(tmp.resolve("missing.dcm"))).containsExactly(tmp.resolve("missing.dcm"));
    }

    /** Like find -H: bench/out/... are links to folders elsewhere, and used to give no file at all. */
    @Test
    void aLinkToAFolderGivenOnTheCommandLineIsSearchedAndItsFilesNamedUnderTheLink() throws IOException {
        touch("elsewhere/study/a.dcm");
        touch("elsewhere/study/series/b.dcm");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("elsewhere/study"));

        assertThat(expand(link)).containsExactly(link.resolve("a.dcm"), link.resolve("series/b.dcm"));
    }

    @Test
    void underAFolderLinksToFilesCountAndLinksToFoldersAreNotFollowed() throws IOException {
        Path a = touch("study/a.dcm");
        touch("other/b.dcm");
        Files.createSymbolicLink(tmp.resolve("study/link-to-b.dcm"), tmp.resolve("other/b.dcm"));
        Files.createSymbolicLink(tmp.resolve("study/loop"), tmp.resolve("study"));
        Files.createSymbolicLink(tmp.resolve("study/other"), tmp.resolve("other"));
        Files.createSymbolicLink(tmp.resolve("study/dangling.dcm"), tmp.resolve("nowhere"));

        assertThat(expand(tmp.resolve("study"))).containsExactly(a, tmp.resolve("study/link-to-b.dcm"));
    }
}
