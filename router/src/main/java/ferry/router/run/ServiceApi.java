package ferry.router.run;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.action.Resend;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.forward.ForwardConfig;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.journal.JournalCounts;
import ferry.router.journal.RouteCount;
import ferry.router.log.RecentLog;
import ferry.router.metrics.ReceivedPerMinute;
import ferry.router.queue.ForwardQueue;
import ferry.router.queue.JobView;
import ferry.router.queue.QueueView;
import ferry.router.receive.ReceiveCounters;
import ferry.router.receive.RouteConfig;
import ferry.router.receive.UnroutedArea;
import ferry.router.status.FerryStatus;
import ferry.router.storage.StoreConfig;
import ferry.router.study.NotificationDispatcher;
import ferry.router.study.NotificationView;
import ferry.router.study.StudyTracker;
import ferry.router.study.StudyView;
import ferry.router.web.api.ConfigCheck;
import ferry.router.web.api.RouteView;
import ferry.router.web.api.RunningFerry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The running Ferry as the REST API sees it ({@link RunningFerry}): the service's parts, asked and told. */
final class ServiceApi implements RunningFerry {
    private final FerryService service;
    private final Supplier<FerryStatus> status;
    private final ForwardQueue queue;
    private final StudyTracker studies;
    private final NotificationDispatcher dispatcher;
    private final UnroutedArea unrouted;
    private final Resend resend;
    private final IndexSearch index;

    ServiceApi(FerryService service, Supplier<FerryStatus> status, ForwardQueue queue, StudyTracker studies,
               NotificationDispatcher dispatcher, UnroutedArea unrouted, Resend resend, IndexSearch index) {
        this.service = service;
        this.status = status;
        this.queue = queue;
        this.studies = studies;
        this.dispatcher = dispatcher;
        this.unrouted = unrouted;
        this.resend = resend;
        this.index = index;
    }

    /**
     * Where an object of the unrouted area first came from, as the index recorded it; empty when the index is off
     * or does not hold it.
     */
    static Optional<UnroutedArea.Origin> origin(IndexSearch index, String sopInstanceUid) {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, sopInstanceUid);
        try (IndexCursor cursor = index.open(IndexQuery.of(QueryLevel.IMAGE, identifier))) {
            if (cursor.hasNext()) {
                IndexMatch match = cursor.next();
                if (match.handling() != null) {
                    return Optional.of(new UnroutedArea.Origin(match.handling().callingAeTitle(),
                            match.handling().calledAeTitle(), match.handling().peerAddress()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public FerryStatus status() {
        return status.get();
    }

    @Override
    public List<RouteView> routes() throws IOException {
        FerryConfig config = service.config();
        JournalCounts counts = service.journalCounts();
        ReceiveCounters counters = service.counters();
        List<RouteView> routes = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            ReceiveCounters.Count since = counters.perRoute().get(route.name());
            RouteCount all = counts.perRoute().get(route.name());
            routes.add(new RouteView(route.name(), route.line(), route.isDefault(), route.continueToNext(),
                    route.stores().stream().map(StoreConfig::folder).map(Object::toString).toList(),
                    route.forwards().stream().map(ForwardConfig::destination).toList(), route.notifications().size(),
                    since == null ? new FerryStatus.Count(0, 0) : new FerryStatus.Count(since.objects(), since.bytes()),
                    all == null ? new FerryStatus.Count(0, 0) : new FerryStatus.Count(all.objects(), all.bytes())));
        }
        return routes;
    }

    @Override
    public QueueView queue(int listed) throws IOException {
        return queue.view(listed);
    }

    @Override
    public List<JobView> jobs(String destination, String state, long afterId, int limit) throws IOException {
        return queue.jobs(destination, state, afterId, limit);
    }

    @Override
    public String retryJobs(List<String> arguments) throws IOException {
        return queue.retry(arguments);
    }

    @Override
    public String purgeJobs(List<String> arguments) throws IOException {
        return queue.purge(arguments);
    }

    @Override
    public List<StudyView> studies(String state, String studyUid, int offset, int limit) throws IOException {
        return studies.list(state, studyUid, offset, limit);
    }

    @Override
    public List<NotificationView> notifications(String state, long beforeId, int limit) throws IOException {
        return dispatcher.list(state, beforeId, limit);
    }

    @Override
    public int retryNotifications(List<Long> ids) throws IOException {
        return dispatcher.retry(ids);
    }

    @Override
    public UnroutedArea.Listing unrouted(int offset, int limit) throws IOException {
        return unrouted.list(offset, limit);
    }

    @Override
    public List<UnroutedArea.Rerouted> reroute(List<String> paths) throws IOException {
        return unrouted.reroute(paths);
    }

    @Override
    public Resend.Result resend(String studyUid, String seriesUid, String destination) throws IOException {
        if (index == null) {
            throw new IllegalArgumentException("the index is off (index: off): Ferry does not know which files a "
                    + "study has");
        }
        return resend.send(studyUid, seriesUid, destination);
    }

    @Override
    public Optional<IndexSearch> index() {
        return Optional.ofNullable(index);
    }

    @Override
    public ConfigCheck checkConfig() {
        FerryConfig current = service.config();
        if (current.source() == null) {
            return new ConfigCheck("embedded default", true, List.of(), List.of());
        }
        try {
            FerryConfig next = ConfigLoader.load(current.source());
            return new ConfigCheck(current.source().toString(), true, List.of(), current.startSettingsChangedIn(next));
        } catch (ConfigException e) {
            return new ConfigCheck(current.source().toString(), false,
                    e.problems().stream().map(Object::toString).toList(), List.of());
        } catch (IOException e) {
            return new ConfigCheck(current.source().toString(), false, List.of(e.getMessage()), List.of());
        }
    }

    @Override
    public ConfigCheck.Reload reload() {
        String message = service.reload();
        return new ConfigCheck.Reload(message.startsWith("reloaded"), message);
    }

    @Override
    public ReceivedPerMinute.Series receivedPerMinute(int minutes) {
        return service.receivedPerMinute().last(minutes);
    }

    @Override
    public List<RecentLog.Line> recentLog(int limit, String least, long after) {
        return RecentLog.installed().last(limit, least, after);
    }
}
