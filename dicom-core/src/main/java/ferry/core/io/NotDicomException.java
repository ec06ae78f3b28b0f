package ferry.core.io;

import java.io.IOException;

/**
 * The input is not DICOM at all ({@link DicomFile#looksLikeDicom}): neither a Part 10 file nor a data set, such as a
 * text file beside the images in a folder. A damaged DICOM file gives a {@link DicomParseException} instead.
 */
public final class NotDicomException extends IOException {
    public NotDicomException(String message) {
        super(message);
    }
}
