package ferry.router.storage;

/**
 * What placing a file does when its name is taken. Written in configuration files as {@code skip-identical},
 * {@code overwrite} and {@code keep-both}.
 */
public enum CollisionPolicy {
    /**
     * When the existing file holds the same object, the new one is dropped (and counted as placed); when it differs,
     * both are kept, the new one with a suffix as in {@link #KEEP_BOTH}, so nothing is ever lost. The same object
     * means the same transfer syntax and the same data set bytes; the file meta group (who sent it, which program
     * wrote it) is not compared, so an instance sent again by another node is dropped.
     */
    SKIP_IDENTICAL,
    /** The new file replaces the existing one atomically. */
    OVERWRITE,
    /** The new file gets a suffix before its extension: A, B, … Z, AA, AB, … (seed 002 appended "A"). */
    KEEP_BOTH
}
