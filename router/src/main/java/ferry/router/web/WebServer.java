package ferry.router.web;

import ferry.router.web.auth.LoginThrottle;
import ferry.router.web.auth.Sessions;
import ferry.router.web.auth.Users;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's one web server (docs/web.md): Javalin on Jetty, with the routes of every {@link WebRoutes} given to
 * {@link #start}, each request checked by {@link AccessControl} before its handler. Errors are answered as JSON
 * ({@code {"error": "..."}}), and every answer carries {@code X-Content-Type-Options: nosniff},
 * {@code X-Frame-Options: DENY} and {@code Referrer-Policy: no-referrer}; the API's answers are not cached. At most
 * {@value #THREADS} requests are served at once, on threads named {@code ferry-http}, none of them a receiving
 * thread.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Requests served at once, at most. */
    static final int THREADS = 16;

    private final Javalin javalin;
    private final AccessControl access;
    private final List<Routes.Route> routes;
    private final boolean tls;

    private WebServer(Javalin javalin, AccessControl access, List<Routes.Route> routes, boolean tls) {
        this.javalin = javalin;
        this.access = access;
        this.routes = routes;
        this.tls = tls;
    }

    /**
     * Starts serving {@code parts} (and the login routes) as {@code settings} say.
     *
     * @throws IOException when the address and port cannot be listened on (in use, not an address of this machine)
     */
    public static WebServer start(WebSettings settings, List<WebRoutes> parts) throws IOException {
        AccessControl access = new AccessControl(settings.users(), settings.address().isLoopbackAddress(),
                settings.tls() != null, new Sessions(settings.sessionTimeout(), Clock.systemUTC()),
                new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
        List<Routes.Route> registered = new ArrayList<>();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2, 60_000);
            threads.setName("ferry-http");
            threads.setDaemon(true);
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jetty.addConnector((server, http) -> connector(server, http, settings));
            config.routes.before(WebServer::commonHeaders);
            config.routes.beforeMatched(access::check);
            config.routes.exception(AccessControl.Refusal.class,
                    (refusal, ctx) -> Json.error(ctx, refusal.status(), refusal.getMessage()));
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> Json.error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("HTTP: {} {} failed", ctx.method(), ctx.path(), e);
                Json.error(ctx, 500, "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            });
            Routes routes = new Routes(config.routes);
            new LoginRoutes(access).register(routes);
            parts.forEach(part -> part.register(routes));
            registered.addAll(routes.registered());
        });
        try {
            javalin.start();
        } catch (RuntimeException e) {
            javalin.stop();
            String where = settings.address().getHostAddress() + ":" + settings.port();
            if (causedBy(e, BindException.class)) {
                throw new IOException("cannot listen on " + where + " for HTTP: the port is in use (by another "
                        + "program, or another Ferry), or the address is not this machine's; choose another with "
                        + "http: {port: N}, or turn the web server off with http: off (docs/web.md)", e);
            }
            throw new IOException("cannot start the web server on " + where + ": " + e.getMessage(), e);
        }
        return new WebServer(javalin, access, List.copyOf(registered), settings.tls() != null);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The one connector: HTTP, or HTTPS with the TLS settings' key (SNI not checked: clients may use the IP). */
    private static ServerConnector connector(Server server, HttpConfiguration http, WebSettings settings) {
        ServerConnector connector;
        if (settings.tls() == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(settings.tls().context());
            ssl.setIncludeProtocols(settings.tls().protocols().toArray(String[]::new));
            ssl.setNeedClientAuth(settings.tls().requireClientCertificate());
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
        }
        connector.setHost(settings.address().getHostAddress());
        connector.setPort(settings.port());
        return connector;
    }

    private static void commonHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** The port listened on (the one chosen, when the settings said 0). */
    public int port() {
        return javalin.port();
    }

    /** Whether it serves HTTPS. */
    public boolean tls() {
        return tls;
    }

    /** Every route registered, the login routes included, in order. */
    public List<Routes.Route> routes() {
        return routes;
    }

    /** Puts the users of a reloaded configuration in force: sessions of removed or changed users end. */
    public void updateUsers(Users users) {
        access.updateUsers(users);
    }

    /** Stops serving; requests being served are cut. */
    @Override
    public void close() {
        javalin.stop();
    }
}
