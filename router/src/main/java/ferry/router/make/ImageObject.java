package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Secondary Capture object made from an image ({@link ImageObjects}): its data set, the transfer syntax its pixels
 * are in (a JPEG's own, else Explicit VR Little Endian), and a note on what changed on the way (empty when nothing).
 */
public record ImageObject(DataSet dataSet, TransferSyntax transferSyntax, String note) {
    public ImageObject {
        Objects.requireNonNull(dataSet, "dataSet");
        Objects.requireNonNull(transferSyntax, "transferSyntax");
        Objects.requireNonNull(note, "note");
    }

    /** Writes it as a Part 10 file, whole or not at all ({@link WholeFile}). */
    public void writeFile(Path file) throws IOException {
        WholeFile.write(file, out -> DicomWriter.writeFile(out, new DataSet(), dataSet, transferSyntax));
    }
}
