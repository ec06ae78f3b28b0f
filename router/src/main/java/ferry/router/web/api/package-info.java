/**
 * Ferry's REST API (docs/api.md): JSON over the web server, described by the OpenAPI 3 document it serves at
 * {@code /api/openapi.json} ({@link ferry.router.web.api.OpenApi}, made from the same declarations the routes are
 * registered from). {@link ferry.router.web.api.ApiRoutes} serves the running Ferry's status, routes, queue,
 * studies, notifications, unrouted objects, resend and configuration; {@link ferry.router.web.api.IndexRoutes} the
 * index. Both ask a {@link ferry.router.web.api.RunningFerry}, which the service implements; the JSON of status and
 * queue is that of {@code ferry status --json} and {@code ferry queue --json}.
 */
package ferry.router.web.api;
