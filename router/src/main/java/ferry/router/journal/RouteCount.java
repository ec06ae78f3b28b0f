package ferry.router.journal;

/**
 * Objects and bytes one route received since the journal was created.
 *
 * @param objects the number of objects routed to it
 * @param bytes   their total size
 */
public record RouteCount(long objects, long bytes) {
}
