package ferry.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The DICOM files of Debian's python3-pydicom, the test data many tests read with Ferry and its peers. */
public final class PydicomFiles {
    /** Where Debian installs pydicom's data. */
    public static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    private PydicomFiles() {
    }

    /**
     * pydicom's test_files (recursively, dicomdirtests included) and charset_files, sorted; skips or fails the test
     * as {@link Peers#require} does when pydicom is not installed.
     */
    public static List<Path> all() {
        Peers.require(Files.isDirectory(DATA.resolve("test_files")), "pydicom's test files in " + DATA,
                "apt-get install python3-pydicom");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("test_files", "charset_files")) {
            try (Stream<Path> walk = Files.walk(DATA.resolve(dir))) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The file's name relative to {@link #DATA}, such as {@code test_files/CT_small.dcm}. */
    public static String name(Path file) {
        return DATA.relativize(file).toString();
    }
}
