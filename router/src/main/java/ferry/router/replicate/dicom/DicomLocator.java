package ferry.router.replicate.dicom;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.InstanceException;

/**
 * Where a DICOM node's instance is, as a {@link ferry.router.replicate.SourceInstance#locator()}: its Study, Series and SOP Instance UIDs as
 * the node holds them, {@code study/series/instance}, the unique keys a C-GET or C-MOVE at IMAGE level needs in the
 * Study Root model (PS3.4 C.4.2.2.1, C.4.3.2.1). The source's UIDs, whatever a destination's edits make of the
 * instance's own.
 */
record DicomLocator(String studyUid, String seriesUid, String sopInstanceUid) {
    /** The locator text of an instance. */
    static String of(String studyUid, String seriesUid, String sopInstanceUid) {
        return studyUid + "/" + seriesUid + "/" + sopInstanceUid;
    }

    /**
     * Reads a locator {@link #of} made.
     *
     * @throws InstanceException when it is not three non-empty UIDs
     */
    static DicomLocator parse(String locator) throws InstanceException {
        String[] parts = locator.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InstanceException("\"" + locator + "\" is not a DICOM node's locator "
                    + "(StudyInstanceUID/SeriesInstanceUID/SOPInstanceUID)");
        }
        return new DicomLocator(parts[0], parts[1], parts[2]);
    }

    /** The identifier of a C-GET or C-MOVE of this instance: IMAGE level and its three UIDs. */
    DataSet identifier() {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.QueryRetrieveLevel, Vr.CS, StudyRootQuery.IMAGE);
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        identifier.setString(Tags.SeriesInstanceUID, Vr.UI, seriesUid);
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, sopInstanceUid);
        return identifier;
    }

    @Override
    public String toString() {
        return of(studyUid, seriesUid, sopInstanceUid);
    }
}
