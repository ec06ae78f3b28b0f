package ferry.router.make;

/** An image that cannot be made into a DICOM object, and why, in words for the person who gave it. */
public final class ImageException extends Exception {
    public ImageException(String reason) {
        super(reason);
    }

    public ImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
