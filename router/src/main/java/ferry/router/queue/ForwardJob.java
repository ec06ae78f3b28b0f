package ferry.router.queue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One object to deliver to one destination, as the queue keeps it (journal table {@code forward_job}).
 *
 * @param id                the job's id (0 before it is written)
 * @param objectId          the received object's journal id
 * @param route             the route that forwards it (its edits apply)
 * @param destination       the destination's name
 * @param file              the spool file, kept while a job of it is not done
 * @param sopClassUid       of the object
 * @param sopInstanceUid    of the object
 * @param transferSyntaxUid the object's transfer syntax
 * @param callingAeTitle    the AE title that sent the object to Ferry
 * @param studyUid          the object's study, may be empty
 * @param attempts          failed deliveries so far
 * @param createdAt         when the job was made
 */
public record ForwardJob(long id, long objectId, String route, String destination, Path file, String sopClassUid,
                         String sopInstanceUid, String transferSyntaxUid, String callingAeTitle, String studyUid,
                         int attempts, Instant createdAt) {
    public ForwardJob {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(createdAt, "createdAt");
        studyUid = Objects.requireNonNullElse(studyUid, "");
        callingAeTitle = Objects.requireNonNullElse(callingAeTitle, "");
    }

    ForwardJob withId(long newId) {
        return new ForwardJob(newId, objectId, route, destination, file, sopClassUid, sopInstanceUid,
                transferSyntaxUid, callingAeTitle, studyUid, attempts, createdAt);
    }

    /** This job with its failed deliveries forgotten ({@code ferry queue retry}). */
    ForwardJob withNoAttempts() {
        return new ForwardJob(id, objectId, route, destination, file, sopClassUid, sopInstanceUid, transferSyntaxUid,
                callingAeTitle, studyUid, 0, createdAt);
    }

    ForwardJob failedOnceMore() {
        return new ForwardJob(id, objectId, route, destination, file, sopClassUid, sopInstanceUid, transferSyntaxUid,
                callingAeTitle, studyUid, attempts + 1, createdAt);
    }
}
