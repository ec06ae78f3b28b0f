package ferry.router.retention;

import java.time.Instant;

/**
 * What one housekeeping run deleted (or, for a dry run, would delete).
 *
 * @param finishedAt    when the run ended
 * @param dryRun        whether it only counted
 * @param objects       journal records of finished objects, with their actions
 * @param actions       of those, the action rows
 * @param forwardJobs   delivered forward jobs
 * @param notifications sent or given-up notifications
 * @param studies       completion states of reported studies (with their series and failures)
 * @param storeFiles    files aged out of store folders with {@code keep:}
 * @param freedBytes    bytes the SQLite database file gave back (0 on PostgreSQL, whose autovacuum does that)
 */
public record PruneReport(Instant finishedAt, boolean dryRun, long objects, long actions, long forwardJobs,
                          long notifications, long studies, long storeFiles, long freedBytes) {
    /** One line for the log, {@code ferry prune} and {@code ferry status}. */
    public String describe() {
        return (dryRun ? "would delete " : "deleted ") + objects + " finished object record(s) (" + actions
                + " action(s)), " + forwardJobs + " delivered forward job(s), " + notifications
                + " notification(s), " + studies + " reported stud(ies), " + storeFiles + " aged-out store file(s)"
                + (dryRun ? "" : "; the database gave back " + freedBytes + " bytes");
    }
}
