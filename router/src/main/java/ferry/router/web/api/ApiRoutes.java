package ferry.router.web.api;

import static ferry.router.web.RequestParams.intParam;
import static ferry.router.web.RequestParams.longParam;
import static ferry.router.web.RequestParams.uid;

import com.fasterxml.jackson.core.JsonProcessingException;
import ferry.router.action.Resend;
import ferry.router.log.RecentLog;
import ferry.router.metrics.ReceivedPerMinute;
import ferry.router.queue.JobView;
import ferry.router.queue.QueueView;
import ferry.router.receive.UnroutedArea;
import ferry.router.status.FerryStatus;
import ferry.router.study.NotificationView;
import ferry.router.study.StudyView;
import ferry.router.web.Caller;
import ferry.router.web.Json;
import ferry.router.web.Routes;
import ferry.router.web.WebRoutes;
import ferry.router.web.auth.Role;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of the running Ferry (docs/api.md), but the index's ({@link IndexRoutes}): each route is declared as
 * an {@link Operation} (what the OpenAPI document says of it) and registered from it. Reads need
 * {@link Role#VIEWER}, changes {@link Role#ADMIN}; a change is logged with who made it.
 */
public final class ApiRoutes implements WebRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    /** Items of a listing by default, and at most. */
    static final int LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final RunningFerry ferry;
    private final String version;
    private final List<Operation> operations = new ArrayList<>();

    /** @param version Ferry's version, for the OpenAPI document */
    public ApiRoutes(RunningFerry ferry, String version) {
        this.ferry = ferry;
        this.version = version;
    }

    @Override
    public void register(Routes routes) {
        Operation.Parameter limit = Operation.Parameter.query("limit", "integer", "at most this many (default "
                + LIMIT + ", at most " + MAX_LIMIT + ")");
        Operation.Parameter offset = Operation.Parameter.query("offset", "integer", "skip this many first");
        add(routes, get("/api/status", "What the running Ferry is doing: what `ferry status` shows",
                List.of(), new Operation.One(FerryStatus.class)), ctx -> Json.answer(ctx, 200, ferry.status()));
        add(routes, get("/api/routes", "The routes in force, with what each received", List.of(),
                new Operation.Many(RouteView.class)), ctx -> Json.answer(ctx, 200, ferry.routes()));
        add(routes, get("/api/queue", "The forwarding queue per destination: what `ferry queue` shows",
                List.of(Operation.Parameter.query("listed", "integer", "failed and retrying jobs listed per "
                        + "destination (default 20)")), new Operation.One(QueueView.class)),
                ctx -> Json.answer(ctx, 200, ferry.queue(intParam(ctx, "listed", 20, 0, MAX_LIMIT))));
        add(routes, get("/api/queue/{destination}/jobs", "The jobs of a destination that are not done, by id",
                List.of(Operation.Parameter.path("destination", "the destination's name"),
                        Operation.Parameter.query("state", "string", "pending, retrying or failed (default: all)"),
                        Operation.Parameter.query("after", "integer", "only jobs with a larger id"), limit),
                new Operation.Many(JobView.class)), this::jobs);
        add(routes, post("/api/queue/retry", "Puts failed jobs back and tries waiting ones now (`ferry queue retry`)",
                new Operation.One(Requests.JobTargets.class), new Operation.One(Requests.Message.class)),
                ctx -> queueChange(ctx, true));
        add(routes, post("/api/queue/purge", "Removes failed jobs and the files nothing else needs (`ferry queue "
                + "purge`)", new Operation.One(Requests.JobTargets.class), new Operation.One(Requests.Message.class)),
                ctx -> queueChange(ctx, false));
        add(routes, get("/api/studies", "Studies of routes that notify, the latest first: awaiting completion (with "
                        + "the countdown) or complete, with their notifications",
                List.of(Operation.Parameter.query("state", "string", "awaiting or complete (default: both)"), offset,
                        limit), new Operation.Many(StudyView.class)),
                ctx -> Json.answer(ctx, 200, valid(() -> ferry.studies(ctx.queryParam("state"), null,
                        intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE), intParam(ctx, "limit", LIMIT, 1,
                                MAX_LIMIT)))));
        add(routes, get("/api/studies/{study}", "One study, per route that tracks it",
                List.of(Operation.Parameter.path("study", "the Study Instance UID")),
                new Operation.Many(StudyView.class)), this::study);
        add(routes, get("/api/notifications", "Notifications, the newest first",
                List.of(Operation.Parameter.query("state", "string", "pending, sent or failed (default: all)"),
                        Operation.Parameter.query("before", "integer", "only notifications with a smaller id"),
                        limit), new Operation.Many(NotificationView.class)),
                ctx -> Json.answer(ctx, 200, valid(() -> ferry.notifications(ctx.queryParam("state"),
                        longParam(ctx, "before", Long.MAX_VALUE), intParam(ctx, "limit", LIMIT, 1, MAX_LIMIT)))));
        add(routes, post("/api/notifications/retry", "Sends failed notifications again (all of them when no ids are"
                + " given)", new Operation.One(Requests.NotificationIds.class),
                new Operation.One(Requests.Retried.class)), this::retryNotifications);
        add(routes, get("/api/unrouted", "Objects that no route matched, in the unrouted area", List.of(offset, limit),
                new Operation.One(UnroutedArea.Listing.class)),
                ctx -> Json.answer(ctx, 200, ferry.unrouted(intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE),
                        intParam(ctx, "limit", LIMIT, 1, MAX_LIMIT))));
        add(routes, post("/api/unrouted/reroute", "Routes objects of the unrouted area again with the routes in force"
                + " (all of them when no paths are given)", new Operation.One(Requests.UnroutedPaths.class),
                new Operation.Many(UnroutedArea.Rerouted.class)), this::reroute);
        add(routes, post("/api/resend", "Queues the stored instances of a study (or one series) to a destination "
                + "again", new Operation.One(Requests.Resend.class),
                new Operation.One(Resend.Result.class)), this::resend);
        add(routes, get("/api/config/check", "The configuration file checked as a reload would read it", List.of(),
                new Operation.One(ConfigCheck.class)), ctx -> Json.answer(ctx, 200, ferry.checkConfig()));
        add(routes, post("/api/config/reload", "Reloads the configuration file (`ferry reload`)", null,
                new Operation.One(ConfigCheck.Reload.class)), this::reload);
        add(routes, get("/api/received/per-minute", "Objects and bytes received in each of the last minutes, the "
                        + "oldest first (the dashboard's chart)", List.of(Operation.Parameter.query("minutes",
                        "integer", "how many minutes (default 60, at most " + ReceivedPerMinute.MINUTES + ")")),
                new Operation.One(ReceivedPerMinute.Series.class)),
                ctx -> Json.answer(ctx, 200, ferry.receivedPerMinute(intParam(ctx, "minutes", 60, 1,
                        ReceivedPerMinute.MINUTES))));
        add(routes, get("/api/log", "The last lines of Ferry's log, the oldest first (kept in memory: the last "
                        + RecentLog.LINES + ")", List.of(Operation.Parameter.query("level", "string", "error, warn, "
                                + "info, debug or trace: only lines at that level or above (default: all kept)"),
                        Operation.Parameter.query("after", "integer", "only lines with a larger sequence number"),
                        Operation.Parameter.query("limit", "integer", "at most this many, the latest (default "
                                + LIMIT + ", at most " + RecentLog.LINES + ")")),
                new Operation.Many(RecentLog.Line.class)),
                ctx -> Json.answer(ctx, 200, valid(() -> ferry.recentLog(intParam(ctx, "limit", LIMIT, 1,
                        RecentLog.LINES), ctx.queryParam("level"), longParam(ctx, "after", -1)))));
        new IndexRoutes(ferry).operations().forEach(entry -> add(routes, entry.operation(), entry.handler()));
        Operation document = get("/api/openapi.json", "This document (OpenAPI 3)", List.of(),
                new Operation.Raw("application/json", "the OpenAPI 3.0 document of this API"));
        document = new Operation(document.method(), document.path(), Role.ANYONE, document.summary(), List.of(),
                null, document.response());
        operations.add(document);
        byte[] openApi = OpenApi.document(allOperations(), version);
        routes.get(document.path(), Role.ANYONE, ctx -> ctx.contentType("application/json").result(openApi));
    }

    /** Every operation of the API: those registered here and the login routes of the web server. */
    private List<Operation> allOperations() {
        List<Operation> all = new ArrayList<>(OpenApi.LOGIN_OPERATIONS);
        all.addAll(operations);
        return all;
    }

    private void add(Routes routes, Operation operation, Handler handler) {
        operations.add(operation);
        if (operation.method().equals("GET")) {
            routes.get(operation.path(), operation.role(), handler);
        } else {
            routes.post(operation.path(), operation.role(), handler);
        }
    }

    private static Operation get(String path, String summary, List<Operation.Parameter> parameters,
                                 Operation.Body response) {
        return new Operation("GET", path, Role.VIEWER, summary, parameters, null, response);
    }

    private static Operation post(String path, String summary, Operation.Body request, Operation.Body response) {
        return new Operation("POST", path, Role.ADMIN, summary, List.of(), request, response);
    }

    private void jobs(Context ctx) throws IOException {
        String destination = ctx.pathParam("destination");
        if (ferry.queue(0).destinations().stream().noneMatch(d -> d.destination().equals(destination))) {
            throw new NotFoundResponse("no destination '" + Json.clean(destination) + "' is configured or has jobs");
        }
        Json.answer(ctx, 200, valid(() -> ferry.jobs(destination, ctx.queryParam("state"),
                longParam(ctx, "after", 0), intParam(ctx, "limit", LIMIT, 1, MAX_LIMIT))));
    }

    private void queueChange(Context ctx, boolean retry) throws IOException {
        Requests.JobTargets targets = body(ctx, Requests.JobTargets.class, new Requests.JobTargets(null, null));
        List<String> arguments = new ArrayList<>(targets.destinations());
        targets.jobs().forEach(id -> arguments.add(Long.toString(id)));
        String message = valid(() -> retry ? ferry.retryJobs(arguments) : ferry.purgeJobs(arguments)).strip();
        LOG.info("HTTP: {} by {}: {}", retry ? "queue retry" : "queue purge", Caller.of(ctx).name(), message);
        Json.answer(ctx, 200, new Requests.Message(message));
    }

    private void study(Context ctx) throws IOException {
        String study = uid(ctx.pathParam("study"), "study");
        List<StudyView> found = ferry.studies(null, study, 0, MAX_LIMIT);
        if (found.isEmpty()) {
            throw new NotFoundResponse("no route that notifies has study " + study);
        }
        Json.answer(ctx, 200, found);
    }

    private void retryNotifications(Context ctx) throws IOException {
        Requests.NotificationIds ids = body(ctx, Requests.NotificationIds.class, new Requests.NotificationIds(null));
        int retried = valid(() -> ferry.retryNotifications(ids.ids()));
        LOG.info("HTTP: {} notification(s) retried by {}", retried, Caller.of(ctx).name());
        Json.answer(ctx, 200, new Requests.Retried(retried));
    }

    private void reroute(Context ctx) throws IOException {
        Requests.UnroutedPaths paths = body(ctx, Requests.UnroutedPaths.class, new Requests.UnroutedPaths(null));
        List<UnroutedArea.Rerouted> results = valid(() -> ferry.reroute(paths.paths()));
        LOG.info("HTTP: re-route of {} object(s) from the unrouted area by {}", results.size(),
                Caller.of(ctx).name());
        Json.answer(ctx, 200, results);
    }

    private void resend(Context ctx) throws IOException {
        Requests.Resend request = body(ctx, Requests.Resend.class, null);
        if (request == null || request.study() == null || request.destination() == null) {
            throw new BadRequestResponse("send {\"study\": UID, \"destination\": NAME} (and \"series\": UID for one"
                    + " series)");
        }
        uid(request.study(), "study");
        if (request.series() != null) {
            uid(request.series(), "series");
        }
        var result = valid(() -> ferry.resend(request.study(), request.series(), request.destination()));
        LOG.info("HTTP: resend by {}: {}", Caller.of(ctx).name(), result);
        Json.answer(ctx, 200, result);
    }

    private void reload(Context ctx) {
        ConfigCheck.Reload result = ferry.reload();
        LOG.info("HTTP: reload by {}", Caller.of(ctx).name());
        Json.answer(ctx, result.reloaded() ? 200 : 409, result);
    }

    /** A call whose {@link IllegalArgumentException} is the caller's mistake: 400 with its message. */
    static <T> T valid(Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    /** A call to the running Ferry. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException;
    }

    /** The JSON body as {@code type}; {@code empty} when there is none. */
    static <T> T body(Context ctx, Class<T> type, T empty) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return empty;
        }
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("the body is not what " + ctx.path() + " takes (docs/api.md): "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestResponse("the body cannot be read: " + e.getMessage());
        }
    }
}
