package ferry.router.journal;

/**
 * When a received object counts as safe, so that its C-STORE success response may be sent. Written in
 * configuration as {@code process} and {@code power} (see docs/durability.md).
 */
public enum Durability {
    /**
     * The default: the spool file and the journal record have been handed to the operating system (written, not
     * fsync'd). A crash or kill -9 of Ferry loses nothing acknowledged; a power cut or kernel crash may lose the
     * last objects acknowledged.
     */
    PROCESS,
    /**
     * The spool file, its directory entry and the journal record have been fsync'd: a power cut loses nothing
     * acknowledged. Concurrent objects share one transaction and one journal fsync (group commit).
     */
    POWER
}
