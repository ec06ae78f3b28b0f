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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The associations of one DICOM destination, reused from object to object: at most {@code maxOpen} are open at
 * once (lent out, idle, or being opened), and one left idle for the idle timeout is released.
 *
 * <p>DICOM cannot add a presentation context to an established association (PS3.8 §7.1.1.13: contexts are
 * negotiated once, at A-ASSOCIATE), so an object is sent on an idle association that proposed its SOP class (and,
 * when compressed, its transfer syntax). When none did, a new association is opened. It proposes the object's
 * kind first and then every kind this destination has sent before, most recent first, as far as 128 presentation
 * contexts go, so the pool settles on associations that carry all of a site's SOP classes; the idle associations it
 * supersedes (same calling AE title, nothing it does not carry) are released first. With {@code maxOpen} open, the
 * idle association used longest ago is released to make room, and when every association is lent out the caller
 * waits for one to come back.
 *
 * <p>A new association is opened on a thread of the pool's own, and the caller waiting for it takes instead an
 * association that comes back meanwhile and carries its object: a peer that serves one association at a time (a
 * single-process storescp) does not answer a second one while the first is open, and the objects go on over the
 * first. The opening left behind joins the idle associations if the peer answers it later, or frees its place when
 * it fails.
 *
 * <p>{@link #release} ends an association that is no longer to be trusted with its kinds (the peer refused one);
 * {@link #reset} ends them all, once the ones lent out come back. Thread-safe.
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
     * @param association    the established association
     * @param callingAeTitle the AE title it was opened with
     * @param kinds          the kinds it proposed
     * @param fresh          whether it was opened for this lease (not reused)
     * @param generation     the pool's generation when it was opened ({@link #reset} starts a new one)
     */
    record Lease(Association association, String callingAeTitle, Set<String> kinds, boolean fresh,
                 long generation) {
    }

    private record Idle(Lease lease, long since) {
    }

    /** An association being opened for a caller of {@link #lease}; its fields are guarded by the pool's lock. */
    private static final class Opening {
        final String callingAeTitle;
        final Set<String> kinds;
        final long generation;
        Association association;
        Exception failure;
        boolean done;
        /** The caller took another association (or gave up): the result is the pool's. */
        boolean abandoned;

        Opening(String callingAeTitle, Set<String> kinds, long generation) {
            this.callingAeTitle = callingAeTitle;
            this.kinds = kinds;
            this.generation = generation;
        }

        Lease lease() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return new Lease(association, callingAeTitle, kinds, true, generation);
        }
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
    /** Opens associations, and closes the ones a new association supersedes, off the callers' threads. */
    private final ExecutorService opener;
    private int open;
    private long generation;
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
        this.opener = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ferry-dicom-open-" + name);
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
     * one, or one that comes back while the new one is being opened; waits while all {@code maxOpen} are taken.
     *
     * @throws IOException when a new association cannot be opened (rejected, refused, timed out) or the pool is
     *                     closed
     */
    Lease lease(String callingAeTitle, StoreScu.FileToSend file) throws IOException, InterruptedException {
        String kind = kind(file);
        Opening opening = null;
        lock.lockInterruptibly();
        try {
            kinds.put(kind, file);
            while (opening == null || !opening.done) {
                if (closed) {
                    throw new IOException("the destination is closed");
                }
                Lease reused = takeIdle(callingAeTitle, kind);
                if (reused != null) {
                    return reused;
                }
                if (opening == null) {
                    opening = open(callingAeTitle, file);
                } else {
                    retireSuperseded(callingAeTitle, opening.kinds);
                }
                if (opening == null || !opening.done) {
                    changed.await();
                }
            }
        } finally {
            if (opening != null && !opening.done) {
                opening.abandoned = true;
            }
            lock.unlock();
        }
        return opening.lease();
    }

    /**
     * Starts opening an association for {@code file} (holding the lock), in the place of the idle ones it
     * supersedes, a free place, or the idle association used longest ago; null when every place is taken by an
     * association lent out or being opened.
     */
    private Opening open(String callingAeTitle, StoreScu.FileToSend file) {
        List<StoreScu.FileToSend> proposal = proposal(file);
        Set<String> proposed = proposal.stream().map(AssociationPool::kind).collect(Collectors.toUnmodifiableSet());
        List<Lease> evicted = new ArrayList<>();
        takeSuperseded(callingAeTitle, proposed, evicted);
        if (evicted.isEmpty()) {
            if (open < maxOpen) {
                open++;
            } else if (!idle.isEmpty()) {
                evicted.add(idle.removeLast().lease());
            } else {
                return null;
            }
        }
        Opening opening = new Opening(callingAeTitle, proposed, generation);
        opener.execute(() -> connect(opening, proposal, evicted));
        return opening;
    }

    /**
     * On the opener: releases the evicted associations (the new one takes the first one's place; releasing them
     * first also lets a peer that serves one association at a time answer the new one), then opens the new one and
     * hands it to its caller, or to the idle ones when the caller no longer waits for it.
     */
    private void connect(Opening opening, List<StoreScu.FileToSend> proposal, List<Lease> evicted) {
        for (int i = 0; i < evicted.size(); i++) {
            evicted.get(i).association().close();
            if (i > 0) {
                freeSlot();
            }
        }
        Association association = null;
        Exception failure = null;
        try {
            association = connector.open(opening.callingAeTitle, StoreScu.contexts(proposal));
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean unwanted = false;
        lock.lock();
        try {
            opening.done = true;
            opening.association = association;
            opening.failure = failure;
            if (failure != null) {
                open--;
            } else if (opening.abandoned) {
                unwanted = closed || opening.generation != generation;
                if (!unwanted) {
                    idle.addFirst(new Idle(new Lease(association, opening.callingAeTitle, opening.kinds, false,
                            opening.generation), System.nanoTime()));
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (unwanted) {
            association.close();
            freeSlot();
        }
    }

    /**
     * Moves to {@code superseded} the idle associations with this calling AE title that a new one proposing
     * {@code proposed} replaces: everything they carry, it carries too.
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

    /** Releases (on the opener) the idle associations an association being opened with {@code proposed} replaces. */
    private void retireSuperseded(String callingAeTitle, Set<String> proposed) {
        List<Lease> superseded = new ArrayList<>();
        takeSuperseded(callingAeTitle, proposed, superseded);
        for (Lease lease : superseded) {
            opener.execute(() -> {
                lease.association().close();
                freeSlot();
            });
        }
    }

    private Lease takeIdle(String callingAeTitle, String kind) {
        for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
            Lease lease = it.next().lease();
            if (lease.callingAeTitle().equals(callingAeTitle) && lease.kinds().contains(kind)) {
                it.remove();
                return new Lease(lease.association(), callingAeTitle, lease.kinds(), false, lease.generation());
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

    /** Takes back a lease whose association is still established, to be reused (unless {@link #reset} since). */
    void giveBack(Lease lease) {
        lock.lock();
        try {
            if (!closed && lease.generation() == generation) {
                idle.addFirst(new Idle(lease, System.nanoTime()));
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        release(lease);
    }

    /** Releases a lease's association (established, but not to be reused) and frees its place. */
    void release(Lease lease) {
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

    /**
     * Releases the idle associations, and those lent out once they come back, so that the next objects go on
     * associations negotiated from now on (after the peer's configuration changed).
     */
    void reset() {
        List<Lease> released = new ArrayList<>();
        lock.lock();
        try {
            generation++;
            idle.forEach(entry -> released.add(entry.lease()));
            idle.clear();
        } finally {
            lock.unlock();
        }
        released.forEach(this::release);
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
        expired.forEach(this::release);
    }

    /** Releases the idle associations; those lent out or being opened are released when they come back. */
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
        opener.shutdown();
        released.forEach(this::release);
    }
}
