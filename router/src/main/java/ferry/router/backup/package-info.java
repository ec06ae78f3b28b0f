/**
 * Backups of a running or stopped Ferry ({@code ferry backup}, docs/operations.md): one zip file holding a
 * consistent copy of the journal database (journal, forwarding queue, study state and notifications) and the
 * configuration file, written so that a failure (a full disk) never leaves a partial file under the name asked for.
 */
package ferry.router.backup;
