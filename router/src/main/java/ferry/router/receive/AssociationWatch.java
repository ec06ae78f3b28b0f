package ferry.router.receive;

import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationHandler;
import ferry.net.assoc.AssociationInfo;
import ferry.net.service.DimseScp;
import ferry.router.events.AssociationEnded;
import ferry.router.events.AssociationOpened;
import ferry.router.events.Events;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the listeners' associations and tells of each: numbers it, publishes {@link AssociationOpened}, serves it
 * with the SCP whose C-STORE requests go to the {@link ReceivePipeline} bound to this association (which counts into
 * its {@link LiveAssociation}), and publishes {@link AssociationEnded} with the totals and how it ended. The
 * associations being served are listed by {@link #live()}.
 */
public final class AssociationWatch {
    private final Events events;
    private final AtomicLong numbers = new AtomicLong();
    private final Set<LiveAssociation> live = ConcurrentHashMap.newKeySet();

    public AssociationWatch(Events events) {
        this.events = events;
    }

    /**
     * The handler of the listeners' associations: each served by {@code scp} (Verification, query/retrieve as it
     * provides them), its C-STORE requests handed to {@code pipeline}.
     */
    public AssociationHandler handler(DimseScp scp, ReceivePipeline pipeline) {
        return association -> serve(association, scp, pipeline);
    }

    private void serve(Association association, DimseScp scp, ReceivePipeline pipeline) throws IOException {
        AssociationInfo info = association.info();
        serve(Integer.toString(association.localPort()), info.callingAeTitle(), info.calledAeTitle(),
                info.peerAddress(), current -> {
                    scp.withStoreHandler(pipeline.on(current)).serve(association);
                    return null;
                });
    }

    /** What is done on one association, counting into it; its result is {@link #serve}'s. */
    @FunctionalInterface
    public interface Work<T> {
        T run(LiveAssociation association) throws IOException;
    }

    /**
     * Serves one association: of a listener, or of objects that arrive otherwise (an HTTP request of STOW-RS,
     * docs/dicomweb.md), which is numbered, published, listed and ended in the same way.
     *
     * @param listener what the peer reached: a listener's port, or {@code http}
     * @param peer     the peer's address, {@code host:port}
     * @param work     what is done on it; it ends released when it returns, aborted or failed when it throws
     */
    public <T> T serve(String listener, String callingAeTitle, String calledAeTitle, String peer, Work<T> work)
            throws IOException {
        AssociationOpened opened = new AssociationOpened(numbers.incrementAndGet(), listener, callingAeTitle,
                calledAeTitle, peer);
        LiveAssociation current = new LiveAssociation(opened, Instant.now());
        long start = System.nanoTime();
        live.add(current);
        events.publish(opened);
        AssociationEnded.Outcome outcome = AssociationEnded.Outcome.FAILED;
        String detail = null;
        try {
            T result = work.run(current);
            outcome = AssociationEnded.Outcome.RELEASED;
            return result;
        } catch (AssociationAbortedException e) {
            outcome = AssociationEnded.Outcome.ABORTED;
            detail = e.getMessage();
            throw e;
        } catch (IOException | RuntimeException e) {
            detail = e.toString();
            throw e;
        } finally {
            live.remove(current);
            events.publish(new AssociationEnded(opened, current.objects(), current.bytes(), current.refused(),
                    Duration.ofNanos(System.nanoTime() - start), outcome, detail));
        }
    }

    /** The associations being served now, the oldest first. */
    public List<LiveAssociation.Progress> live() {
        return live.stream().map(LiveAssociation::progress)
                .sorted(Comparator.comparingLong(p -> p.association().association())).toList();
    }
}
