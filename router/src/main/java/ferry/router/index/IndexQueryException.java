package ferry.router.index;

/**
 * A query the index cannot run, naming the key at fault: one it does not hold, one below the query's level, or a
 * value that is not of the key's VR (a date range that is none, a UID with letters). A C-FIND SCP answers it with
 * 0xC000 Unable to Process, {@link #tag} as the Offending Element (PS3.4 C.4.1.1.4).
 */
public final class IndexQueryException extends IllegalArgumentException {
    private final int tag;

    IndexQueryException(int tag, String message) {
        super(message);
        this.tag = tag;
    }

    /** The key at fault. */
    public int tag() {
        return tag;
    }
}
