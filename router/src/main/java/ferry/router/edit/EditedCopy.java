package ferry.router.edit;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an edited copy of a DICOM file, leaving the source as it is. The source is read with values over 64 KiB
 * left in the file ({@link ReadOptions#DEFAULT}): pixel data is streamed from the source into the copy, never held
 * in memory. The copy keeps the source's transfer syntax and file meta information; the meta group's Media Storage
 * SOP Class and Instance UIDs (0002,0002-0003) follow the data set when an edit changed SOP Class or Instance UID
 * (PS3.10 §7.1). An edit that {@linkplain TagEdit#replacesFileMeta() replaces the file meta information}
 * (de-identification) gets new meta information made from the edited data set and Ferry's own implementation
 * identity, so nothing of the sender's (its AE title, say) is carried over.
 */
public final class EditedCopy {
    private EditedCopy() {
    }

    /**
     * Reads {@code source}, applies {@code edits} in order and writes the result to {@code target} (created or
     * replaced; the caller places it atomically).
     */
    public static void write(Path source, List<TagEdit> edits, Path target) throws IOException {
        DicomFile file = DicomReader.read(source, ReadOptions.DEFAULT);
        DataSet dataSet = file.dataSet();
        for (TagEdit edit : edits) {
            edit.apply(dataSet);
        }
        DataSet meta = edits.stream().anyMatch(TagEdit::replacesFileMeta) ? new DataSet() : file.fileMeta();
        follow(meta, Tags.MediaStorageSOPClassUID, dataSet.getString(Tags.SOPClassUID));
        follow(meta, Tags.MediaStorageSOPInstanceUID, dataSet.getString(Tags.SOPInstanceUID));
        DicomWriter.writeFile(target, meta, dataSet, file.transferSyntax());
    }

    private static void follow(DataSet meta, int metaTag, String uid) {
        if (uid != null && !uid.equals(meta.getString(metaTag))) {
            meta.setString(metaTag, Vr.UI, uid);
        }
    }
}
