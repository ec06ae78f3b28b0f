package ferry.router.replicate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a replication's work folder: {@code fetched-PID-N.dcm} and {@code edited-PID-N.dcm}, named by the
 * process that writes them, so that {@code ferry replicate NAME} beside a {@code ferry run} following the same
 * replication never writes the other's files; what a process that is gone left (a {@code kill -9}) is removed when
 * the replication is opened again, with the hidden {@code .fetched-PID-N.dcm.part} of an object from a DICOM node
 * that was arriving then.
 */
final class WorkFiles {
    static final String FETCHED = "fetched";
    static final String EDITED = "edited";
    private static final Pattern NAME = Pattern.compile("\\.?(?:" + FETCHED + "|" + EDITED
            + ")-(\\d+)-\\d+\\.dcm(?:\\.part)?");
    private static final long PID = ProcessHandle.current().pid();

    private WorkFiles() {
    }

    /** The name of this process's file {@code n} of {@code kind}. */
    static String name(String kind, long n) {
        return kind + "-" + PID + "-" + n + ".dcm";
    }

    /** Removes the files in {@code folder} that processes no longer running left; returns how many. */
    static int removeLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
                        && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
