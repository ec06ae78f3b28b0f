package ferry.router.events;

/**
 * A study (or a series, for channels that report series) of a route was found complete and its notifications were
 * written to the outbox (docs/notifications.md).
 *
 * @param route             the route
 * @param level             {@code study} or {@code series}
 * @param studyInstanceUid  the study
 * @param seriesInstanceUid the series, for a series completion, else {@code null}
 * @param objects           objects of this round (all of them, or those new since the last report)
 * @param failures          store actions of this round that failed
 * @param completedBy       what decided it: {@code quiet-period}, {@code expected-objects}, {@code expected-series} or
 *                          {@code force-after}
 * @param followUp          a later round: objects arrived after the study was reported
 * @param notifications     notifications written for it
 */
public record StudyCompleted(String route, String level, String studyInstanceUid, String seriesInstanceUid,
                             long objects, long failures, String completedBy, boolean followUp, int notifications)
        implements FerryEvent {
}
