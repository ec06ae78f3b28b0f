package ferry.router.web;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.web.auth.Role;
import ferry.router.web.auth.Sessions;
import ferry.router.web.auth.User;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out (docs/api.md, "Sessions"): {@code POST /api/login} with {@code {"username", "password"}} as
 * JSON makes a session and sets its cookie ({@value AccessControl#COOKIE}: HttpOnly, SameSite=Strict, Secure under
 * TLS, gone when the browser closes), and answers with the CSRF token that the session's state changes carry;
 * {@code GET /api/session} says who is logged in (and gives the token again); {@code POST /api/logout} ends the
 * session. Failed logins count against the client's address ({@link ferry.router.web.auth.LoginThrottle}).
 */
final class LoginRoutes implements WebRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    static final String LOGIN = "/api/login";

    private final AccessControl access;

    LoginRoutes(AccessControl access) {
        this.access = access;
    }

    @Override
    public void register(Routes routes) {
        routes.post(LOGIN, Role.ANYONE, this::login)
                .post("/api/logout", Role.VIEWER, this::logout)
                .get("/api/session", Role.VIEWER, this::session);
    }

    private void login(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Json.error(ctx, 415, "send {\"username\": ..., \"password\": ...} as application/json");
            return;
        }
        if (access.users().isEmpty()) {
            Json.error(ctx, 400, "this server has no users: it serves this machine only, without logging in"
                    + " (docs/web.md)");
            return;
        }
        String address = ctx.ip();
        Optional<Duration> wait = access.throttle().wait(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            Json.error(ctx, 429, "too many failed logins from " + address + ": try again in " + seconds + " s");
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            Json.error(ctx, 400, "the body is not JSON");
            return;
        }
        if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
            Json.error(ctx, 400, "send {\"username\": ..., \"password\": ...}");
            return;
        }
        String name = body.get("username").asText();
        Optional<User> user = access.users().verify(name, body.get("password").asText());
        if (user.isEmpty()) {
            access.throttle().failed(address);
            LOG.warn("HTTP: failed login of '{}' from {}", Json.clean(name), address);
            Json.error(ctx, 401, "wrong user name or password");
            return;
        }
        access.throttle().succeeded(address);
        String old = ctx.cookie(AccessControl.COOKIE);
        if (old != null) {
            access.sessions().end(old);
        }
        Sessions.Session session = access.sessions().create(user.get());
        ctx.header("Set-Cookie", AccessControl.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (access.secure() ? "; Secure" : ""));
        LOG.info("HTTP: {} logged in from {}", user.get(), address);
        Json.answer(ctx, 200, describe(new Caller(user.get().name(), user.get().role(), Caller.How.SESSION,
                session)));
    }

    private void logout(Context ctx) {
        Caller caller = Caller.of(ctx);
        if (caller.session() != null) {
            access.sessions().end(caller.session().id());
            LOG.info("HTTP: {} logged out", caller.session().user());
        }
        ctx.header("Set-Cookie", AccessControl.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (access.secure() ? "; Secure" : ""));
        Json.answer(ctx, 200, Map.of("loggedOut", caller.session() != null));
    }

    private void session(Context ctx) {
        Json.answer(ctx, 200, describe(Caller.of(ctx)));
    }

    /** Who the caller is; with the CSRF token its state changes need, when it has one. */
    private Map<String, Object> describe(Caller caller) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", caller.name());
        answer.put("role", caller.role().written());
        answer.put("how", caller.how().name().toLowerCase(Locale.ROOT));
        if (caller.how() == Caller.How.SESSION) {
            answer.put("csrfToken", caller.session().csrfToken());
            answer.put("idleTimeoutSeconds", access.sessions().timeout().toSeconds());
        } else if (caller.how() == Caller.How.LOCAL) {
            answer.put("csrfToken", access.localToken());
        }
        return answer;
    }
}
