package ferry.router.web;

import ferry.router.web.auth.LoginThrottle;
import ferry.router.web.auth.Role;
import ferry.router.web.auth.Sessions;
import ferry.router.web.auth.User;
import ferry.router.web.auth.Users;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every request of the web server passes before its handler (docs/web.md, "Security"), in this order:
 * <ol>
 *     <li>a server that serves this machine only answers only requests whose {@code Host} is a loopback name or
 *     address (a web page elsewhere cannot reach it by a DNS name that points to 127.0.0.1: DNS rebinding);</li>
 *     <li>a state change (any method but GET, HEAD, OPTIONS) that a browser says comes from another site
 *     ({@code Sec-Fetch-Site}) is refused;</li>
 *     <li>the caller: HTTP Basic credentials, else a session cookie, else, with no users, the local admin; failed
 *     Basic credentials count against the address like failed logins ({@link LoginThrottle});</li>
 *     <li>the route's {@link Role}: none given to a caller who must log in is 401, too little is 403;</li>
 *     <li>a state change made with a session cookie (or locally) must carry the session's CSRF token in
 *     {@value #CSRF_HEADER}, else 403. Basic credentials are not sent by a browser on its own (the server never
 *     asks a browser for them), so they need none.</li>
 * </ol>
 * Verified Basic credentials are remembered for {@link #BASIC_REMEMBERED} (a hash of them, never the password), so
 * a script's requests do not each cost a BCrypt check.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    /** The header of the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The session cookie's name. */
    public static final String COOKIE = "ferry_session";
    /** How long verified Basic credentials are remembered. */
    static final Duration BASIC_REMEMBERED = Duration.ofMinutes(5);
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private volatile Users users;
    private final boolean loopbackOnly;
    private final boolean secure;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Clock clock;
    /** The CSRF token of the local admin (no users): what a page of this server reads from /api/session. */
    private final String localToken = Sessions.randomToken();
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(User user, Instant until) {
    }

    /**
     * @param loopbackOnly whether the server listens on a loopback address only
     * @param secure       whether it serves HTTPS (cookies are then {@code Secure})
     */
    public AccessControl(Users users, boolean loopbackOnly, boolean secure, Sessions sessions, LoginThrottle throttle,
                         Clock clock) {
        this.users = users;
        this.loopbackOnly = loopbackOnly;
        this.secure = secure;
        this.sessions = sessions;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Puts {@code next} in force (a reload): sessions of removed or changed users end. */
    public void updateUsers(Users next) {
        users = next;
        sessions.keepOnly(next);
        verified.clear();
    }

    Users users() {
        return users;
    }

    Sessions sessions() {
        return sessions;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    boolean secure() {
        return secure;
    }

    String localToken() {
        return localToken;
    }

    /** The check, as Javalin's before-matched handler: ends the request with its error when it fails. */
    void check(Context ctx) {
        if (loopbackOnly && !loopbackHost(ctx.header("Host"))) {
            throw new Refusal(403, "this server answers requests to localhost only (Host: "
                    + Json.clean(ctx.header("Host")) + ")");
        }
        boolean changes = !SAFE.contains(ctx.method());
        String site = ctx.header("Sec-Fetch-Site");
        if (changes && site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new Refusal(403, "a change from another site (Sec-Fetch-Site: " + Json.clean(site)
                    + ") is refused");
        }
        Caller caller = caller(ctx);
        caller.attachTo(ctx);
        Role needed = needed(ctx.routeRoles());
        if (needed == Role.ANYONE) {
            return;
        }
        if (caller.how() == Caller.How.ANONYMOUS) {
            if (ctx.header("Sec-Fetch-Mode") == null) {
                // scripts get the standard challenge; browsers never, so they never keep Basic credentials
                ctx.header("WWW-Authenticate", "Basic realm=\"Ferry\", charset=\"UTF-8\"");
            }
            throw new Refusal(401, "log in first: POST /api/login, or HTTP Basic credentials (docs/web.md)");
        }
        if (!caller.role().allows(needed)) {
            throw new Refusal(403, caller.name() + " is a " + caller.role().written() + "; this needs an "
                    + needed.written());
        }
        if (changes && (caller.how() == Caller.How.SESSION || caller.how() == Caller.How.LOCAL)) {
            String expected = caller.how() == Caller.How.SESSION ? caller.session().csrfToken() : localToken;
            String given = ctx.header(CSRF_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                throw new Refusal(403, "the CSRF token is missing or wrong: send the " + CSRF_HEADER
                        + " header that GET /api/session gives");
            }
        }
    }

    /** A request refused by the check, with its status. */
    static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The role a route needs: the strongest it names; {@link Role#ADMIN} when it names none (fail closed). */
    private static Role needed(Set<RouteRole> roles) {
        Role needed = null;
        for (RouteRole role : roles) {
            if (role instanceof Role r && (needed == null || r.compareTo(needed) > 0)) {
                needed = r;
            }
        }
        return needed == null ? Role.ADMIN : needed;
    }

    private Caller caller(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(ctx, authorization.substring(6).strip());
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null) {
            Optional<Sessions.Session> session = sessions.find(cookie);
            if (session.isPresent()) {
                User user = session.get().user();
                return new Caller(user.name(), user.role(), Caller.How.SESSION, session.get());
            }
        }
        if (users.isEmpty() && loopbackOnly) {
            return new Caller("local", Role.ADMIN, Caller.How.LOCAL, null);
        }
        return new Caller("", Role.ANYONE, Caller.How.ANONYMOUS, null);
    }

    private Caller basic(Context ctx, String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "the Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Refusal(400, "the Basic credentials are not NAME:PASSWORD");
        }
        String name = decoded.substring(0, colon);
        String key = digest(decoded);
        Remembered remembered = verified.get(key);
        Instant now = clock.instant();
        if (remembered != null && now.isBefore(remembered.until())) {
            return new Caller(name, remembered.user().role(), Caller.How.BASIC, null);
        }
        String address = ctx.ip();
        Optional<Duration> wait = throttle.wait(address);
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            throw new Refusal(429, "too many failed logins from " + address + ": try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        Optional<User> user = users.verify(name, decoded.substring(colon + 1));
        if (user.isEmpty()) {
            throttle.failed(address);
            LOG.warn("HTTP: wrong Basic credentials for user '{}' from {}", Json.clean(name), address);
            throw new Refusal(401, "wrong user name or password");
        }
        throttle.succeeded(address);
        if (verified.size() > 1000) {
            verified.clear();
        }
        verified.put(key, new Remembered(user.get(), now.plus(BASIC_REMEMBERED)));
        return new Caller(user.get().name(), user.get().role(), Caller.How.BASIC, null);
    }

    /** SHA-256 of the credentials, as the key of those verified (the password itself is not kept). */
    private static String digest(String credentials) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a Host header names this machine: localhost, 127.x.x.x or [::1], with any port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(1, end).equals("::1");
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
