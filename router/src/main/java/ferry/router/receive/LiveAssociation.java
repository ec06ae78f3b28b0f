package ferry.router.receive;

import ferry.router.events.AssociationOpened;
import java.time.Instant;

/**
 * An association being served, with what it has brought so far. The {@link ReceivePipeline} counts into it on the
 * association's own thread; other threads read it ({@link #progress()}) for a status page.
 */
public final class LiveAssociation {
    /**
     * What an association has brought so far.
     *
     * @param association the association as {@link AssociationOpened} told of it
     * @param since       when it was accepted
     * @param objects     instances received and acknowledged with success
     * @param bytes       their data sets' bytes
     * @param refused     C-STORE requests answered with a failure status
     */
    public record Progress(AssociationOpened association, Instant since, long objects, long bytes, long refused) {
    }

    private final AssociationOpened opened;
    private final Instant since;
    // written by the association's thread only, read by any
    private volatile long objects;
    private volatile long bytes;
    private volatile long refused;

    /** @param opened the association; number 0 and no listener for one served outside a listener (tests, tools) */
    public LiveAssociation(AssociationOpened opened, Instant since) {
        this.opened = opened;
        this.since = since;
    }

    public AssociationOpened opened() {
        return opened;
    }

    /** An instance of {@code size} bytes received and acknowledged. */
    void addReceived(long size) {
        objects++;
        bytes += size;
    }

    /** A C-STORE request refused. */
    void addRefused() {
        refused++;
    }

    /** Instances received and acknowledged so far. */
    public long objects() {
        return objects;
    }

    /** Their bytes. */
    public long bytes() {
        return bytes;
    }

    /** C-STORE requests refused so far. */
    public long refused() {
        return refused;
    }

    /** What it has brought until now. */
    public Progress progress() {
        return new Progress(opened, since, objects, bytes, refused);
    }
}
