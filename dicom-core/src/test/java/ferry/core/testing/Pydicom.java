package ferry.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** pydicom, the second independent DICOM reader/writer tests compare against (docs/dicom-core.md). */
public final class Pydicom {
    /** Debian's python3, which has python3-pydicom; the {@code python3} on PATH may be another one. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static volatile Boolean present;

    private Pydicom() {
    }

    /** {@link #PYTHON} when it can import pydicom; else skips or fails the test as {@link Peers#require} does. */
    public static Path requirePython() {
        if (present == null) {
            present = canImport();
        }
        Peers.require(present, "pydicom for " + PYTHON, "apt-get install python3-pydicom");
        return PYTHON;
    }

    private static boolean canImport() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import pydicom")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
