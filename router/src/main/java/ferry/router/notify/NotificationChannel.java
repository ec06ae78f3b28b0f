package ferry.router.notify;

/**
 * One way of telling about a completion: an e-mail, a webhook, a command. Channels are called from Ferry's
 * notification threads, never from the receiving path; a delivery that fails is retried later with the same report,
 * so a channel keeps no state between deliveries. Implementations are thread-safe.
 */
public interface NotificationChannel {
    /** A short description for the log and {@code ferry status}, without secrets: "e-mail to a@example.org". */
    String describe();

    /** The kind of channel, for the metrics' labels: {@code email}, {@code webhook}, {@code command}. */
    String kind();

    /** Whether this channel wants study or series completions. */
    CompletionReport.Level on();

    /**
     * Delivers the report; returns once the other side accepted it (the SMTP server took the mail, the webhook
     * answered 2xx, the command exited 0).
     *
     * @throws NotificationException saying why it was not delivered; {@link NotificationException#permanent()}
     *                               when trying again cannot help
     */
    void deliver(CompletionReport report) throws NotificationException;
}
