package ferry.router.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The outcome when an object's own file cannot be read before sending it. */
final class Unreadable {
    private Unreadable() {
    }

    /**
     * {@code REJECTED} when the file is there and readable but not as DICOM (no SOP Class UID, a broken data set):
     * that will not improve; {@code FAILED} when it cannot be read at all (missing, no permission, an I/O error),
     * which may pass.
     */
    static Delivery of(Path file, IOException e) {
        return Files.isReadable(file) ? Delivery.rejected("cannot send " + file + ": " + e.getMessage())
                : Delivery.failed("cannot read " + file + ": " + e.getMessage());
    }
}
