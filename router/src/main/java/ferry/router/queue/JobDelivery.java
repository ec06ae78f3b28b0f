package ferry.router.queue;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.router.edit.EditedCopy;
import ferry.router.edit.TagEdit;
import ferry.router.forward.Delivery;
import ferry.router.forward.Destination;
import ferry.router.forward.OutgoingObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a job, or at several jobs of one destination at once: each object handed to its destination as
 * received, or as an edited copy when its route edits what goes there (the copy is written to the work folder and
 * removed after the attempt). What cannot be helped by
 * trying again (the destination or the file gone) is a rejection; an unexpected failure is logged and failed.
 */
final class JobDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(JobDelivery.class);

    private final Supplier<Map<String, Destination>> destinations;
    private final BiFunction<String, String, List<TagEdit>> edits;
    private final Path workDirectory;

    /**
     * @param destinations  the configured destinations by name (reload swaps them)
     * @param edits         the edits of (route, destination)
     * @param workDirectory where edited copies are written (on the spool's file system)
     */
    JobDelivery(Supplier<Map<String, Destination>> destinations, BiFunction<String, String, List<TagEdit>> edits,
                Path workDirectory) {
        this.destinations = destinations;
        this.edits = edits;
        this.workDirectory = workDirectory;
    }

    /** Delivers {@code job}'s object once; returns how it went. */
    Delivery deliver(ForwardJob job) throws InterruptedException {
        return deliverAll(List.of(job)).get(0);
    }

    /**
     * Delivers the objects of {@code jobs} (all of one destination) once, in one exchange when the destination takes
     * batches ({@link Destination#deliverAll}); returns how each went, in order. A job whose object cannot be
     * prepared (its file gone, an edited copy that cannot be written) has its outcome without being sent.
     */
    List<Delivery> deliverAll(List<ForwardJob> jobs) throws InterruptedException {
        Delivery[] outcomes = new Delivery[jobs.size()];
        Destination destination = destinations.get().get(jobs.get(0).destination());
        List<Path> edited = new ArrayList<>();
        try {
            List<OutgoingObject> objects = new ArrayList<>();
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                ForwardJob job = jobs.get(i);
                if (destination == null) {
                    outcomes[i] = Delivery.rejected("destination " + job.destination() + " is no longer configured");
                } else if (!Files.exists(job.file())) {
                    outcomes[i] = Delivery.rejected("the object's file " + job.file() + " is gone");
                } else {
                    try {
                        objects.add(outgoing(job, edited));
                        sent.add(i);
                    } catch (IOException e) {
                        outcomes[i] = Delivery.failed("editing a copy for " + job.destination() + " failed: "
                                + e.getMessage());
                    }
                }
            }
            if (!objects.isEmpty()) {
                List<Delivery> answers = objects.size() == 1 ? List.of(destination.deliver(objects.get(0)))
                        : destination.deliverAll(objects);
                for (int i = 0; i < sent.size(); i++) {
                    outcomes[sent.get(i)] = answers.get(i);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("forwarding job(s) {} to {}: unexpected failure", jobs.stream().map(ForwardJob::id).toList(),
                    jobs.get(0).destination(), e);
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = outcomes[i] == null ? Delivery.failed(e.toString()) : outcomes[i];
            }
        } finally {
            for (Path copy : edited) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    LOG.warn("could not remove the edited copy {}: {}", copy, e.getMessage());
                }
            }
        }
        return List.of(outcomes);
    }

    /** The object of {@code job} as it goes to its destination: as received, or an edited copy (added to {@code edited}). */
    private OutgoingObject outgoing(ForwardJob job, List<Path> edited) throws IOException {
        List<TagEdit> changes = edits.apply(job.route(), job.destination());
        if (changes.isEmpty()) {
            return new OutgoingObject(job.file(), job.sopClassUid(), job.sopInstanceUid(), job.transferSyntaxUid(),
                    job.callingAeTitle(), job.studyUid(), job.id(), job.createdAt());
        }
        Path copy = Files.createTempFile(workDirectory, "job-" + job.id() + "-", ".dcm");
        edited.add(copy);
        EditedCopy.write(job.file(), changes, copy);
        DicomFile header = DicomReader.read(copy, ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1));
        DataSet data = header.dataSet();
        return new OutgoingObject(copy, data.getString(Tags.SOPClassUID, job.sopClassUid()),
                data.getString(Tags.SOPInstanceUID, job.sopInstanceUid()), header.transferSyntax().uid(),
                job.callingAeTitle(), job.studyUid(), job.id(), job.createdAt());
    }
}
