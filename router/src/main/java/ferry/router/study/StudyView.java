package ferry.router.study;

import java.time.Instant;
import java.util.List;

/**
 * A study of a route that notifies, as the REST API shows it (docs/api.md, {@code GET /api/studies}): what arrived,
 * whether its completion is awaited (with the countdown) or reported, and its notifications. Holds patient data: only
 * logged-in users see it.
 *
 * @param route            the route
 * @param studyInstanceUid the study
 * @param patientId        the Patient ID of its first object
 * @param patientName      the Patient's Name of its first object
 * @param accessionNumber  its accession number
 * @param studyDescription its description
 * @param studyDate        its date (DA)
 * @param callingAeTitle   who sent it
 * @param calledAeTitle    the AE title it was sent to
 * @param firstAt          when its first object arrived
 * @param lastAt           when its latest object arrived
 * @param objects          objects stored, all rounds
 * @param bytes            their bytes
 * @param failures         objects whose store or forward failed
 * @param state            {@code awaiting} (objects not yet reported: its completion is counted down) or
 *                         {@code complete} (everything reported)
 * @param dueAt            when an awaited study completes if nothing more arrives; else null
 * @param secondsLeft      seconds until then; else null
 * @param rounds           reports made (1, and one more per round of late arrivals)
 * @param notifications    its notifications, the newest first
 */
public record StudyView(String route, String studyInstanceUid, String patientId, String patientName,
                        String accessionNumber, String studyDescription, String studyDate, String callingAeTitle,
                        String calledAeTitle, Instant firstAt, Instant lastAt, long objects, long bytes, long failures,
                        String state, Instant dueAt, Long secondsLeft, int rounds,
                        List<NotificationView> notifications) {
    public StudyView {
        notifications = List.copyOf(notifications);
    }
}
