package ferry.router.web.dicomweb;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An instance of the index with the file WADO-RS sends: the last of the files Ferry stored it as (or
 * {@code ferry index} found it in) that is still there (docs/index.md). Files are only those the index recorded;
 * a request never names one.
 *
 * @param study    its Study Instance UID
 * @param series   its Series Instance UID
 * @param instance its SOP Instance UID
 * @param file     the file, or null when none of its files is there (forwarded only, or removed)
 */
record StoredInstance(String study, String series, String instance, Path file) {
    /** Reading the file meta information only: it stops at the data set's first element. */
    private static final ReadOptions META_ONLY = ReadOptions.DEFAULT.stoppingBefore(0x00040000);

    /**
     * The instances of {@code study}, of its series {@code series} and instance {@code instance} when they are not
     * null, in the index's order.
     *
     * @throws NotFoundResponse when the index holds none
     */
    static List<StoredInstance> find(IndexSearch index, String study, String series, String instance)
            throws IOException {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, study);
        identifier.setString(Tags.SeriesInstanceUID, Vr.UI, series == null ? "" : series);
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, instance == null ? "" : instance);
        List<StoredInstance> found = new ArrayList<>();
        try (IndexCursor cursor = index.open(IndexQuery.of(QueryLevel.IMAGE, identifier))) {
            while (cursor.hasNext()) {
                IndexMatch match = cursor.next();
                DataSet keys = match.attributes();
                found.add(new StoredInstance(keys.getString(Tags.StudyInstanceUID, ""),
                        keys.getString(Tags.SeriesInstanceUID, ""), keys.getString(Tags.SOPInstanceUID, ""),
                        match.handling() == null ? null : match.handling().lastStoredFile()));
            }
        }
        if (found.isEmpty()) {
            throw new NotFoundResponse("the index holds no " + (instance != null ? "instance " + instance
                    : series != null ? "series " + series : "study " + study) + (instance != null || series != null
                    ? " of study " + study : ""));
        }
        return found;
    }

    /**
     * The file's transfer syntax, from its file meta information, which must name this instance.
     *
     * @throws IOException when the file cannot be read, has no file meta information, or holds another instance
     *                     (it was replaced since it was stored)
     */
    String transferSyntax() throws IOException {
        DicomFile meta = DicomReader.read(file, META_ONLY);
        String stored = meta.fileMeta().getString(Tags.MediaStorageSOPInstanceUID, "");
        if (!stored.equals(instance)) {
            throw new IOException(file + " holds instance '" + stored + "', not " + instance
                    + ": it was replaced since Ferry stored it");
        }
        return meta.transferSyntax().uid();
    }
}
