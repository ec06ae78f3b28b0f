package ferry.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the dicom-core module found from wherever a test runs: the module (Maven) or the repository root. */
public final class ModuleFiles {
    private ModuleFiles() {
    }

    /** The file at {@code relative} in the dicom-core module, such as {@code tools/generate_dictionary.py}. */
    public static Path find(String relative) {
        for (Path candidate : new Path[] {Path.of(relative), Path.of("dicom-core").resolve(relative)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new AssertionError(relative + " not found from " + Path.of("").toAbsolutePath());
    }
}
