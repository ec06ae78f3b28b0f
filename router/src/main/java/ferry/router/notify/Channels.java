package ferry.router.notify;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Makes the channel a {@code notify:} entry describes. */
public final class Channels {
    private Channels() {
    }

    /**
     * The channel for {@code config}; secrets (the SMTP password, the webhook's signing key) are read now from the
     * variables the configuration names. A command gets only a few variables of {@code environment}, none secret.
     *
     * @param environment looks up an environment variable, {@code System::getenv} in Ferry
     * @throws IllegalStateException when a variable the configuration names is not set or empty
     */
    public static NotificationChannel create(NotifyConfig config, SmtpConfig smtp,
                                             Function<String, String> environment) {
        if (config instanceof NotifyConfig.Email email) {
            String password = smtp.user() == null ? null
                    : secret(environment, smtp.passwordVariable(), "smtp.password-variable");
            return new EmailChannel(email, smtp, password);
        }
        if (config instanceof NotifyConfig.Webhook webhook) {
            String secret = webhook.secretVariable() == null ? null
                    : secret(environment, webhook.secretVariable(), "the secret-variable of the webhook to "
                    + webhook.url().getHost());
            return new WebhookChannel(webhook, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
        }
        return new CommandChannel((NotifyConfig.Command) config, environment);
    }

    private static String secret(Function<String, String> environment, String variable, String namedBy) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("environment variable " + variable + " (" + namedBy + ") is not set");
        }
        return value;
    }

    /** The first exception of {@code type} among the causes of {@code e}, or null. */
    static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
