/**
 * The router's C-STORE SCP handler: admission control by the free disk space and the journal's health, spooling (streamed, never whole in
 * memory), the routing header, the routing decision and the journal record, after which the success status is
 * sent and the object handed to its actions. The routes as configured ({@link ferry.router.receive.RouteConfig})
 * become the {@link ferry.router.receive.Routing} in force.
 */
package ferry.router.receive;
