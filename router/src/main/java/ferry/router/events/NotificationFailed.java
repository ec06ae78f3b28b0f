package ferry.router.events;

/**
 * An attempt at a notification failed.
 *
 * @param route        the route whose completion it tells of
 * @param channel      the kind of channel: {@code email}, {@code webhook} or {@code command}
 * @param description  the channel as the log describes it (no secrets)
 * @param notification the notification's id in the outbox
 * @param attempts     the attempts so far, this one included
 * @param reason       why it failed
 * @param givenUp      no more attempts: the failure is permanent, or the retries' time is up
 */
public record NotificationFailed(String route, String channel, String description, long notification, int attempts,
                                 String reason, boolean givenUp) implements FerryEvent {
}
