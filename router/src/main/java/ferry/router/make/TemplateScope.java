package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import java.util.List;

/**
 * What an image made into a DICOM object takes from another object, as dcmtk's img2dcm does with
 * {@code --study-from} and {@code --series-from} (img2dcm(1), "Attribute Sources"): the patient and the study, or
 * the patient, the study and the series. Values are copied as they are encoded, with their Specific Character Set.
 */
public enum TemplateScope {
    /** Patient and study: the new image is a new series of that study. */
    STUDY(List.of(Tag.SPECIFIC_CHARACTER_SET, Tags.PatientName, Tags.PatientID, Tags.PatientSex,
            Tags.PatientBirthDate, Tags.StudyInstanceUID, Tags.StudyDate, Tags.StudyTime,
            Tags.ReferringPhysicianName, Tags.StudyID, Tags.AccessionNumber)),
    /**
     * Patient, study and series: the new image joins that series. Modality is taken as well (img2dcm does not),
     * so that the series keeps one modality.
     */
    SERIES(List.of(Tag.SPECIFIC_CHARACTER_SET, Tags.PatientName, Tags.PatientID, Tags.PatientSex,
            Tags.PatientBirthDate, Tags.StudyInstanceUID, Tags.StudyDate, Tags.StudyTime,
            Tags.ReferringPhysicianName, Tags.StudyID, Tags.AccessionNumber, Tags.SeriesInstanceUID,
            Tags.SeriesNumber, Tags.Manufacturer, Tags.Modality));

    private final List<Integer> tags;

    TemplateScope(List<Integer> tags) {
        this.tags = tags;
    }

    /** The elements taken over. */
    public List<Integer> tags() {
        return tags;
    }

    /** Copies the elements {@code from} has of these into {@code to}. */
    void copy(DataSet from, DataSet to) {
        for (int tag : tags) {
            if (from.contains(tag)) {
                to.put(from.get(tag));
            }
        }
    }
}
