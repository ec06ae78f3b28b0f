package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * A DICOM object made by {@code ferry make}, ready to be written as a Part 10 file: file meta elements to keep,
 * the data set and its transfer syntax. The file meta group is made again when written (PS3.10 §7.1): its length,
 * version, Media Storage SOP Class and Instance UIDs (from the data set), Transfer Syntax UID and Ferry's
 * Implementation Class UID and Version Name; other meta elements given are kept (Source Application Entity Title,
 * Private Information…).
 *
 * @param fileMeta file meta elements (0002,xxxx) to keep; those the writer makes are left out; may be empty
 * @param dataSet  the data set
 * @param syntax   the transfer syntax of the data set
 */
public record MadeObject(DataSet fileMeta, DataSet dataSet, TransferSyntax syntax) {
    /** The file meta elements made again when writing: group length, version, SOP class and instance, syntax. */
    private static final Set<Integer> REMADE = Set.of(0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010,
            0x00020012, 0x00020013);

    public MadeObject {
        Objects.requireNonNull(dataSet, "dataSet");
        Objects.requireNonNull(syntax, "syntax");
        DataSet kept = new DataSet();
        for (int i = 0; i < fileMeta.size(); i++) {
            if (!REMADE.contains(fileMeta.tagAt(i))) {
                kept.put(fileMeta.tagAt(i), fileMeta.vrAt(i), fileMeta.valueAt(i));
            }
        }
        fileMeta = kept;
    }

    /**
     * Writes the object to {@code file}, all or nothing: into a temporary file in the same folder, renamed over
     * {@code file} once complete, so that a failure never leaves half a file (or spoils one already there).
     */
    public void write(Path file) throws IOException {
        WholeFile.write(file, this::write);
    }

    /** Writes the object to {@code out} (flushed, not closed). */
    public void write(OutputStream out) throws IOException {
        DicomWriter.writeFile(out, fileMeta, dataSet, syntax);
        out.flush();
    }
}
