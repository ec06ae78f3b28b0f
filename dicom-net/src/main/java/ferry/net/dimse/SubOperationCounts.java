package ferry.net.dimse;

/**
 * The sub-operation counts of a C-MOVE-RSP or C-GET-RSP (PS3.7 §9.3.3.2, §9.3.4.2; PS3.4 C.4.2.1, C.4.3.1):
 * Number of Remaining (0000,1020), Completed (0000,1021), Failed (0000,1022) and Warning (0000,1023)
 * Sub-operations. Each is null when the response leaves it out: Remaining is sent in pending responses (and in a
 * Cancel), the other three in pending and final ones.
 */
public record SubOperationCounts(Integer remaining, Integer completed, Integer failed, Integer warning) {
    /** A response without counts (a failure before any sub-operation, as 0xA801 Move Destination Unknown). */
    public static final SubOperationCounts NONE = new SubOperationCounts(null, null, null, null);

    public SubOperationCounts {
        Fields.optionalUs("NumberOfRemainingSuboperations (0000,1020)", remaining);
        Fields.optionalUs("NumberOfCompletedSuboperations (0000,1021)", completed);
        Fields.optionalUs("NumberOfFailedSuboperations (0000,1022)", failed);
        Fields.optionalUs("NumberOfWarningSuboperations (0000,1023)", warning);
    }
}
