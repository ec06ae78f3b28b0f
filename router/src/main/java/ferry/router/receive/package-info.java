/**
 * The router's C-STORE SCP handler: admission control by the free disk space and the journal's health, spooling
 * (streamed, never whole in memory), the routing header, the routing decision and the journal record, after which
 * the success status is sent and the object handed to its actions. The routes as configured ({@link
 * ferry.router.receive.RouteConfig}) become the {@link ferry.router.receive.Routing} in force.
 *
 * <p>The {@link ferry.router.receive.Spool} owns the received objects' files from their creation to their release:
 * it makes them durable with their records, places them into store folders, recycles or deletes them, and removes
 * at a start what no record needs, as the durability policy says; other packages tell it what happened to the
 * object.
 */
package ferry.router.receive;
