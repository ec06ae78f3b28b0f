package ferry.router.replicate.dicom;

import ferry.net.assoc.Association;
import ferry.net.service.RetrieveScu;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C-GET or C-MOVE associations of a {@link DicomSource}, kept from fetch to fetch: at most the node's
 * {@code max-parallel} open at once. A C-GET association proposes what {@link GetProposals} makes of the SOP class it
 * was opened for, and a fetch takes an idle one that proposed its instance's SOP class (any, when the class is
 * unknown); a C-MOVE association proposes the MOVE model alone, and any idle one serves. Without an idle one a fetch
 * opens one, in place of the idle one used longest ago when all places are taken, else waits for one to come back.
 * One left idle for the node's {@code idle-timeout} is released when the next is taken. Thread-safe.
 */
final class RetrieveAssociations implements AutoCloseable {
    /** How many SOP classes met lately are proposed first. */
    private static final int RECENT_CLASSES = 8;

    /**
     * An association lent out for one fetch.
     *
     * @param association the established association, its GET or MOVE context accepted
     * @param classes     the storage SOP classes it proposed (none for C-MOVE)
     * @param fresh       whether it was opened for this fetch
     */
    record Lease(Association association, Set<String> classes, boolean fresh) {
    }

    private record Idle(Lease lease, long since) {
    }

    private final DicomNode node;
    private final String model;
    private final long idleNanos;
    /** Idle associations, the most recently returned first; guarded by {@code this}. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    /** The SOP classes fetched lately, the latest last; guarded by {@code this}. */
    private final LinkedHashSet<String> recent = new LinkedHashSet<>();
    private int open;
    private boolean closed;

    /** @param model the information model: {@link GetProposals#MODEL} or {@link MoveRetrieval#MODEL} */
    RetrieveAssociations(DicomNode node, String model) {
        this.node = node;
        this.model = model;
        this.idleNanos = node.config().idleTimeout().toNanos();
    }

    /**
     * An association for an instance of {@code sopClass} (empty when unknown).
     *
     * @throws EndpointException when a new one cannot be opened, or the source is closed
     */
    Lease lease(String sopClass) throws IOException, InterruptedException {
        List<Association> retired = new ArrayList<>();
        List<String> recentNow;
        try {
            synchronized (this) {
                if (!sopClass.isEmpty()) {
                    recent.remove(sopClass);
                    recent.add(sopClass);
                    if (recent.size() > RECENT_CLASSES) {
                        recent.remove(recent.iterator().next());
                    }
                }
                while (true) {
                    if (closed) {
                        throw node.failure("is closed: the replication ended");
                    }
                    retireExpired(retired);
                    Lease reused = takeIdle(sopClass);
                    if (reused != null) {
                        return reused;
                    }
                    if (open < node.maxParallel()) {
                        open++;
                        break;
                    }
                    if (!idle.isEmpty()) {
                        retired.add(idle.removeLast().lease().association()); // its place goes to the new one
                        break;
                    }
                    wait();
                }
                recentNow = new ArrayList<>(recent);
                Collections.reverse(recentNow); // the latest first
            }
        } finally {
            retired.forEach(Association::close);
        }
        try {
            if (!model.equals(GetProposals.MODEL)) {
                return new Lease(node.open(List.of(RetrieveScu.context(1, model)), List.of(), model), Set.of(), true);
            }
            Map<String, Set<String>> storage = GetProposals.storage(sopClass, recentNow);
            RetrieveScu.GetProposal proposal = GetProposals.proposal(storage);
            Association association = node.open(proposal.contexts(), proposal.roleSelections(), model);
            return new Lease(association, Set.copyOf(storage.keySet()), true);
        } catch (IOException | RuntimeException e) {
            freePlace();
            throw e;
        }
    }

    /** Takes back a lease whose association is still established, to be used again. */
    void giveBack(Lease lease) {
        synchronized (this) {
            if (!closed) {
                idle.addFirst(new Idle(lease, System.nanoTime()));
                notifyAll();
                return;
            }
        }
        lease.association().close();
        freePlace();
    }

    /** Aborts a lease's association (broken, or in an unknown state) and frees its place. */
    void discard(Lease lease) {
        lease.association().abort();
        freePlace();
    }

    private synchronized void freePlace() {
        open--;
        notifyAll();
    }

    private Lease takeIdle(String sopClass) {
        for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
            Lease lease = it.next().lease();
            if (sopClass.isEmpty() || lease.classes().contains(sopClass)) {
                it.remove();
                return new Lease(lease.association(), lease.classes(), false);
            }
        }
        return null;
    }

    /** Moves the associations idle for longer than the idle timeout to {@code retired}, freeing their places. */
    private void retireExpired(List<Association> retired) {
        long now = System.nanoTime();
        while (!idle.isEmpty() && now - idle.peekLast().since() >= idleNanos) {
            retired.add(idle.removeLast().lease().association());
            open--;
        }
    }

    /** Releases the idle associations; those lent out are released when they come back. */
    @Override
    public void close() {
        List<Idle> released;
        synchronized (this) {
            closed = true;
            released = new ArrayList<>(idle);
            idle.clear();
            open -= released.size();
            notifyAll();
        }
        released.forEach(entry -> entry.lease().association().close());
    }
}
