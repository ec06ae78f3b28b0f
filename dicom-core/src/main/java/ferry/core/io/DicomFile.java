package ferry.core.io;

import ferry.core.data.DataSet;
import java.util.List;

/**
 * What reading a DICOM file gave.
 *
 * @param fileMeta       the file meta information group (0002,xxxx); empty when the file had none
 * @param dataSet        the data set
 * @param transferSyntax the transfer syntax the data set was read in (declared, or inferred when there was no
 *                       file meta information)
 * @param complete       false when reading stopped early on purpose ({@link ReadOptions#stopBefore()})
 * @param warnings       problems that did not prevent reading, such as a missing preamble or trailing garbage
 * @param dataSetOffset  where the data set's bytes start in the file (after the meta group; for deflated files,
 *                       where the deflated bytes start), so they can be sent or copied without re-encoding
 */
public record DicomFile(DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax, boolean complete,
                        List<String> warnings, long dataSetOffset) {
    public DicomFile {
        warnings = List.copyOf(warnings);
    }
}
