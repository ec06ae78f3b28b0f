package ferry.core.io;

/**
 * How much of a data set to read and what to keep in memory.
 *
 * @param stopBefore        reading stops at the first top-level element whose tag is this or greater (unsigned
 *                          order), e.g. {@code Tag.PIXEL_DATA} for a header-only parse; {@code 0xFFFFFFFF} reads
 *                          everything. A stopped read is reported as not complete.
 * @param bulkDataThreshold values longer than this many bytes are not loaded: when reading a file they become
 *                          {@code BulkData} references to it, from a stream they are read anyway (or skipped when
 *                          {@code skipBulkData})
 * @param skipBulkData      when true, values over the threshold are skipped and left out of the data set
 * @param maxDepth          the deepest nesting of sequences accepted before the input is rejected as hostile
 */
public record ReadOptions(int stopBefore, long bulkDataThreshold, boolean skipBulkData, int maxDepth) {

    /** Everything, values over 64 KiB left in the file as references. */
    public static final ReadOptions DEFAULT = new ReadOptions(0xFFFFFFFF, 64 * 1024, false, 64);

    /** Everything, all values in memory (for small objects and round trips). */
    public static final ReadOptions IN_MEMORY = new ReadOptions(0xFFFFFFFF, Long.MAX_VALUE, false, 64);

    public ReadOptions {
        if (bulkDataThreshold < 0 || maxDepth < 1) {
            throw new IllegalArgumentException("bulkDataThreshold must be ≥ 0 and maxDepth ≥ 1");
        }
    }

    /** The same options, stopping before {@code tag} at top level. */
    public ReadOptions stoppingBefore(int tag) {
        return new ReadOptions(tag, bulkDataThreshold, skipBulkData, maxDepth);
    }

    /** The same options with another bulk data threshold. */
    public ReadOptions withBulkDataThreshold(long threshold) {
        return new ReadOptions(stopBefore, threshold, skipBulkData, maxDepth);
    }
}
