package ferry.router.web.api;

import ferry.router.action.Resend;
import ferry.router.index.IndexSearch;
import ferry.router.log.RecentLog;
import ferry.router.metrics.ReceivedPerMinute;
import ferry.router.queue.JobView;
import ferry.router.queue.QueueView;
import ferry.router.receive.UnroutedArea;
import ferry.router.status.FerryStatus;
import ferry.router.study.NotificationView;
import ferry.router.study.StudyView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the REST API reads from and does to the running Ferry; the service implements it. Methods that change
 * something throw {@link IllegalArgumentException} for a request that names what is not there (nothing is changed
 * then), with a message for the caller.
 */
public interface RunningFerry {
    /** What {@code ferry status} shows. */
    FerryStatus status();

    /** The routes in force, with what each received. */
    List<RouteView> routes() throws IOException;

    /** The forwarding queue, with the first {@code listed} jobs failed or waiting for a retry per destination. */
    QueueView queue(int listed) throws IOException;

    /** The jobs of a destination ({@link ferry.router.queue.ForwardQueue#jobs}). */
    List<JobView> jobs(String destination, String state, long afterId, int limit) throws IOException;

    /** {@code ferry queue retry ARGS}: destinations and job ids; returns what was done. */
    String retryJobs(List<String> arguments) throws IOException;

    /** {@code ferry queue purge ARGS}: destinations and job ids; returns what was done. */
    String purgeJobs(List<String> arguments) throws IOException;

    /** The studies of routes that notify ({@link ferry.router.study.StudyTracker#list}). */
    List<StudyView> studies(String state, String studyUid, int offset, int limit) throws IOException;

    /** The notifications ({@link ferry.router.study.NotificationDispatcher#list}). */
    List<NotificationView> notifications(String state, long beforeId, int limit) throws IOException;

    /** Sends failed notifications again: those of {@code ids}, all when empty; returns how many. */
    int retryNotifications(List<Long> ids) throws IOException;

    /** The unrouted area. */
    UnroutedArea.Listing unrouted(int offset, int limit) throws IOException;

    /** Routes objects of the unrouted area again: those of {@code paths}, all when empty. */
    List<UnroutedArea.Rerouted> reroute(List<String> paths) throws IOException;

    /** Queues the stored instances of a study (or series) to a destination again. */
    Resend.Result resend(String studyUid, String seriesUid, String destination) throws IOException;

    /** The index, when {@code index: on}. */
    Optional<IndexSearch> index();

    /** The configuration file checked as a reload would read it. */
    ConfigCheck checkConfig();

    /** Reloads the configuration file; returns what happened. */
    ConfigCheck.Reload reload();

    /** Objects and bytes received in each of the last {@code minutes} minutes. */
    ReceivedPerMinute.Series receivedPerMinute(int minutes);

    /** The last lines of the log ({@link RecentLog#last}). */
    List<RecentLog.Line> recentLog(int limit, String least, long after);
}
