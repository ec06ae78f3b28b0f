package ferry.router.events;

/**
 * A notification was delivered: the mail server took the mail, the webhook answered 2xx, the command exited 0.
 *
 * @param route        the route whose completion it tells of
 * @param channel      the kind of channel: {@code email}, {@code webhook} or {@code command}
 * @param description  the channel as the log describes it (no secrets)
 * @param notification the notification's id in the outbox
 * @param attempts     the attempts it took, this one included
 */
public record NotificationSent(String route, String channel, String description, long notification, int attempts)
        implements FerryEvent {
}
