package ferry.router.forward;

import ferry.net.assoc.Association;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.service.StoreScu;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The associations of one DICOM destination, reused from object to object: at most {@code maxOpen} are open at
 * once (lent out or idle), and one left idle for the idle timeout is released.
 *
 * <p>DICOM cannot add a presentation context to an established association (PS3.8 §7.1.1.13: contexts are
 * negotiated once, at A-ASSOCIATE), so an object is sent on an idle association that proposed its SOP class (and,
 * when compressed, its transfer syntax). When none did, a new association is opened. It proposes the object's
 * kind first and then every kind this destination has sent before, most recent first, as far as 128 presentation
 * contexts go, so the pool settles on associations that carry all of a site's SOP classes; the idle associations it
 * supersedes (same calling AE title, nothing it does not carry) are released first. With {@code maxOpen} open, the
 * idle association used longest ago is released to make room, and when every association is lent out the caller
 * waits for one to come back. A kind the peer did not accept stays proposed (and refused) on that association, so
 * objects of it are answered at once without opening another. A peer that serves one association at a time (a
 * single-process storescp) needs {@code maxOpen} 1, or a second association waits for the first to end. Thread-safe.
 */
final class AssociationPool implements AutoCloseable {
    /** How many kinds (SOP class, or SOP class and compressed transfer syntax) are remembered for proposals. */
    static final int REMEMBERED_KINDS = 256;

    /** Opens an association proposing these contexts, with this calling AE title. */
    @FunctionalInterface
    interface Connector {
        Association open(String callingAeTitle, List<PresentationContextRq> contexts) throws IOException;
    }

    /**
     * An association lent out for one object.
     *
     * @param association the established association
     * @param callingAeTitle the AE title it was opened with
     * @param kinds the kinds it proposed
     * @param fresh whether it was opened for this lease (not reused)
     */
    record Lease(Association association, String callingAeTitle, Set<String> kinds, boolean fresh) {
    }

    private record Idle(Lease lease, long since) {
    }

    private final Connector connector;
    private final int maxOpen;
    private final long idleNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Idle associations, the most recently returned first. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    /** The kinds sent so far, in access order, each with a file of that kind for {@link StoreScu#contexts}. */
    private final Map<String, StoreScu.FileToSend> kinds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StoreScu.FileToSend> eldest) {
            return size() > REMEMBERED_KINDS;
        }
    };
    private final ScheduledExecutorService sweeper;
    private int open;
    private boolean closed;

    AssociationPool(String name, int maxOpen, Duration idleTimeout, Connector connector) {
        this.connector = connector;
        this.maxOpen = maxOpen;
        this.idleNanos = idleTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-dicom-idle-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(5_000, idleTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::releaseIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** What an association must have proposed to carry {@code file}. */
    static String kind(StoreScu.FileToSend file) {
        return file.transferSyntax().uncompressed() ? file.sopClassUid()
                : file.sopClassUid() + "|" + file.transferSyntax().uid();
    }

    /**
     * An association for {@code file} with this calling AE title: an idle one that proposed its kind, else a new
     * one, waiting while all {@code maxOpen} are lent out.
     *
     * @throws IOException when a new association cannot be opened (rejected, refused, timed out) or the pool is
     *                     closed
     */
    Lease lease(String callingAeTitle, StoreScu.FileToSend file) throws IOException, InterruptedException {
        String kind = kind(file);
        List<Lease> evicted = new ArrayList<>();
        List<StoreScu.FileToSend> proposal;
        Set<String> proposed;
        lock.lockInterruptibly();
        try {
            kinds.put(kind, file);
            while (true) {
                if (closed) {
                    throw new IOException("the destination is closed");
                }
                Lease reused = takeIdle(callingAeTitle, kind);
                if (reused != null) {
                    return reused;
                }
                proposal = proposal(file);
                proposed = proposal.stream().map(AssociationPool::kind).collect(Collectors.toUnmodifiableSet());
                takeSuperseded(callingAeTitle, proposed, evicted);
                if (evicted.isEmpty() && open < maxOpen) {
                    open++;
                    break;
                }
                if (evicted.isEmpty() && !idle.isEmpty()) {
                    evicted.add(idle.removeLast().lease());
                }
                if (!evicted.isEmpty()) {
                    break; // the new association takes over the first evicted one's place
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        for (Lease old : evicted) {
            old.association().close();
        }
        for (int i = 1; i < evicted.size(); i++) {
            freeSlot();
        }
        try {
            return new Lease(connector.open(callingAeTitle, StoreScu.contexts(proposal)), callingAeTitle, proposed,
                    true);
        } catch (IOException | RuntimeException e) {
            freeSlot();
            throw e;
        }
    }

    /**
     * Moves to {@code superseded} the idle associations with this calling AE title that a new one proposing
     * {@code proposed} replaces: everything they carry, it carries too. Releasing them first also lets a peer that
     * serves one association at a time answer the new one.
     */
    private void takeSuperseded(String callingAeTitle, Set<String> proposed, List<Lease> superseded) {
        for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
            Lease lease = it.next().lease();
            if (lease.callingAeTitle().equals(callingAeTitle) && proposed.containsAll(lease.kinds())) {
                it.remove();
                superseded.add(lease);
            }
        }
    }

    private Lease takeIdle(String callingAeTitle, String kind) {
        for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
            Lease lease = it.next().lease();
            if (lease.callingAeTitle().equals(callingAeTitle) && lease.kinds().contains(kind)) {
                it.remove();
                return new Lease(lease.association(), callingAeTitle, lease.kinds(), false);
            }
        }
        return null;
    }

    /** {@code file}'s kind, then the others most recently sent first, as many as one association carries. */
    private List<StoreScu.FileToSend> proposal(StoreScu.FileToSend file) {
        List<StoreScu.FileToSend> ordered = new ArrayList<>(kinds.size());
        ordered.add(file);
        List<StoreScu.FileToSend> others = new ArrayList<>(kinds.values());
        for (int i = others.size() - 1; i >= 0; i--) {
            if (!kind(others.get(i)).equals(kind(file))) {
                ordered.add(others.get(i));
            }
        }
        return StoreScu.batches(ordered).get(0);
    }

    /** Takes back a lease whose association is still established, to be reused. */
    void giveBack(Lease lease) {
        lock.lock();
        try {
            if (!closed) {
                idle.addFirst(new Idle(lease, System.nanoTime()));
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        lease.association().close();
        freeSlot();
    }

    /** Aborts a lease's association (broken, or in an unknown state) and frees its place. */
    void discard(Lease lease) {
        lease.association().abort();
        freeSlot();
    }

    private void freeSlot() {
        lock.lock();
        try {
            open--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases the associations idle for longer than the idle timeout. */
    private void releaseIdle() {
        List<Lease> expired = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            while (!idle.isEmpty() && now - idle.peekLast().since() >= idleNanos) {
                expired.add(idle.removeLast().lease());
            }
        } finally {
            lock.unlock();
        }
        for (Lease lease : expired) {
            lease.association().close();
            freeSlot();
        }
    }

    /** Releases the idle associations; those lent out are released when they come back. */
    @Override
    public void close() {
        List<Lease> released = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            idle.forEach(entry -> released.add(entry.lease()));
            idle.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        sweeper.shutdownNow();
        for (Lease lease : released) {
            lease.association().close();
            freeSlot();
        }
    }
}
