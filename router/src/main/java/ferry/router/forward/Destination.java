package ferry.router.forward;

/**
 * A place received objects are forwarded to: a DICOM node, a DICOMweb server, an Orthanc, a folder. The forwarding
 * queue calls {@link #deliver} from its worker threads, at most {@link #maxParallel()} calls at once; an
 * implementation may keep connections (associations, HTTP clients) between calls and closes them in {@link
 * #close()}. A delivery never throws for what the destination answered: every outcome is a {@link Delivery}.
 */
public interface Destination extends AutoCloseable {
    /** The destination's configured name. */
    String name();

    /** A short description for the log and {@code ferry queue}, without secrets: "DICOM PACS@10.0.0.9:104". */
    String describe();

    /** How many deliveries may run at once (parallel associations or HTTP requests). */
    int maxParallel();

    /**
     * Sends one object. Returns {@link Delivery.Result#DELIVERED} or {@link Delivery.Result#ALREADY_THERE} once the
     * destination has it; {@link Delivery.Result#REJECTED} when it refused it and trying again cannot help (a SOP
     * class it does not take, HTTP 4xx); {@link Delivery.Result#FAILED} when it may work later (connection refused,
     * timeout, HTTP 5xx, out of resources).
     *
     * @throws InterruptedException when the worker is stopped; nothing is assumed delivered
     */
    Delivery deliver(OutgoingObject object) throws InterruptedException;

    /**
     * Forgets what it keeps from earlier deliveries (pooled connections and what they negotiated), so that the next
     * delivery starts afresh: {@code ferry queue retry} calls it once the cause of failures may have been fixed.
     * Deliveries running now finish as they are.
     */
    default void reset() {
    }

    /** Releases pooled connections; deliveries running now may fail. */
    @Override
    void close();
}
