package ferry.router.study;

import java.time.Instant;

/**
 * A study whose completion is awaited (objects of it not yet reported), as {@code ferry status} lists it.
 *
 * @param route     the route that notifies about it
 * @param studyUid  its Study Instance UID
 * @param objects   objects stored since its last report (since the first, before the first report)
 * @param lastAt    when its latest object arrived
 * @param dueAt     when it completes if nothing more arrives: its last arrival plus the quiet period, or the force-after
 *                  cap when that comes first
 */
public record PendingStudy(String route, String studyUid, long objects, Instant lastAt, Instant dueAt) {
}
