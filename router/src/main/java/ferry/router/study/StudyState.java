package ferry.router.study;

import ferry.router.notify.CompletionReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one study of one route has received and reported; guarded by its {@link StudyTracker}. */
final class StudyState {
    final StudyKey key;
    String calledAeTitle;
    String callingAeTitle;
    String peerAddress;
    String accessionNumber;
    String patientId;
    String patientName;
    String description;
    String studyDate;
    Instant firstAt;
    Instant roundFirstAt;
    Instant lastAt;
    long objects;
    long bytes;
    long failures;
    long reportedObjects;
    long reportedBytes;
    long reportedFailures;
    int rounds;
    final List<Path> folders = new ArrayList<>();
    final Map<String, SeriesState> series = new LinkedHashMap<>();
    /** Failures of the round not yet reported (the first {@link CompletionReport#MAX_FAILURES_LISTED}). */
    final List<CompletionReport.Failure> roundFailures = new ArrayList<>();
    /** Series Instance UID of each failure in {@link #roundFailures}, for series reports. */
    final List<String> roundFailureSeries = new ArrayList<>();

    StudyState(StudyKey key) {
        this.key = key;
    }

    /** Objects or failures not yet in a study report. */
    boolean unreported() {
        return objects > reportedObjects || failures > reportedFailures;
    }

    /** True when the study and (for a route that wants them) its series have nothing left to report. */
    boolean settled(boolean seriesWanted) {
        return !unreported() && (!seriesWanted || series.values().stream().noneMatch(SeriesState::unreported));
    }

    /**
     * Adds a stored file's folder to {@code folders}: the deepest folder shared with the files of the same
     * destination (under the same store root), so a study in several series shows its study folder.
     */
    static void addFolder(List<Path> folders, Path root, Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return;
        }
        for (int i = 0; i < folders.size(); i++) {
            Path known = folders.get(i);
            if (known.startsWith(root)) {
                folders.set(i, commonAncestor(known, parent, root));
                return;
            }
        }
        folders.add(parent);
    }

    private static Path commonAncestor(Path a, Path b, Path root) {
        Path common = a;
        while (common != null && !b.startsWith(common)) {
            common = common.getParent();
        }
        return common == null || !common.startsWith(root) ? root : common;
    }
}
