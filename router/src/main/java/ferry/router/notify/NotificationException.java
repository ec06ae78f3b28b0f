package ferry.router.notify;

/** A notification that was not delivered, with the reason; permanent when a retry cannot help. */
public final class NotificationException extends Exception {
    private final boolean permanent;

    public NotificationException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public NotificationException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    /** True when retrying cannot help (a rejected recipient, a malformed template): not retried. */
    public boolean permanent() {
        return permanent;
    }
}
