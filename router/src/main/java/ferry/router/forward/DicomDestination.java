package ferry.router.forward;

import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationRejectedException;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.pdu.AAssociateRj;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.service.StoreScu;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A DICOM node, sent to with C-STORE (PS3.4 Annex B) over a pool of associations ({@link AssociationPool}): one
 * object per {@link #deliver} call, at most {@code max-parallel} associations open, each released after
 * {@code idle-timeout} unused. Each file goes in its own transfer syntax when the peer accepted it, streamed as
 * it is; an uncompressed file whose syntax the peer refused is converted to an uncompressed one it accepted
 * ({@link StoreScu}); a compressed one is not decompressed.
 *
 * <p>Outcomes: the C-STORE-RSP status as {@link StoreStatus} says; no presentation context accepted for the
 * object's SOP class (and syntax) is {@code REJECTED}; an A-ASSOCIATE-RJ as {@link #rejection} says; a refused or
 * timed-out connection, an A-ABORT or a lost connection is {@code FAILED} and the association is dropped. An
 * association taken from the pool may have been closed by the peer while idle: when it fails, the object is sent
 * again on another (so it may arrive twice, which the queue counts as delivered), until a newly opened one fails.
 * An association whose contexts cannot carry the object is released, not pooled again: it was negotiated with the
 * peer as it was then, so a pooled one is followed by a newly opened one, and only that one's refusal is the
 * answer.
 */
public final class DicomDestination implements Destination {
    /** The largest PDU we receive: only C-STORE responses come back, so this is plenty. */
    private static final long MAX_PDU_LENGTH = 256 * 1024;

    private final String name;
    private final DestinationConfig.Dicom config;
    private final Tls tls;
    private final AssociationPool pool;

    /** @param tls TLS made from the configuration's stores, or {@code null} for plain TCP */
    public DicomDestination(String name, DestinationConfig.Dicom config, Tls tls) {
        this.name = name;
        this.config = config;
        this.tls = tls;
        this.pool = new AssociationPool(name, config.maxParallel(), config.idleTimeout(), this::connect);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "DICOM " + peer() + (tls == null ? "" : " over TLS");
    }

    @Override
    public int maxParallel() {
        return config.maxParallel();
    }

    @Override
    public Delivery deliver(OutgoingObject object) throws InterruptedException {
        StoreScu.FileToSend file;
        try {
            file = StoreScu.inspect(object.file());
        } catch (IOException e) {
            return Unreadable.of(object.file(), e);
        }
        String callingAeTitle = callingAeTitle(object);
        while (true) {
            AssociationPool.Lease lease;
            try {
                lease = pool.lease(callingAeTitle, file);
            } catch (AssociationRejectedException e) {
                return rejection(e.rejection(), peer());
            } catch (IOException e) {
                return Delivery.failed(peer() + ": " + connectionFailure(e));
            }
            boolean established = false;
            boolean refused = false;
            try {
                StoreScu.Result result = StoreScu.send(lease.association(), file);
                established = true;
                if (result.status() == null) {
                    refused = !StoreScu.canCarry(lease.association(), file);
                    if (refused && !lease.fresh()) {
                        continue; // negotiated before the peer's configuration may have changed: ask it again
                    }
                    return Delivery.rejected(peer() + ": " + result.notSent());
                }
                return StoreStatus.of(result.status(), peer() + " answered");
            } catch (IOException e) {
                if (!lease.fresh()) {
                    continue; // probably closed by the peer while idle: try another, or a new one
                }
                return Delivery.failed(peer() + ": " + connectionFailure(e));
            } finally {
                if (refused) {
                    pool.release(lease); // a later attempt negotiates again (the peer may be fixed by then)
                } else if (established) {
                    pool.giveBack(lease);
                } else {
                    pool.discard(lease);
                }
            }
        }
    }

    /** Releases the pooled associations: the next objects go on associations negotiated from now on. */
    @Override
    public void reset() {
        pool.reset();
    }

    /**
     * What an A-ASSOCIATE-RJ means (PS3.8 §9.3.4, Table 9-21): a rejection with result "rejected-transient", and
     * any from the presentation related service provider (reasons temporary-congestion and local-limit-exceeded,
     * which name passing conditions whatever the result says), is {@code FAILED}; a permanent one from the service
     * user (called or calling AE title not recognized, application context not supported, no reason given) or the
     * ACSE provider (protocol version not supported) is {@code REJECTED}: the peer is not configured to take our
     * objects, and sending again will not change that.
     */
    static Delivery rejection(AAssociateRj rejection, String peer) {
        String detail = peer + ": association rejected, " + rejection.describe() + " (PS3.8 §9.3.4)";
        boolean passing = rejection.result() == AAssociateRj.Result.REJECTED_TRANSIENT
                || rejection.source() == AAssociateRj.Source.SERVICE_PROVIDER_PRESENTATION;
        return passing ? Delivery.failed(detail) : Delivery.rejected(detail);
    }

    /** What a failed attempt to reach a DICOM node means, for messages: cannot connect, no answer, unknown host. */
    public static String connectionFailure(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect: " + e.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer in time: " + e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getMessage();
    }

    /** The configured AE title, or with {@code pass-through} the sender's (the default when not known). */
    private String callingAeTitle(OutgoingObject object) {
        if (!config.passThrough()) {
            return config.callingAeTitle();
        }
        return object.callingAeTitle().isBlank() ? DestinationConfig.Dicom.DEFAULT_CALLING_AE_TITLE
                : object.callingAeTitle().strip();
    }

    /** The node's AE title: what a C-MOVE names as its Move Destination. */
    public String aeTitle() {
        return config.aeTitle();
    }

    /**
     * A new association to the node, outside the pool, for the C-STORE sub-operations of a C-MOVE (PS3.4 C.4.2.3):
     * Ferry calls as {@code callingAeTitle} unless the destination sets its own {@code calling-ae-title}.
     */
    public Association open(String callingAeTitle, List<PresentationContextRq> contexts) throws IOException {
        return connect(config.passThrough() ? callingAeTitle : config.callingAeTitle(), contexts);
    }

    private Association connect(String callingAeTitle, List<PresentationContextRq> contexts) throws IOException {
        return Requestor.connect(new RequestorSettings(callingAeTitle, config.aeTitle(), config.host(), config.port(),
                contexts, MAX_PDU_LENGTH, null, new Timeouts(config.timeout(), config.timeout(), config.timeout()),
                tls));
    }

    private String peer() {
        return config.aeTitle() + "@" + config.host() + ":" + config.port();
    }

    /** Releases the idle associations; those in use are released when their object is answered. */
    @Override
    public void close() {
        pool.close();
    }
}
