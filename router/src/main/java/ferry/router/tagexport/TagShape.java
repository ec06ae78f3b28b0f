package ferry.router.tagexport;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.DataSet;
import ferry.core.json.DicomJsonWriter;
import ferry.core.json.SimplifiedTagsWriter;
import java.io.IOException;

/** The shapes an object's tags are exported in (docs/tag-export.md); neither carries bulk data. */
public enum TagShape {
    /** The DICOM JSON Model (PS3.18 Annex F.2), attributes with bulk values (OB, OW, UN, pixel data...) left out. */
    DICOM_JSON,
    /** Orthanc's "simplified tags": keyword → value, sequences as lists of objects, bulk values null. */
    SIMPLIFIED;

    private static final DicomJsonWriter DICOM_JSON_WRITER = DicomJsonWriter.DEFAULT.withBulkValuesLeftOut();

    /** How configuration files and events write it: {@code dicom-json}, {@code simplified}. */
    public String written() {
        return this == DICOM_JSON ? "dicom-json" : "simplified";
    }

    /** Writes {@code header} as one JSON object in this shape. */
    public void write(DataSet header, JsonGenerator generator) throws IOException {
        if (this == DICOM_JSON) {
            DICOM_JSON_WRITER.write(header, generator);
        } else {
            SimplifiedTagsWriter.INSTANCE.write(header, generator);
        }
    }
}
