package ferry.router.replicate;

import java.io.IOException;

/** One instance cannot be had from the source (gone since it was listed, not DICOM): it is listed, the rest goes on. */
public final class InstanceException extends IOException {
    public InstanceException(String message) {
        super(message);
    }

    public InstanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
