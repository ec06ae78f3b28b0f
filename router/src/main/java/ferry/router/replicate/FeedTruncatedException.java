package ferry.router.replicate;

import java.io.IOException;

/** A {@link ChangeFeed} no longer has the entries after a cursor: what was added meanwhile is unknown. */
public final class FeedTruncatedException extends IOException {
    private final long cursor;
    private final long oldest;

    /**
     * @param cursor the cursor asked after
     * @param oldest the oldest cursor the feed still has
     */
    public FeedTruncatedException(String source, long cursor, long oldest) {
        super(source + ": its change feed starts at " + oldest + ", after the last change seen (" + cursor
                + "): changes were dropped from it meanwhile, so instances may have been missed; a full comparison "
                + "pass finds them");
        this.cursor = cursor;
        this.oldest = oldest;
    }

    public long cursor() {
        return cursor;
    }

    public long oldest() {
        return oldest;
    }
}
