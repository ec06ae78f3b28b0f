package ferry.core.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external peers a test needs (programs such as dcmtk's storescu, data files such as pydicom's tables)
 * and, when one is missing, skips the test with a message saying what to install, or fails it when the system
 * property {@code peers.required} is {@code true} (README.md; {@code .ci/run} sets it).
 *
 * <pre>{@code
 * Path storescu = Peers.requireExecutable("storescu", "apt-get install dcmtk");
 * }</pre>
 */
public final class Peers {
    /** The system property that turns a missing peer from a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "peers.required";

    // sbin too: Debian installs Orthanc as /usr/sbin/Orthanc, and a normal user's PATH lacks /usr/sbin
    private static final List<Path> FALLBACK_DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));

    private Peers() {
    }

    /** True when missing peers fail tests instead of skipping them ({@code -Dpeers.required=true}). */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRED_PROPERTY);
    }

    /** Skips (or fails, when peers are required) unless {@code present}; {@code what} names the missing peer. */
    public static void require(boolean present, String what) {
        require(present, what, null);
    }

    /**
     * Skips (or fails, when peers are required) unless {@code present}.
     *
     * @param what the missing peer, e.g. {@code "dcmtk's storescu"}
     * @param install the command that installs it, e.g. {@code "apt-get install dcmtk"}; null when unknown
     */
    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String message = what + " not installed; install it" + (install == null ? "" : " with: " + install);
        if (required()) {
            Assertions.fail(message + " (required because -D" + REQUIRED_PROPERTY + "=true)");
        }
        Assumptions.abort(message + " (set -D" + REQUIRED_PROPERTY + "=true to fail instead)");
    }

    /** {@link #requireExecutable(String, String)} without an install hint. */
    public static Path requireExecutable(String name) {
        return requireExecutable(name, null);
    }

    /**
     * The program {@code name} found on {@code PATH}, then in /usr/bin, /usr/local/bin, /usr/sbin and /usr/local/sbin
     * (or {@code name} itself when it is a path); skips or fails as {@link #require(boolean, String, String)} when
     * there is none.
     */
    public static Path requireExecutable(String name, String install) {
        Path found = findExecutable(name);
        require(found != null, "program " + name, install);
        return found;
    }

    /** {@link #requireFile(Path, String)} without an install hint. */
    public static Path requireFile(Path file) {
        return requireFile(file, null);
    }

    /** {@code file} when it is a readable regular file; skips or fails as {@link #require} otherwise. */
    public static Path requireFile(Path file, String install) {
        require(Files.isRegularFile(file) && Files.isReadable(file), "file " + file, install);
        return file;
    }

    /** The program {@code name} on {@code PATH} or in the usual directories, or null. */
    public static Path findExecutable(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return isExecutable(path) ? path.toAbsolutePath() : null;
        }
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    directories.add(Path.of(directory));
                }
            }
        }
        directories.addAll(FALLBACK_DIRECTORIES);
        for (Path directory : directories) {
            Path candidate = directory.resolve(name);
            if (isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
