package ferry.router.study;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one series of a tracked study has received and reported; guarded by its {@link StudyTracker}. */
final class SeriesState {
    final String uid;
    String number;
    String description;
    String modality;
    Instant firstAt;
    Instant roundFirstAt;
    Instant lastAt;
    long objects;
    long bytes;
    long failures;
    long reportedObjects;
    long reportedFailures;
    /** Objects of this series already counted in a study report. */
    long studyReportedObjects;
    int rounds;
    final List<Path> folders = new ArrayList<>();

    SeriesState(String uid, String number, String description, String modality, Instant firstAt) {
        this.uid = uid;
        this.number = number;
        this.description = description;
        this.modality = modality;
        this.firstAt = firstAt;
        this.roundFirstAt = firstAt;
        this.lastAt = firstAt;
    }

    /** Objects or failures not yet in a series report. */
    boolean unreported() {
        return objects > reportedObjects || failures > reportedFailures;
    }
}
