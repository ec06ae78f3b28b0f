/**
 * Telling people and programs that a study (or series) has arrived: the {@link ferry.router.notify.CompletionReport}
 * event and the channels that deliver it (e-mail over SMTP, webhook, command).
 */
package ferry.router.notify;
