/**
 * Who may use Ferry's web server, and how they prove it (docs/web.md, "Security"): the {@code users:} of the
 * configuration with their {@link ferry.router.web.auth.Role} and BCrypt password hashes
 * ({@link ferry.router.web.auth.Users}, {@link ferry.router.web.auth.PasswordHash}), login sessions kept in memory
 * ({@link ferry.router.web.auth.Sessions}), the limit on failed logins per client address
 * ({@link ferry.router.web.auth.LoginThrottle}), and the check every request passes before its handler
 * ({@link ferry.router.web.auth.AccessControl}): the role its route needs, the CSRF token of a state change made
 * with a session, the Host header of a server that serves only this machine.
 */
package ferry.router.web.auth;
