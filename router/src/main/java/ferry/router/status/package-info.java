/**
 * What a running Ferry reports of itself, as typed values: {@link ferry.router.status.FerryStatus} is the data of
 * {@code ferry status} (its text), {@code ferry status --json} and {@code GET /api/status}, so the three always
 * agree (docs/running.md, docs/api.md). Made by the service ({@code ferry.router.run}), read by the command line and
 * the web API.
 */
package ferry.router.status;
