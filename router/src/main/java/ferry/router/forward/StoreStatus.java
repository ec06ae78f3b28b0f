package ferry.router.forward;

import ferry.net.dimse.Status;

/**
 * What a Storage Service status means for the queue: the C-STORE-RSP status of a DICOM destination, and the
 * Failure Reason (0008,1197) or Warning Reason (0008,1196) of a STOW-RS answer, which take their values from the
 * same codes (PS3.18 §10.5.3, PS3.4 Annex B.2.3, the general codes of PS3.7 Annex C).
 */
final class StoreStatus {
    private StoreStatus() {
    }

    /**
     * Success and every warning (0xB000 Coercion of Data Elements, 0xB006 Elements Discarded, 0xB007 Data Set Does
     * Not Match SOP Class, ...) mean the object was stored: {@code DELIVERED}, the warning in the detail. 0x0111
     * Duplicate SOP Instance: {@code ALREADY_THERE}. Failures that may pass are {@code FAILED}: 0xA7xx Out of
     * Resources, 0x0213 Resource Limitation, 0x0110 Processing Failure (the peer's own trouble), and a cancel or a
     * pending status where a final one was due. Every other failure is {@code REJECTED}: 0xA9xx Data Set Does Not
     * Match SOP Class, 0xCxxx Cannot Understand, 0x0122 SOP Class Not Supported, 0x0124 Not Authorized, ...
     *
     * @param where what answered, e.g. {@code "PACS@10.0.0.9:104 answered"}; starts the detail
     */
    static Delivery of(Status status, String where) {
        String detail = where + " " + status;
        int code = status.code();
        return switch (status.category()) {
            case SUCCESS, WARNING -> Delivery.delivered(detail);
            case CANCEL, PENDING -> Delivery.failed(detail);
            case FAILURE -> {
                if (code == Status.DUPLICATE_SOP_INSTANCE.code()) {
                    yield Delivery.alreadyThere(detail);
                }
                boolean passing = (code & 0xFF00) == 0xA700 || code == Status.RESOURCE_LIMITATION.code()
                        || code == Status.PROCESSING_FAILURE.code();
                yield passing ? Delivery.failed(detail) : Delivery.rejected(detail);
            }
        };
    }
}
