package ferry.router.web.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What a route of the web server asks of its caller (docs/web.md, "Users and roles"). Roles are ordered: an admin
 * may do what a viewer may.
 */
public enum Role implements RouteRole {
    /** Anyone, logged in or not: the login itself, the API's description. Such a route shows no patient data. */
    ANYONE,
    /** A logged-in user: reads everything, patient identifiers included, and changes nothing. */
    VIEWER,
    /** A logged-in administrator: also retries, purges, re-routes, resends and reloads. */
    ADMIN;

    /** Whether a caller with this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** How the role is written in the configuration and in answers: {@code viewer}, {@code admin}. */
    public String written() {
        return name().toLowerCase(Locale.ROOT);
    }
}
