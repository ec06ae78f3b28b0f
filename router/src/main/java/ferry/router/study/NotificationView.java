package ferry.router.study;

import java.time.Instant;
import java.util.List;

/**
 * A notification of the outbox as the REST API shows it (docs/api.md, {@code GET /api/notifications}).
 *
 * @param id                its id, for {@code POST /api/notifications/retry}
 * @param route             the route that notifies
 * @param channel           the channel, as described when the notification was made (e-mail to ..., webhook ...)
 * @param level             {@code study} or {@code series}
 * @param studyInstanceUid  the study
 * @param seriesInstanceUid the series, for a series notification; else null
 * @param round             1 for the first report of the study, 2 and on for late arrivals
 * @param state             {@code pending} (waiting for delivery or a retry), {@code sent} or {@code failed}
 * @param attempts          failed attempts (a sent one counts its success too)
 * @param createdAt         when it was made (the completion), or last retried by hand
 * @param nextAttemptAt     when it is tried next, while pending; else null
 * @param doneAt            when it was sent or given up; else null
 * @param lastError         why the last attempt failed, or null
 */
public record NotificationView(long id, String route, String channel, String level, String studyInstanceUid,
                               String seriesInstanceUid, int round, String state, int attempts, Instant createdAt,
                               Instant nextAttemptAt, Instant doneAt, String lastError) {
    /** The states a notification can be in. */
    public static final List<String> STATES = List.of("pending", "sent", "failed");
}
