package ferry.router.forward;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
     * How many objects {@link #deliverAll} takes at once, at most: 1 (the default) for a destination that sends
     * one object per exchange; more for one that sends several in one request (a Splunk HTTP Event Collector) or
     * one write (a JSON lines file).
     */
    default int batchSize() {
        return 1;
    }

    /**
     * Sends several objects (at most {@link #batchSize()}), in one exchange where the destination allows it; returns
     * one outcome per object, in order, each as {@link #deliver} defines it. The default sends them one by one.
     *
     * @throws InterruptedException when the worker is stopped; nothing is assumed delivered
     */
    default List<Delivery> deliverAll(List<OutgoingObject> objects) throws InterruptedException {
        List<Delivery> outcomes = new ArrayList<>(objects.size());
        for (OutgoingObject object : objects) {
            outcomes.add(deliver(object));
        }
        return outcomes;
    }

    /** What a destination can say of an object that a stopped run may have delivered to it ({@link #holds}). */
    enum Holding {
        /** It holds the object. */
        YES,
        /** It does not. */
        NO,
        /** It cannot be asked (a Splunk HTTP Event Collector): the object may be there or not. */
        CANNOT_TELL
    }

    /**
     * Whether the destination holds {@code object} already, delivered since {@code since} by a run that stopped
     * before it could record so ({@code ferry export-tags} after a {@code kill -9}). The default is {@link
     * Holding#CANNOT_TELL}: the object is then sent again, and the destination may hold it twice.
     *
     * @throws IOException when what it holds cannot be read
     */
    default Holding holds(OutgoingObject object, Instant since) throws IOException {
        return Holding.CANNOT_TELL;
    }

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
