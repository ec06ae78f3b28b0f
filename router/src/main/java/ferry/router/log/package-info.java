/**
 * Ferry's own log: the {@code log:} settings of the configuration ({@link ferry.router.log.LogSettings}) and
 * putting them in force in Logback ({@link ferry.router.log.LogOutput}): the level, per-logger levels, a file that
 * Ferry rolls itself by size and by day with a total cap (no logrotate needed), plain or JSON lines, and the
 * console. Applied at the start of {@code ferry run} and again at each reload (docs/operations.md).
 */
package ferry.router.log;
