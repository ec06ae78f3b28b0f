/**
 * Ferry's web server (docs/web.md): one Javalin (Jetty) instance that {@code ferry run} starts and stops
 * ({@link ferry.router.web.WebServer}), on {@code http://127.0.0.1:8080/} by default. Every part that serves
 * something over HTTP (the REST API, metrics, DICOMweb, the pages) is a {@link ferry.router.web.WebRoutes}: it
 * registers its routes, each with the {@link ferry.router.web.auth.Role} it needs, and never sees security code;
 * {@link ferry.router.web.AccessControl} checks every request before its handler (who is calling, the role, CSRF,
 * the Host header), and the login routes ({@link ferry.router.web.LoginRoutes}) make the sessions.
 */
package ferry.router.web;
