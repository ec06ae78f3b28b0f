package ferry.router.web;

import ferry.router.web.auth.Role;
import ferry.router.web.auth.Sessions;
import io.javalin.http.Context;

/**
 * Who made a request, as {@link AccessControl} found: a handler reads it with {@link #of(Context)} (to say who
 * retried a job in the log, for one).
 *
 * @param name    the user's name; {@code local} for {@link How#LOCAL}, empty for {@link How#ANONYMOUS}
 * @param role    what the caller may do
 * @param how     how the caller proved it
 * @param session the login session, for {@link How#SESSION}; else null
 */
public record Caller(String name, Role role, How how, Sessions.Session session) {
    private static final String ATTRIBUTE = "ferry.caller";

    /** How a caller proved who it is. */
    public enum How {
        /** A session cookie from {@code POST /api/login}. */
        SESSION,
        /** HTTP Basic credentials on the request itself (scripts). */
        BASIC,
        /** Nothing: the server serves this machine only and has no users, so whoever connects is an admin. */
        LOCAL,
        /** Nothing, and it had to. */
        ANONYMOUS
    }

    /** The caller of the request {@code ctx}, as {@link AccessControl} recorded it. */
    public static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        return caller == null ? new Caller("", Role.ANYONE, How.ANONYMOUS, null) : caller;
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** Whether the caller is logged in (or local without users), so may see patient identifiers. */
    public boolean loggedIn() {
        return how != How.ANONYMOUS;
    }
}
