package ferry.router.study;

import java.time.Instant;

/** What one series of a tracked study has received and reported; guarded by its {@link StudyTracker}. */
final class SeriesState extends Tally {
    final String uid;
    final String number;
    final String description;
    final String modality;
    /** Objects of this series already counted in a study report. */
    long studyReportedObjects;

    SeriesState(String uid, String number, String description, String modality, Instant firstAt) {
        this.uid = uid;
        this.number = number;
        this.description = description;
        this.modality = modality;
        this.firstAt = firstAt;
        this.roundFirstAt = firstAt;
        this.lastAt = firstAt;
    }

    /** Takes note of the series' completion written to the journal: what it reported is no longer new. */
    void reported(StudyStore.Reported reported) {
        reportedObjects = reported.objects();
        reportedFailures = reported.failures();
        rounds = reported.round();
    }
}
