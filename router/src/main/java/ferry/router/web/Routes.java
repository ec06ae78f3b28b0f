package ferry.router.web;

import ferry.router.web.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link WebRoutes} adds its routes: a method, a path in Javalin's syntax ({@code /api/jobs/{id}}), the
 * {@link Role} a caller needs, and the handler (Javalin's {@link io.javalin.http.Context} gives it the request and
 * the response). A route that changes state (any method but GET and HEAD) needs at least {@link Role#VIEWER}, and a
 * caller with a session cookie must send its CSRF token; a handler never checks either itself. Two parts cannot
 * take the same method and path.
 */
public final class Routes {
    /**
     * A registered route.
     *
     * @param method GET, POST, PUT, DELETE, ...
     * @param path   the path, in Javalin's syntax
     * @param role   what a caller needs
     */
    public record Route(String method, String path, Role role) {
    }

    private final RoutesConfig javalin;
    private final List<Route> registered = new ArrayList<>();

    Routes(RoutesConfig javalin) {
        this.javalin = javalin;
    }

    /** A GET route (HEAD is answered with it). */
    public Routes get(String path, Role role, Handler handler) {
        return add(HandlerType.GET, path, role, handler);
    }

    /** A POST route. */
    public Routes post(String path, Role role, Handler handler) {
        return add(HandlerType.POST, path, role, handler);
    }

    /** A PUT route. */
    public Routes put(String path, Role role, Handler handler) {
        return add(HandlerType.PUT, path, role, handler);
    }

    /** A DELETE route. */
    public Routes delete(String path, Role role, Handler handler) {
        return add(HandlerType.DELETE, path, role, handler);
    }

    /** Whether a route with this method and path is registered already. */
    public boolean has(String method, String path) {
        return registered.stream().anyMatch(r -> r.method().equals(method) && r.path().equals(path));
    }

    private Routes add(HandlerType method, String path, Role role, Handler handler) {
        Objects.requireNonNull(role, "role");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with /: " + path);
        }
        if (has(method.name(), path)) {
            throw new IllegalStateException(method.name() + " " + path + " is registered twice");
        }
        if (method != HandlerType.GET && method != HandlerType.HEAD && role == Role.ANYONE
                && !LoginRoutes.LOGIN.equals(path)) {
            throw new IllegalArgumentException(method.name() + " " + path + " changes state: it needs a role");
        }
        registered.add(new Route(method.name(), path, role));
        javalin.addHttpHandler(method, path, handler, role);
        return this;
    }

    /** The routes registered so far, in order. */
    public List<Route> registered() {
        return List.copyOf(registered);
    }
}
