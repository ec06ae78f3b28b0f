package ferry.router.export;

import ferry.router.database.Database;
import ferry.core.tag.Tags;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.Destination.Holding;
import ferry.router.forward.OutgoingObject;
import ferry.router.index.Handling;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexMatch;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code ferry export-tags} run: the instances an IMAGE-level query of the index matches, each read from its
 * stored file and sent to a tag-export destination in its batches, exactly once per destination across runs
 * (docs/tag-export.md).
 *
 * <p>Exactly once: a batch is recorded as being sent before it goes and as done once the destination took it
 * ({@link ExportRecord}); an instance recorded done is not sent again. One in doubt (the run was killed between the
 * two) is first looked for in the destination ({@link Destination#holds}: a JSON lines file finds its event id);
 * where the destination cannot tell (a Splunk HTTP Event Collector) it is sent again, with the same event id, and
 * counted apart ({@link ExportReport#resent}): the destination may now hold it twice. The events carry no
 * forwarding job ({@code job} 0), so an instance's event id is the same in every run. Instances a route forwarded
 * to the destination are left to the forwarding queue, which sends them once.
 *
 * <p>An instance whose stored file is gone is counted and reported, not fatal; one the destination refuses too (a
 * run again tries it again). A destination that fails (down, 5xx, a full disk) stops the run: what it took is
 * recorded, and a run again goes on from there.
 */
public final class IndexExport {
    /** What the command shows while it runs. */
    public interface Progress {
        /** After each batch. */
        void batchDone(ExportReport soFar);

        /** An instance not sent, and why (no stored file, refused). */
        void notSent(String sopInstanceUid, String why);
    }

    private final Database journalDatabase;
    private final Destination destination;
    private final Clock clock;
    private long matched;
    private long sent;
    private long resent;
    private long before;
    private long held;
    private long routed;
    private long missing;
    private long refused;
    private String failure;

    /**
     * @param journalDatabase the journal database, whose index is read (read-only: Ferry may run meanwhile)
     * @param destination where the events go; the caller closes it
     */
    public IndexExport(Database journalDatabase, Destination destination, Clock clock) {
        this.journalDatabase = journalDatabase;
        this.destination = destination;
        this.clock = clock;
    }

    /**
     * Exports the matches of {@code query} (at the IMAGE level, asking for SOP Class UID and Study Instance UID).
     *
     * @param recordFile the destination's record (made when missing)
     * @param sync       whether the record is fsync'd before and after each batch (durability {@code power})
     * @throws IOException when the index or the record cannot be read or written; what was sent is recorded
     */
    public ExportReport run(IndexQuery query, Path recordFile, boolean sync, Progress progress)
            throws IOException, InterruptedException {
        try (ExportRecord record = ExportRecord.open(recordFile, sync);
             IndexCursor cursor = new IndexSearch(journalDatabase).open(query)) {
            List<OutgoingObject> batch = new ArrayList<>();
            while (failure == null && cursor.hasNext()) {
                OutgoingObject object = outgoing(cursor.next(), record, progress);
                if (object != null) {
                    batch.add(object);
                    if (batch.size() >= destination.batchSize()) {
                        send(batch, record, progress);
                    }
                }
            }
            if (failure == null && !batch.isEmpty()) {
                send(batch, record, progress);
            }
        }
        return report();
    }

    private ExportReport report() {
        return new ExportReport(matched, sent, resent, before, held, routed, missing, refused, failure);
    }

    /** The object to send for {@code match}, or null when it is not sent (counted). */
    private OutgoingObject outgoing(IndexMatch match, ExportRecord record, Progress progress) {
        matched++;
        String uid = match.attributes().getString(Tags.SOPInstanceUID);
        Handling handling = match.handling();
        if (handling.destinations().contains(destination.name())) {
            routed++;
            return null;
        }
        if (record.done(uid)) {
            before++;
            return null;
        }
        Optional<Path> file = storedFile(handling);
        if (file.isEmpty()) {
            missing++;
            progress.notSent(uid, handling.stored().isEmpty() ? "stored nowhere (forwarded only), no file to read "
                    + "its tags from" : "its stored file is gone: " + String.join(", ", handling.stored()));
            return null;
        }
        return new OutgoingObject(file.get(), match.attributes().getString(Tags.SOPClassUID), uid,
                handling.transferSyntaxUid(), handling.callingAeTitle(),
                match.attributes().getString(Tags.StudyInstanceUID), 0, handling.receivedAt());
    }

    /** The last stored file of the instance that is still there. */
    private static Optional<Path> storedFile(Handling handling) {
        List<String> stored = handling.stored();
        for (int i = stored.size() - 1; i >= 0; i--) {
            Path file = Path.of(stored.get(i));
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Sends {@code batch} (those not found in the destination already), records what it took, and empties it. */
    private void send(List<OutgoingObject> batch, ExportRecord record, Progress progress)
            throws IOException, InterruptedException {
        List<OutgoingObject> going = new ArrayList<>(batch.size());
        List<String> there = new ArrayList<>();
        Set<String> again = new HashSet<>();
        for (OutgoingObject object : batch) {
            Optional<Instant> since = record.inDoubtSince(object.sopInstanceUid());
            Holding holding = since.isPresent() ? destination.holds(object, since.get()) : Holding.NO;
            if (holding == Holding.YES) {
                there.add(object.sopInstanceUid());
            } else {
                going.add(object);
                if (holding == Holding.CANNOT_TELL) {
                    again.add(object.sopInstanceUid());
                }
            }
        }
        batch.clear();
        record.done(there);
        held += there.size();
        if (going.isEmpty()) {
            progress.batchDone(report());
            return;
        }
        List<String> uids = going.stream().map(OutgoingObject::sopInstanceUid).toList();
        record.sending(clock.instant(), uids);
        List<Delivery> outcomes = destination.deliverAll(going);
        List<String> taken = new ArrayList<>(going.size());
        for (int i = 0; i < going.size(); i++) {
            Delivery outcome = outcomes.get(i);
            if (outcome.done()) {
                taken.add(uids.get(i));
                resent += again.contains(uids.get(i)) ? 1 : 0;
            } else if (outcome.result() == Delivery.Result.REJECTED) {
                refused++;
                progress.notSent(uids.get(i), "refused: " + outcome.detail());
            } else if (failure == null) {
                failure = destination.name() + " failed: " + outcome.detail();
            }
        }
        record.done(taken);
        sent += taken.size();
        progress.batchDone(report());
    }
}
