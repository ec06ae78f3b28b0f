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
        this(cursor, oldest, source + ": its change feed starts at " + oldest + ", after the last change seen ("
                + cursor + "): changes were dropped from it meanwhile, so instances may have been missed; a full "
                + "comparison pass finds them");
    }

    private FeedTruncatedException(long cursor, long oldest, String message) {
        super(message);
        this.cursor = cursor;
        this.oldest = oldest;
    }

    /**
     * A feed whose newest entry, {@code newest}, is older than {@code cursor}: the source's database was replaced or
     * reset (its sequence began again), so the cursor means nothing there any more.
     *
     * @param oldest the oldest cursor the feed has
     */
    public static FeedTruncatedException behind(String source, long cursor, long newest, long oldest) {
        return new FeedTruncatedException(cursor, oldest, source + ": its change feed ends at " + newest
                + ", before the last change seen (" + cursor + "): its database was replaced or reset, so instances "
                + "may have been missed; a full comparison pass finds them");
    }

    public long cursor() {
        return cursor;
    }

    public long oldest() {
        return oldest;
    }
}
