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
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a job: its object handed to its destination as received, or as an edited copy when its route edits
 * what goes there (the copy is written to the work folder and removed after the attempt). What cannot be helped by
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
        Destination destination = destinations.get().get(job.destination());
        if (destination == null) {
            return Delivery.rejected("destination " + job.destination() + " is no longer configured");
        }
        if (!Files.exists(job.file())) {
            return Delivery.rejected("the object's file " + job.file() + " is gone");
        }
        List<TagEdit> changes = edits.apply(job.route(), job.destination());
        Path edited = null;
        try {
            OutgoingObject object;
            if (changes.isEmpty()) {
                object = new OutgoingObject(job.file(), job.sopClassUid(), job.sopInstanceUid(),
                        job.transferSyntaxUid(), job.callingAeTitle(), job.studyUid());
            } else {
                edited = Files.createTempFile(workDirectory, "job-" + job.id() + "-", ".dcm");
                EditedCopy.write(job.file(), changes, edited);
                DicomFile header = DicomReader.read(edited, ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1));
                DataSet data = header.dataSet();
                object = new OutgoingObject(edited, data.getString(Tags.SOPClassUID, job.sopClassUid()),
                        data.getString(Tags.SOPInstanceUID, job.sopInstanceUid()), header.transferSyntax().uid(),
                        job.callingAeTitle(), job.studyUid());
            }
            return destination.deliver(object);
        } catch (IOException e) {
            return Delivery.failed("editing a copy for " + job.destination() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("forwarding job {} to {}: unexpected failure", job.id(), job.destination(), e);
            return Delivery.failed(e.toString());
        } finally {
            if (edited != null) {
                try {
                    Files.deleteIfExists(edited);
                } catch (IOException e) {
                    LOG.warn("could not remove the edited copy {}: {}", edited, e.getMessage());
                }
            }
        }
    }
}
