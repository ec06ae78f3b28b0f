package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.core.io.DataSetWalker;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import ferry.net.service.DataSetCheck;
import ferry.net.service.StoreHandler;
import ferry.router.events.AssociationOpened;
import ferry.router.events.Events;
import ferry.router.events.InstanceReceived;
import ferry.router.events.InstanceRefused;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalProblem;
import ferry.router.journal.ReceivedRecord;
import ferry.router.rules.RoutingDecision;
import ferry.router.rules.RoutingInput;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-STORE handler of the router, the hot path of docs/durability.md: admission (disk watermark, a journal that
 * can write), spool (the data set walked as it is written, {@link DataSetWalker}), check ({@link DataSetCheck}: one
 * whole data set of the SOP class and instance the request names, else a failure status and nothing kept), header,
 * routing decision, journal record (safe at the configured durability, the spool making its file so meanwhile), and
 * only then the success status; the actions run afterwards from the record, on other threads. A full disk, met before or while the object is written,
 * answers 0xA700 Out of Resources and keeps nothing of it. See docs/architecture.md (section "The path of one
 * C-STORE", steps 3 to 9).
 */
public final class ReceivePipeline implements StoreHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePipeline.class);

    /** No check of the header: a C-STORE's. */
    private static final Function<DataSet, Optional<Status>> NO_CHECK = header -> Optional.empty();

    private final Spool spool;
    private final DiskWatermark watermark;
    private final Supplier<Routing> routing;
    private final Journal journal;
    private final Consumer<ReceivedObject> actions;
    private final Events events;

    /**
     * @param routing  the routing in force (swapped on reload)
     * @param actions  takes each recorded object to carry out its routes' actions; must not block
     * @param events   told of each instance received ({@link InstanceReceived}) or refused ({@link InstanceRefused})
     */
    public ReceivePipeline(Spool spool, DiskWatermark watermark, Supplier<Routing> routing, Journal journal,
                           Consumer<ReceivedObject> actions, Events events) {
        this.spool = spool;
        this.watermark = watermark;
        this.routing = routing;
        this.journal = journal;
        this.actions = actions;
        this.events = events;
    }

    /**
     * Handles a C-STORE request of an association no {@link AssociationWatch} serves (no number, no listener in its
     * events): a tool's, a test's.
     */
    @Override
    public Status store(AssociationInfo association, PresentationContext context, CStoreRq request,
                        InputStream dataSet) throws IOException {
        LiveAssociation unwatched = new LiveAssociation(new AssociationOpened(0, "", association.callingAeTitle(),
                association.calledAeTitle(), association.peerAddress()), Instant.now());
        return store(unwatched, association, context, request, dataSet, NO_CHECK);
    }

    /**
     * The C-STORE handler of one association: each instance counted into {@code association} and published with
     * its number and listener, with the time from the request to the response.
     */
    public StoreHandler on(LiveAssociation association) {
        return (info, context, request, dataSet) -> store(association, info, context, request, dataSet, NO_CHECK);
    }

    /**
     * Handles one object that arrived otherwise than in a C-STORE request (over HTTP: STOW-RS, docs/dicomweb.md)
     * exactly as one, on {@code live}: {@code request} and {@code context} say what it claims to be and how it is
     * encoded, {@code dataSet} is its data set (without file meta information). {@code headerCheck} may refuse it by
     * its header with a failure status, before it is routed; nothing of a refused object is kept.
     *
     * @throws IOException as a C-STORE handler does (the object failed: nothing of it is kept)
     */
    public Status store(LiveAssociation live, AssociationInfo association, PresentationContext context,
                        CStoreRq request, InputStream dataSet, Function<DataSet, Optional<Status>> headerCheck)
            throws IOException {
        long start = System.nanoTime();
        try {
            return receive(live, association, context, request, dataSet, start, headerCheck);
        } catch (AssociationAbortedException e) {
            throw e; // nothing is answered on an aborted association
        } catch (IOException | RuntimeException e) {
            // answered 0x0110 Processing Failure by the SCP, which logs it
            refusal(live, association, request, Status.PROCESSING_FAILURE, e.toString());
            throw e;
        }
    }

    private Status receive(LiveAssociation live, AssociationInfo association, PresentationContext context,
                           CStoreRq request, InputStream dataSet, long start,
                           Function<DataSet, Optional<Status>> headerCheck) throws IOException {
        if (!watermark.admits()) {
            return refused(live, association, request, "free disk under the configured minimum of "
                    + (watermark.minimumFree() >> 20) + " MB", "free disk space under the configured minimum");
        }
        JournalProblem journalProblem = journal.problem();
        if (journalProblem != null) {
            return refused(live, association, request, "the journal cannot write: " + journalProblem.reason(),
                    "the journal cannot write (disk full?)");
        }
        DataSetWalker walker = new DataSetWalker(TransferSyntax.of(context.transferSyntax()));
        Spool.Spooled spooled;
        DataSetWalker.Result walk;
        try {
            spooled = spool.write(association, context.transferSyntax(), request, walker.watching(dataSet));
        } catch (IOException e) {
            if (DiskWatermark.isDiskFull(e)) {
                return refused(live, association, request, "the disk filled while spooling: " + e.getMessage(),
                        "the disk is full");
            }
            throw e;
        } finally {
            walk = walker.finish();
        }
        boolean recorded = false;
        try {
            Optional<Status> refusal = DataSetCheck.refusal(walk, request);
            if (refusal.isPresent()) {
                String why = DataSetCheck.describe(walk, request, refusal.get());
                LOG.warn("refused {} from {}: {} ({})", request.affectedSopInstanceUid(), association.callingAeTitle(),
                        why, refusal.get());
                return refusal(live, association, request, refusal.get(), why);
            }
            Routing current = routing.get();
            DataSet header;
            try {
                header = header(spooled, current.stopBefore());
            } catch (DicomParseException e) {
                LOG.warn("refused {} from {}: unreadable data set: {}", request.affectedSopInstanceUid(),
                        association.callingAeTitle(), e.getMessage());
                // Error Comment holds 64 characters: the offset and element first, the log has the rest
                return refusal(live, association, request, Status.CANNOT_UNDERSTAND.withComment("unreadable at offset "
                        + e.offset() + " " + e.elementPath()), "unreadable data set: " + e.getMessage());
            }
            Optional<Status> checked = headerCheck.apply(header);
            if (checked.isPresent()) {
                LOG.warn("refused {} from {}: {}", request.affectedSopInstanceUid(), association.callingAeTitle(),
                        checked.get().errorComment());
                return refusal(live, association, request, checked.get(), checked.get().errorComment());
            }
            RoutingInput input = new RoutingInput(association.callingAeTitle(), association.calledAeTitle(),
                    association.peer().getAddress(), header);
            RoutingDecision decision = current.table().decide(input);
            ReceivedRecord record = new ReceivedRecord(Instant.now(), association.callingAeTitle(),
                    association.calledAeTitle(), association.peer().getAddress().getHostAddress(),
                    request.affectedSopClassUid(), request.affectedSopInstanceUid(),
                    header.getString(Tags.StudyInstanceUID, ""), header.getString(Tags.SeriesInstanceUID, ""),
                    context.transferSyntax(), spooled.size(), spooled.file(), decision.routes(), spooled.checksum());
            long id;
            try {
                id = journal.recordReceived(record, spool.syncing(spooled));
            } catch (IOException e) {
                if (DiskWatermark.isDiskFull(e)) {
                    return refused(live, association, request, e.getMessage(), "the disk is full");
                }
                throw e;
            }
            recorded = true;
            actions.accept(new ReceivedObject(id, record, header, current));
            live.addReceived(spooled.dataSetSize());
            AssociationOpened opened = live.opened();
            events.publish(new InstanceReceived(opened.association(), opened.listener(),
                    association.callingAeTitle(), association.calledAeTitle(), decision.routes(),
                    spooled.dataSetSize(), System.nanoTime() - start));
            return Status.SUCCESS;
        } finally {
            if (!recorded) {
                spool.refused(spooled);
            }
        }
    }

    /** 0xA700 Out of Resources (PS3.4 Table B.2-1): nothing of the object is kept. */
    private Status refused(LiveAssociation live, AssociationInfo association, CStoreRq request, String why,
                           String comment) {
        LOG.warn("refused {} from {}: {}", request.affectedSopInstanceUid(), association.callingAeTitle(), why);
        return refusal(live, association, request, Status.OUT_OF_RESOURCES.withComment(comment), why);
    }

    /** Counts and publishes a refusal with {@code status}; returns the status. */
    private Status refusal(LiveAssociation live, AssociationInfo association, CStoreRq request, Status status,
                           String why) {
        live.addRefused();
        AssociationOpened opened = live.opened();
        events.publish(new InstanceRefused(opened.association(), opened.listener(), association.callingAeTitle(),
                request.affectedSopInstanceUid(), status.code(), why));
        return status;
    }

    /**
     * The data set up to {@code stopBefore}, parsed from the bytes kept in memory while spooling when they reach far
     * enough (the usual case: headers are a few KiB), else read back from the spool file (page cache).
     */
    static DataSet header(Spool.Spooled spooled, int stopBefore) throws IOException {
        ReadOptions options = ReadOptions.IN_MEMORY.stoppingBefore(stopBefore);
        if (!spooled.syntax().deflated()) {
            try {
                HeadStream head = new HeadStream(spooled.head(), spooled.headLength(), spooled.complete());
                return DicomReader.readDataSet(head, spooled.syntax(), options);
            } catch (HeadStream.Exhausted e) {
                // the header goes on past the bytes kept: read it from the file
            }
        }
        return DicomReader.read(spooled.file(), ReadOptions.DEFAULT.stoppingBefore(stopBefore)).dataSet();
    }

    /**
     * The kept start of a data set as a stream; when it is not the whole data set, reading past its end throws
     * {@link Exhausted} instead of reporting the end of the data, so a parse never mistakes the cut for the end.
     */
    private static final class HeadStream extends InputStream {
        static final class Exhausted extends IOException {
            Exhausted() {
                super("the kept head of the data set ends here", null);
            }
        }

        private final byte[] bytes;
        private final int length;
        private final boolean whole;
        private int position;

        /** The first {@code length} bytes of {@code bytes}; {@code whole} when they are the whole data set. */
        HeadStream(byte[] bytes, int length, boolean whole) {
            this.bytes = bytes;
            this.length = length;
            this.whole = whole;
        }

        @Override
        public int read() throws IOException {
            if (position < length) {
                return bytes[position++] & 0xFF;
            }
            return end();
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return end();
            }
            int n = Math.min(count, length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        private int end() throws Exhausted {
            if (whole) {
                return -1;
            }
            throw new Exhausted();
        }
    }
}
