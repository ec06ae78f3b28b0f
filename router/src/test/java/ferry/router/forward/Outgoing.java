package ferry.router.forward;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Objects as the queue hands them to destinations, and what destinations' peers hold, for the forward tests. */
final class Outgoing {
    private Outgoing() {
    }

    /** {@code file} as an object received from {@code callingAeTitle}, described by its file meta information. */
    static OutgoingObject of(Path file, String callingAeTitle) throws IOException {
        DicomFile meta = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA));
        return new OutgoingObject(file, meta.fileMeta().getString(Tags.MediaStorageSOPClassUID),
                meta.fileMeta().getString(Tags.MediaStorageSOPInstanceUID), meta.transferSyntax().uid(),
                callingAeTitle, meta.dataSet().getString(Tags.StudyInstanceUID));
    }

    /** {@code file} as an object received from {@code SCANNER}. */
    static OutgoingObject of(Path file) throws IOException {
        return of(file, "SCANNER");
    }

    /** The whole data set of a file. */
    static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    /** The data sets of the DICOM files under {@code folder}, by SOP Instance UID. */
    static Map<String, DataSet> bySopInstanceUid(Path folder) throws IOException {
        Map<String, DataSet> all = new HashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            DataSet dataSet = dataSet(file);
            all.put(dataSet.getString(Tags.SOPInstanceUID), dataSet);
        }
        return all;
    }
}
