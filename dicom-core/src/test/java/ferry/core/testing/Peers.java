package ferry.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external peers tests talk to (dcmtk, pydicom, …) and decides what happens when one is missing: the
 * test is skipped with a message naming what to install, or, when the system property {@code peers.required} is
 * {@code "true"} (set by {@code .ci/run}), it fails. Shared with the other modules through dicom-core's test-jar.
 */
public final class Peers {
    /** Debian's python3, which has pydicom; the {@code python3} on PATH may be another one. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final ConcurrentHashMap<String, Boolean> PYTHON_MODULES = new ConcurrentHashMap<>();

    private Peers() {
    }

    /** True when missing peers must fail the test instead of skipping it. */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty("peers.required", "false"));
    }

    /** Skips (or, with {@code peers.required}, fails) the calling test unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is not available";
        if (required()) {
            fail(message + " (and -Dpeers.required=true)");
        }
        Assumptions.abort(message + "; skipping (install it to run this test)");
    }

    /** The path of an executable on PATH (e.g. {@code dcmdump}), or a skip/failure as in {@link #require}. */
    public static Path requireExecutable(String name) {
        Path found = findExecutable(name);
        require(found != null, name + " (on PATH; Debian: apt-get install dcmtk)");
        return found;
    }

    /** The executable {@code name} on PATH, or {@code null}. */
    public static Path findExecutable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@link #PYTHON} when it can import pydicom; else a skip/failure as in {@link #require}. */
    public static Path requirePydicom() {
        boolean present = PYTHON_MODULES.computeIfAbsent("pydicom", Peers::pythonHas);
        require(present, "pydicom for " + PYTHON + " (Debian: apt-get install python3-pydicom)");
        return PYTHON;
    }

    private static boolean pythonHas(String module) {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
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
