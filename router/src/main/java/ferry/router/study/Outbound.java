package ferry.router.study;

import ferry.router.notify.CompletionReport;
import java.time.Instant;

/**
 * One notification of the outbox.
 *
 * @param id          its row (0 before it is written)
 * @param route       the route whose channel delivers it
 * @param channel     the channel's index in the route's notifications
 * @param description the channel's description when the notification was made
 * @param report      what it tells
 * @param createdAt   when the completion was decided
 * @param attempts    failed attempts so far
 */
record Outbound(long id, String route, int channel, String description, CompletionReport report, Instant createdAt,
                int attempts) {

    /** This notification once written, with its row. */
    Outbound withId(long newId) {
        return new Outbound(newId, route, channel, description, report, createdAt, attempts);
    }

    /** This notification after one more failed attempt. */
    Outbound failedOnceMore() {
        return new Outbound(id, route, channel, description, report, createdAt, attempts + 1);
    }
}
