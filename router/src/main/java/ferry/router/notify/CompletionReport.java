package ferry.router.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one completion of a study (or of a series) tells the people and programs that want to know: the event the
 * notification channels deliver. A study that receives objects again after it completed completes again; that
 * follow-up report (round 2, 3, ...) carries only what is new, with the totals beside it.
 *
 * @param level             whether a study or a series completed
 * @param route             the route whose objects these are
 * @param calledAeTitle     the AE title the sender called (seed 000's mail starts with it)
 * @param callingAeTitle    the sender's AE title
 * @param peerAddress       the sender's IP address
 * @param studyInstanceUid  the study
 * @param seriesInstanceUid the series, for level SERIES; null for a study
 * @param accessionNumber   empty when the objects had none
 * @param patientId         empty when the objects had none
 * @param patientName       empty when the objects had none
 * @param studyDescription  empty when the objects had none
 * @param studyDate         as in the objects (YYYYMMDD), empty when they had none
 * @param round             1 for the first completion, 2 and up for follow-ups after late arrivals
 * @param completedBy       what decided the completion
 * @param objects           objects stored in this round
 * @param totalObjects      objects stored since the study's (series') first object, this round included
 * @param bytes             bytes stored in this round
 * @param failureCount      store actions that failed in this round
 * @param failures          the first of those failures with their reasons (at most {@link #MAX_FAILURES_LISTED})
 * @param series            the series with objects in this round, in order of their first arrival
 * @param folders           the destination folders of this study (series) for this route
 * @param firstArrival      when the first object of this round was received
 * @param lastArrival       when the last object of this round was received
 * @param completedAt       when the completion was decided
 */
public record CompletionReport(Level level, String route, String calledAeTitle, String callingAeTitle,
                               String peerAddress, String studyInstanceUid, String seriesInstanceUid,
                               String accessionNumber, String patientId, String patientName, String studyDescription,
                               String studyDate, int round, CompletedBy completedBy, long objects, long totalObjects,
                               long bytes, long failureCount, List<Failure> failures, List<SeriesSummary> series,
                               List<String> folders, Instant firstArrival, Instant lastArrival,
                               Instant completedAt) {
    /** How many failures a report lists at most; {@link #failureCount} counts them all. */
    public static final int MAX_FAILURES_LISTED = 20;

    /** What completed. */
    public enum Level { STUDY, SERIES }

    /** What decided a completion. */
    public enum CompletedBy {
        /** nothing arrived for the quiet period */
        QUIET_PERIOD,
        /** the expected number of objects arrived */
        EXPECTED_OBJECTS,
        /** every expected series arrived and went quiet */
        EXPECTED_SERIES,
        /** the force-after cap since the first arrival passed while objects still arrived */
        FORCE_AFTER
    }

    /** SUCCESS when every store action of the round succeeded, else FAILURE (seed 000's words). */
    public enum Outcome { SUCCESS, FAILURE }

    /**
     * One failed store action.
     *
     * @param sopInstanceUid the object
     * @param reason         what went wrong
     */
    public record Failure(String sopInstanceUid, String reason) {
        public Failure {
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One series of the report.
     *
     * @param seriesInstanceUid the series
     * @param seriesNumber      as in the objects, empty when they had none
     * @param description       the Series Description, empty when they had none
     * @param modality          empty when the objects had none
     * @param objects           objects stored in this round
     * @param totalObjects      objects stored since the series' first object
     */
    public record SeriesSummary(String seriesInstanceUid, String seriesNumber, String description, String modality,
                                long objects, long totalObjects) {
        public SeriesSummary {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            seriesNumber = Objects.requireNonNullElse(seriesNumber, "");
            description = Objects.requireNonNullElse(description, "");
            modality = Objects.requireNonNullElse(modality, "");
        }
    }

    public CompletionReport {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(completedBy, "completedBy");
        Objects.requireNonNull(firstArrival, "firstArrival");
        Objects.requireNonNull(lastArrival, "lastArrival");
        Objects.requireNonNull(completedAt, "completedAt");
        if (level == Level.SERIES) {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid of a series report");
        }
        calledAeTitle = Objects.requireNonNullElse(calledAeTitle, "");
        callingAeTitle = Objects.requireNonNullElse(callingAeTitle, "");
        peerAddress = Objects.requireNonNullElse(peerAddress, "");
        accessionNumber = Objects.requireNonNullElse(accessionNumber, "");
        patientId = Objects.requireNonNullElse(patientId, "");
        patientName = Objects.requireNonNullElse(patientName, "");
        studyDescription = Objects.requireNonNullElse(studyDescription, "");
        studyDate = Objects.requireNonNullElse(studyDate, "");
        failures = List.copyOf(failures);
        series = List.copyOf(series);
        folders = List.copyOf(folders);
        if (round < 1) {
            throw new IllegalArgumentException("round starts at 1: " + round);
        }
    }

    /** SUCCESS when nothing failed in this round. */
    public Outcome outcome() {
        return failureCount == 0 ? Outcome.SUCCESS : Outcome.FAILURE;
    }

    /** True for a report after late arrivals (round 2 and up). */
    public boolean followUp() {
        return round > 1;
    }

    /** From the first to the last arrival of this round. */
    public Duration duration() {
        return Duration.between(firstArrival, lastArrival);
    }

    /** Megabytes (10^6 bytes) per second over {@link #duration()}; 0 when it lasted under a millisecond. */
    public double megabytesPerSecond() {
        long millis = duration().toMillis();
        return millis < 1 ? 0 : bytes / 1000.0 / millis;
    }
}
