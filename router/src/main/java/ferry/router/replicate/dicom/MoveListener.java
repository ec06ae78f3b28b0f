package ferry.router.replicate.dicom;

import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.ServerSettings;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import ferry.net.service.DimseScp;
import ferry.net.service.StoreHandler;
import ferry.router.replicate.Retrieve;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's own move destination for a replication from a DICOM node (docs/replication-dicom.md): a Storage SCP on the
 * configured port that answers to the move AE title alone (an association called otherwise is rejected,
 * called-AE-title-not-recognized, PS3.8 §9.3.4), accepts every storage SOP class in the first transfer syntax the
 * node proposes that Ferry reads, and hands each object to the fetch waiting for its SOP Instance UID
 * ({@link #expect}), which writes it to its work file as it arrives. An object no fetch waits for is refused with
 * 0x0110 Processing Failure and logged, once per SOP Instance UID. Thread-safe.
 */
final class MoveListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MoveListener.class);
    /** How many refused SOP Instance UIDs are remembered so as to log each once. */
    private static final int REMEMBERED_REFUSALS = 10_000;
    /** How long a closing listener lets the node's associations end before aborting them. */
    private static final Duration CLOSING_GRACE = Duration.ofSeconds(5);

    private final String aeTitle;
    private final DicomServer server;
    /** The fetches waiting, by SOP Instance UID, the earliest first; guarded by itself. */
    private final Map<String, ArrayDeque<ExpectedObject>> waiting = new HashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    private MoveListener(Retrieve.Move settings, int maxAssociations) throws IOException {
        this.aeTitle = settings.aeTitle();
        AcceptorPolicy policy = new AcceptorPolicy(Set.of(aeTitle), List.of(), Set.of(DimseScp.VERIFICATION), true,
                List.of(Negotiation.ANY_TRANSFER_SYNTAX), maxAssociations, DicomNode.MAX_PDU_LENGTH);
        this.server = DicomServer.start(new ServerSettings(settings.bindAddress(), settings.port(), policy,
                AcceptorLimits.DEFAULT, null), new DimseScp(new Arrivals(), LOG::warn), LOG::info);
    }

    /**
     * Listens as {@code settings} say, serving up to {@code maxAssociations} of the node's associations at once.
     *
     * @throws IOException when the port cannot be had (in use: {@link java.net.BindException}), its message naming it
     */
    static MoveListener open(Retrieve.Move settings, int maxAssociations) throws IOException {
        return new MoveListener(settings, maxAssociations);
    }

    /** The port it listens on. */
    int port() {
        return server.port();
    }

    /**
     * Waits for the instance {@code sopInstanceUid}, to be written to {@code target}; closing what it returns stops
     * waiting. Several fetches of one instance get one arrival each, the earliest first.
     */
    Expected expect(String sopInstanceUid, Path target) {
        ExpectedObject object = new ExpectedObject(target, sopInstanceUid);
        synchronized (waiting) {
            waiting.computeIfAbsent(sopInstanceUid, uid -> new ArrayDeque<>()).addLast(object);
        }
        return new Expected(object);
    }

    /** Stops listening; associations still open get a few seconds to end. */
    @Override
    public void close() {
        server.close(CLOSING_GRACE);
    }

    /** One fetch's wait for its instance. */
    final class Expected implements AutoCloseable {
        private final ExpectedObject object;

        private Expected(ExpectedObject object) {
            this.object = object;
        }

        /** What arrived, or did not. */
        ExpectedObject object() {
            return object;
        }

        /**
         * Stops waiting: an object arriving for it from now on goes to another fetch of the instance, or is refused.
         * One handed to it already is let finish, so that nothing writes its work file afterwards.
         */
        @Override
        public void close() {
            boolean handed;
            synchronized (waiting) {
                ArrayDeque<ExpectedObject> fetches = waiting.get(object.sopInstanceUid());
                handed = fetches == null || !fetches.remove(object);
                if (fetches != null && fetches.isEmpty()) {
                    waiting.remove(object.sopInstanceUid());
                }
            }
            if (handed) {
                try {
                    object.awaitEnd(Duration.ZERO);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Hands each arriving object to the fetch waiting for it. */
    private final class Arrivals implements StoreHandler {
        @Override
        public Status store(AssociationInfo association, PresentationContext context, CStoreRq request,
                            InputStream dataSet) throws IOException {
            String uid = request.affectedSopInstanceUid();
            ExpectedObject object;
            synchronized (waiting) {
                ArrayDeque<ExpectedObject> fetches = waiting.get(uid);
                object = fetches == null ? null : fetches.pollFirst();
                if (fetches != null && fetches.isEmpty()) {
                    waiting.remove(uid);
                }
                if (object != null) {
                    object.claim(); // before its fetch can stop waiting: it then waits for the store to end
                }
            }
            if (object != null) {
                return object.store(association, context, request, dataSet);
            }
            if (refused.size() < REMEMBERED_REFUSALS ? refused.add(uid) : !refused.contains(uid)) {
                LOG.warn("{}@{} sent {} ({}) to {}, which no fetch of Ferry's asked for: refused",
                        association.callingAeTitle(), AssociationInfo.hostAndPort(association.peer()), uid,
                        request.affectedSopClassUid(), aeTitle);
            }
            return Status.PROCESSING_FAILURE.withComment("Ferry did not ask for this instance");
        }
    }
}
