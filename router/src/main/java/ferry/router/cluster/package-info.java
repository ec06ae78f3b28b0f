/**
 * The nodes of a Ferry cluster on one PostgreSQL database (docs/cluster.md): each node's row in {@code ferry_node}
 * with its heartbeat, version and load ({@link ferry.router.cluster.NodeRegistry}), and the
 * {@link ferry.router.cluster.Heartbeat} that writes it and keeps the node's leases (jobs, notifications) alive. On
 * the embedded SQLite database the one Ferry is the only node, and the same row says when it last beat.
 */
package ferry.router.cluster;
