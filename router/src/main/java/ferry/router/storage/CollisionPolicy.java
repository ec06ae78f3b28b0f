package ferry.router.storage;

/**
 * What placing a file does when its name is taken. Written in configuration files as {@code skip-identical},
 * {@code overwrite} and {@code keep-both}.
 */
public enum CollisionPolicy {
    /**
     * When the existing file has the same bytes, the new one is dropped (and counted as placed); when it differs,
     * both are kept, the new one with a suffix as in {@link #KEEP_BOTH}, so nothing is ever lost.
     */
    SKIP_IDENTICAL,
    /** The new file replaces the existing one atomically. */
    OVERWRITE,
    /** The new file gets a suffix before its extension: A, B, … Z, AA, AB, … (seed 002 appended "A"). */
    KEEP_BOTH
}
