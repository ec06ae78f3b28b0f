/**
 * Telling people and programs that a study (or series) has arrived: the {@link ferry.router.notify.CompletionReport}
 * event, the channels that deliver it (e-mail over SMTP, webhook, command) and their settings
 * ({@link ferry.router.notify.NotifyConfig}, {@link ferry.router.notify.SmtpConfig}).
 */
package ferry.router.notify;
