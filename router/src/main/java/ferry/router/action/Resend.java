package ferry.router.action;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.service.StoreScu;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexQueryException;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.queue.ForwardQueue;
import ferry.router.receive.Spool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resend} (docs/forwarding.md, "Sending a study again"): the stored files of a study, or of one of its
 * series, queued again to a destination, whatever it got before. The instances come from the index, each from the
 * last of its stored files that is still there, as stored (with the edits of the route that stored it, without those
 * of any forward); an instance Ferry only forwarded, or whose files are gone, cannot be sent and is counted apart.
 * Each file gets a spool name of its own ({@link Spool#adopt}) and one forwarding job, written under the route name
 * {@value #ROUTE}; from there on it is the queue's like any job (retries, breaker, {@code ferry queue}).
 */
public final class Resend {
    private static final Logger LOG = LoggerFactory.getLogger(Resend.class);
    /** The route name of resend jobs; no route of a configuration can be named so. */
    public static final String ROUTE = "(resend)";
    /** Instances sent at once at most: a larger study is refused (resend its series one by one). */
    public static final int MAX_INSTANCES = 100_000;

    /**
     * What a resend did.
     *
     * @param destination the destination
     * @param matched     instances of the study (or series) in the index
     * @param queued      jobs made
     * @param notStored   instances without a stored file to send (forwarded only, or their files gone)
     * @param firstJobId  the id of the first job made, or 0
     * @param lastJobId   the id of the last job made, or 0
     */
    public record Result(String destination, int matched, int queued, int notStored, long firstJobId,
                         long lastJobId) {
    }

    private final IndexSearch index;
    private final Spool spool;
    private final ForwardQueue queue;
    private final Journal journal;
    private final Supplier<Set<String>> destinations;

    /** @param destinations the names of the destinations configured now */
    public Resend(IndexSearch index, Spool spool, ForwardQueue queue, Journal journal,
                  Supplier<Set<String>> destinations) {
        this.index = index;
        this.spool = spool;
        this.queue = queue;
        this.journal = journal;
        this.destinations = destinations;
    }

    /**
     * Queues the stored instances of study {@code studyUid} (of its series {@code seriesUid} when not null) to
     * {@code destination}.
     *
     * @throws IllegalArgumentException when the destination is not configured, a UID is not one, or the index holds
     *                                  no instance of the study (or series)
     */
    public Result send(String studyUid, String seriesUid, String destination) throws IOException {
        if (!destinations.get().contains(destination)) {
            throw new IllegalArgumentException("no destination '" + destination + "' is configured (there are: "
                    + String.join(", ", destinations.get()) + ")");
        }
        DataSet identifier = new DataSet();
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        identifier.setString(Tags.SeriesInstanceUID, Vr.UI, seriesUid == null ? "" : seriesUid);
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, "");
        identifier.setString(Tags.SOPClassUID, Vr.UI, "");
        List<Path> files = new ArrayList<>();
        List<Handling> handlings = new ArrayList<>();
        int matched = 0;
        try (IndexCursor cursor = index.open(IndexQuery.of(QueryLevel.IMAGE, identifier))) {
            while (cursor.hasNext()) {
                IndexMatch match = cursor.next();
                if (++matched > MAX_INSTANCES) {
                    throw new IllegalArgumentException("more than " + MAX_INSTANCES + " instances: resend the "
                            + "study's series one by one");
                }
                Path stored = match.handling() == null ? null : match.handling().lastStoredFile();
                if (stored != null) {
                    files.add(stored);
                    handlings.add(match.handling());
                }
            }
        } catch (IndexQueryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (matched == 0) {
            throw new IllegalArgumentException("the index holds no instance of study " + studyUid
                    + (seriesUid == null ? "" : ", series " + seriesUid));
        }
        List<ForwardQueue.Target> target = List.of(new ForwardQueue.Target(ROUTE, destination));
        long first = 0;
        long last = 0;
        int queued = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            StoreScu.FileToSend object;
            try {
                object = StoreScu.inspect(file);
            } catch (IOException e) {
                LOG.warn("resend: {} is unreadable, not sent: {}", file, e.getMessage());
                continue;
            }
            Path name = spool.adopt(file);
            Handling handling = handlings.get(i);
            ReceivedRecord record = new ReceivedRecord(Instant.now(), handling.callingAeTitle(),
                    handling.calledAeTitle(), handling.peerAddress(), object.sopClassUid(), object.sopInstanceUid(),
                    studyUid, seriesUid == null ? "" : seriesUid, object.transferSyntax().uid(), object.size(), name,
                    List.of(ROUTE), ReceivedRecord.NO_CHECKSUM);
            ForwardQueue.Prepared prepared = queue.prepare(0, record, target);
            try {
                journal.write(prepared.work());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(name);
                throw e;
            }
            prepared.afterCommit().run();
            for (long id : prepared.ids().get()) {
                first = first == 0 ? id : first;
                last = id;
            }
            queued++;
        }
        LOG.info("resend of study {}{} to {}: {} instance(s) queued, {} without a stored file", studyUid,
                seriesUid == null ? "" : " series " + seriesUid, destination, queued, matched - files.size());
        return new Result(destination, matched, queued, matched - files.size(), first, last);
    }
}
