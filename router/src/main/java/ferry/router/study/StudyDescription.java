package ferry.router.study;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.journal.ReceivedRecord;

/**
 * What a study's reports say about it besides its counts: who sent it and the descriptive values of its objects,
 * each taken from the first object that has it. Values not known yet are null (a study just begun) or empty.
 */
record StudyDescription(String calledAeTitle, String callingAeTitle, String peerAddress, String accessionNumber,
                        String patientId, String patientName, String description, String studyDate) {

    /** Nothing known yet. */
    static final StudyDescription NONE = new StudyDescription(null, null, null, null, null, null, null, null);

    /** This description with what it lacks taken from one more object of the study ({@code header} may be null). */
    StudyDescription with(ReceivedRecord record, DataSet header) {
        boolean sender = calledAeTitle == null || calledAeTitle.isEmpty();
        return new StudyDescription(sender ? record.calledAeTitle() : calledAeTitle,
                sender ? record.callingAeTitle() : callingAeTitle, sender ? record.peerAddress() : peerAddress,
                firstOf(accessionNumber, header, Tags.AccessionNumber), firstOf(patientId, header, Tags.PatientID),
                firstOf(patientName, header, Tags.PatientName), firstOf(description, header, Tags.StudyDescription),
                firstOf(studyDate, header, Tags.StudyDate));
    }

    private static String firstOf(String known, DataSet header, int tag) {
        return known != null && !known.isEmpty() ? known : text(header, tag);
    }

    /** The value of {@code tag} in {@code header}, stripped; empty when there is none or it cannot be read. */
    static String text(DataSet header, int tag) {
        if (header == null) {
            return "";
        }
        try {
            return header.getString(tag, "").strip();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
