package ferry.router.study;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a study, or one of its series, has received and reported: the part of {@link StudyState} and
 * {@link SeriesState} that is the same for both. Guarded by its {@link StudyTracker}.
 */
class Tally {
    Instant firstAt;
    /** When the first object not yet reported arrived (the round's first arrival). */
    Instant roundFirstAt;
    Instant lastAt;
    long objects;
    long bytes;
    long failures;
    long reportedObjects;
    long reportedFailures;
    /** Completions reported. */
    int rounds;
    final List<Path> folders = new ArrayList<>();

    /** Objects or failures not yet in a report of this study (series). */
    boolean unreported() {
        return objects > reportedObjects || failures > reportedFailures;
    }
}
