package ferry.router.replicate;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.NotDicomException;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.net.service.Matching;
import ferry.router.edit.EditedCopy;
import ferry.router.edit.TagEdit;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.OutgoingObject;
import ferry.router.queue.QueueConfig;
import ferry.router.replicate.ReplicationRecord.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One replication's copying of single instances: fetched from the source into the work folder, checked against a
 * feed's query, edited, delivered, and recorded; what failed for a reason that may pass is tried again after the
 * queue's growing waits (through the {@link Breaker}), what cannot be had or is refused is failed at once with its
 * reason. A source that cannot be used from its first fetch on (unreachable, a C-MOVE destination it does not know)
 * ends the pass instead: every instance would fail alike. Thread-safe: the {@link Replicator}'s workers share it.
 */
final class InstanceCopy {
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.stoppingBefore(Tags.FloatPixelData);

    private final ReplicationSource source;
    private final Destination destination;
    private final List<TagEdit> edits;
    private final ReplicationRecord record;
    private final Path work;
    private final QueueConfig rules;
    private final Breaker breaker;
    private final ReplicationCounts counts;
    private final BooleanSupplier stopping;
    private final Consumer<EndpointException> unusable;
    private final AtomicLong files = new AtomicLong();
    /** Whether the source has given an instance yet. */
    private volatile boolean fetchedOnce;

    /**
     * @param stopping whether the replication is stopping: no attempt is begun then
     * @param unusable told when the source cannot be used at all before it has given any instance (it refused the
     *                 first fetch with an {@link EndpointException}): the instance is left, neither failed nor
     *                 recorded, and the pass is to end with the exception
     */
    InstanceCopy(ReplicationSource source, Destination destination, List<TagEdit> edits, ReplicationRecord record,
                 Path work, QueueConfig rules, Breaker breaker, ReplicationCounts counts, BooleanSupplier stopping,
                 Consumer<EndpointException> unusable) {
        this.source = source;
        this.destination = destination;
        this.edits = List.copyOf(edits);
        this.record = record;
        this.work = work;
        this.rules = rules;
        this.breaker = breaker;
        this.counts = counts;
        this.stopping = stopping;
        this.unusable = unusable;
    }

    /** Fetches, edits and delivers one instance, trying again by the queue's rules. */
    void copy(SourceInstance instance, Matching filter, Replicator.Progress progress) throws InterruptedException {
        long n = files.incrementAndGet();
        Path fetched = work.resolve(WorkFiles.name(WorkFiles.FETCHED, n));
        Path edited = work.resolve(WorkFiles.name(WorkFiles.EDITED, n));
        OutgoingObject outgoing = null;
        long size = 0;
        int attempts = 0;
        try {
            Files.createDirectories(work);
            while (!stopping.getAsBoolean()) {
                breaker.awaitTurn();
                String problem;
                try {
                    if (outgoing == null) {
                        try {
                            source.fetch(instance, fetched);
                        } catch (EndpointException e) {
                            if (!fetchedOnce) {
                                unusable.accept(e);
                                return;
                            }
                            throw e; // the source went away in the middle: tried again by the rules
                        }
                        fetchedOnce = true;
                        size = Files.size(fetched);
                        DicomFile header = DicomReader.read(fetched, HEADER);
                        if (filter != null && !filter.matches(header.dataSet())) {
                            breaker.succeeded();
                            return; // a feed's instance the query does not select
                        }
                        Path sent = fetched;
                        if (!edits.isEmpty()) {
                            EditedCopy.write(fetched, edits, edited);
                            sent = edited;
                            header = DicomReader.read(edited, HEADER);
                        }
                        outgoing = outgoing(sent, header, instance);
                    }
                    Delivery delivery = destination.deliver(outgoing);
                    switch (delivery.result()) {
                        case DELIVERED -> {
                            breaker.succeeded();
                            record.record(instance.sopInstanceUid(), State.COPIED, null);
                            counts.copied.incrementAndGet();
                            counts.bytes.addAndGet(size);
                            return;
                        }
                        case ALREADY_THERE -> {
                            breaker.succeeded();
                            record.record(instance.sopInstanceUid(), State.PRESENT, null);
                            counts.present.incrementAndGet();
                            return;
                        }
                        case REJECTED -> {
                            breaker.succeeded();
                            fail(instance, destination.name() + " refused it: " + delivery.detail(), progress);
                            return;
                        }
                        default -> problem = destination.name() + ": " + delivery.detail();
                    }
                } catch (InstanceException e) {
                    breaker.succeeded();
                    fail(instance, e.getMessage(), progress);
                    return;
                } catch (NotDicomException e) {
                    fail(instance, "the source gave a file that is not DICOM", progress);
                    return;
                } catch (DicomParseException e) {
                    fail(instance, "the source gave a file that cannot be read: at offset " + e.offset() + " "
                            + e.elementPath() + ": " + e.reason(), progress);
                    return;
                } catch (IOException e) {
                    problem = e.getMessage() == null ? e.toString() : e.getMessage();
                }
                breaker.failed();
                attempts++;
                if (attempts >= rules.attempts()) {
                    fail(instance, problem + " (failed " + attempts + " times)", progress);
                    return;
                }
                long wait = rules.waitAfter(attempts).toMillis();
                Thread.sleep(Math.max(1, wait + (long) (wait * 0.25 * (2 * ThreadLocalRandom.current().nextDouble()
                        - 1))));
            }
        } catch (IOException e) {
            fail(instance, "its files in " + work + " could not be written: " + e.getMessage(), progress);
        } finally {
            deleteQuietly(fetched);
            deleteQuietly(edited);
        }
    }

    private static OutgoingObject outgoing(Path file, DicomFile header, SourceInstance instance) {
        DataSet meta = header.fileMeta();
        DataSet data = header.dataSet();
        String sopClass = data.getString(Tags.SOPClassUID, meta.getString(Tags.MediaStorageSOPClassUID,
                instance.sopClassUid()));
        String sopInstance = data.getString(Tags.SOPInstanceUID, meta.getString(Tags.MediaStorageSOPInstanceUID,
                instance.sopInstanceUid()));
        return new OutgoingObject(file, sopClass, sopInstance, header.transferSyntax().uid(), "",
                data.getString(Tags.StudyInstanceUID, ""));
    }

    private void fail(SourceInstance instance, String reason, Replicator.Progress progress) {
        counts.failed.incrementAndGet();
        progress.failed(instance, reason);
        try {
            record.record(instance.sopInstanceUid(), State.FAILED, reason);
        } catch (IOException e) {
            progress.note("the failure of " + instance.sopInstanceUid() + " could not be recorded: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in the work folder, removed at the next start
        }
    }
}
