package ferry.router.study;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.journal.ReceivedRecord;
import ferry.router.notify.CompletionReport;
import ferry.router.notify.CompletionReport.CompletedBy;
import ferry.router.notify.CompletionReport.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one study of one route has received and reported: it counts arrivals, makes the reports of its completions
 * and takes note of what they reported. Guarded by its {@link StudyTracker}.
 */
final class StudyState extends Tally {
    final StudyKey key;
    StudyDescription described = StudyDescription.NONE;
    long reportedBytes;
    final Map<String, SeriesState> series = new LinkedHashMap<>();
    /**
     * The database may hold more than this node counted (another node's arrivals, or its report): read it again
     * before deciding a completion.
     */
    boolean stale;
    /** Failures of the round not yet reported (the first {@link CompletionReport#MAX_FAILURES_LISTED}). */
    final List<CompletionReport.Failure> roundFailures = new ArrayList<>();
    /** Series Instance UID of each failure in {@link #roundFailures}, for series reports. */
    final List<String> roundFailureSeries = new ArrayList<>();

    StudyState(StudyKey key) {
        this.key = key;
    }

    /** A study whose first object arrived at {@code at}. */
    static StudyState startingAt(StudyKey key, Instant at) {
        StudyState study = new StudyState(key);
        study.firstAt = at;
        study.roundFirstAt = at;
        study.lastAt = at;
        return study;
    }

    /** True when the study and (for a route that wants them) its series have nothing left to report. */
    boolean settled(boolean seriesWanted) {
        return !unreported() && (!seriesWanted || series.values().stream().noneMatch(SeriesState::unreported));
    }

    /**
     * Counts what a route's store actions did with one object ({@code header} may be null: a recovered object
     * already placed); returns the arrival to write with the object's finish.
     */
    StudyStore.Arrival count(ReceivedRecord record, DataSet header, RouteOutcome outcome) {
        Instant at = record.receivedAt();
        if (!unreported()) {
            roundFirstAt = at;
            roundFailures.clear();
            roundFailureSeries.clear();
        } else if (at.isBefore(roundFirstAt)) {
            roundFirstAt = at;
        }
        if (at.isAfter(lastAt)) {
            lastAt = at;
        }
        described = described.with(record, header);
        String seriesUid = record.seriesInstanceUid() == null ? "" : record.seriesInstanceUid();
        SeriesState one = series.get(seriesUid);
        if (one == null) {
            one = new SeriesState(seriesUid, StudyDescription.text(header, Tags.SeriesNumber),
                    StudyDescription.text(header, Tags.SeriesDescription), StudyDescription.text(header, Tags.Modality),
                    at);
            series.put(seriesUid, one);
        } else if (!one.unreported()) {
            one.roundFirstAt = at;
        }
        if (at.isAfter(one.lastAt)) {
            one.lastAt = at;
        }
        boolean failed = outcome.failure() != null;
        long counted = failed ? 0 : 1;
        long size = failed ? 0 : record.size();
        objects += counted;
        bytes += size;
        one.objects += counted;
        one.bytes += size;
        if (failed) {
            failures++;
            one.failures++;
            if (roundFailures.size() < CompletionReport.MAX_FAILURES_LISTED) {
                roundFailures.add(new CompletionReport.Failure(record.sopInstanceUid(), outcome.failure()));
                roundFailureSeries.add(seriesUid);
            }
        }
        for (RouteOutcome.StoredFile file : outcome.stored()) {
            addFolder(folders, file.storeFolder(), file.file());
            addFolder(one.folders, file.storeFolder(), file.file());
        }
        return new StudyStore.Arrival(key, described, one.uid, one.number, one.description, one.modality, at,
                record.sopInstanceUid(), record.size(), outcome.failure(), folders, one.folders);
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

    /** What the study's completion now reports: its next round, with what arrived since its last report. */
    StudyStore.Reported studyReported() {
        Map<String, Long> seriesObjects = new HashMap<>();
        for (SeriesState each : series.values()) {
            seriesObjects.put(each.uid, each.objects);
        }
        return new StudyStore.Reported(key, null, objects, bytes, failures, rounds + 1, seriesObjects, lastAt);
    }

    /** What the completion of {@code one} of its series now reports. */
    StudyStore.Reported seriesReported(SeriesState one) {
        return new StudyStore.Reported(key, one.uid, one.objects, 0, one.failures, one.rounds + 1, Map.of(),
                one.lastAt);
    }

    /** The report of the study's completion, decided at {@code now} by {@code by}. */
    CompletionReport studyReport(CompletedBy by, Instant now) {
        List<CompletionReport.SeriesSummary> summaries = new ArrayList<>();
        for (SeriesState each : series.values()) {
            long fresh = each.objects - each.studyReportedObjects;
            if (fresh > 0) {
                summaries.add(new CompletionReport.SeriesSummary(each.uid, each.number, each.description,
                        each.modality, fresh, each.objects));
            }
        }
        return report(Level.STUDY, null, by, rounds + 1, objects - reportedObjects, objects,
                bytes - reportedBytes, failures - reportedFailures, roundFailures, summaries, folders, roundFirstAt,
                lastAt, now);
    }

    /** The report of the completion of {@code one} of its series, decided at {@code now} by {@code by}. */
    CompletionReport seriesReport(SeriesState one, CompletedBy by, Instant now) {
        List<CompletionReport.Failure> seriesFailures = new ArrayList<>();
        for (int i = 0; i < roundFailures.size(); i++) {
            if (roundFailureSeries.get(i).equals(one.uid)) {
                seriesFailures.add(roundFailures.get(i));
            }
        }
        long fresh = one.objects - one.reportedObjects;
        return report(Level.SERIES, one.uid, by, one.rounds + 1, fresh, one.objects, 0,
                one.failures - one.reportedFailures, seriesFailures,
                List.of(new CompletionReport.SeriesSummary(one.uid, one.number, one.description, one.modality, fresh,
                        one.objects)), one.folders, one.roundFirstAt, one.lastAt, now);
    }

    private CompletionReport report(Level level, String seriesUid, CompletedBy by, int round, long fresh, long total,
                                    long freshBytes, long failureCount, List<CompletionReport.Failure> listed,
                                    List<CompletionReport.SeriesSummary> summaries, List<Path> where, Instant first,
                                    Instant last, Instant now) {
        StudyDescription d = described;
        return new CompletionReport(level, key.route(), d.calledAeTitle(), d.callingAeTitle(), d.peerAddress(),
                key.studyUid(), seriesUid, d.accessionNumber(), d.patientId(), d.patientName(), d.description(),
                d.studyDate(), round, by, fresh, total, freshBytes, failureCount, listed, summaries,
                where.stream().map(Path::toString).toList(), first, last, now);
    }

    /** Takes note of the study's completion written to the journal: what it reported is no longer new. */
    void reported(StudyStore.Reported reported) {
        reportedObjects = reported.objects();
        reportedBytes = reported.bytes();
        reportedFailures = reported.failures();
        rounds = reported.round();
        for (SeriesState each : series.values()) {
            Long counted = reported.seriesObjects().get(each.uid);
            if (counted != null) {
                each.studyReportedObjects = counted;
            }
        }
        if (!unreported()) {
            roundFailures.clear();
            roundFailureSeries.clear();
        }
    }
}
