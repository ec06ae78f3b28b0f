package ferry.router.forward;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One object to forward, as the queue hands it to a {@link Destination}: its file (Part 10, the edits of the route
 * and destination already applied) and what the file meta group says of it.
 *
 * @param file              the Part 10 file to send; read it, never change or delete it
 * @param sopClassUid       the SOP Class UID
 * @param sopInstanceUid    the SOP Instance UID
 * @param transferSyntaxUid the transfer syntax the file is in
 * @param callingAeTitle    the AE title that sent the object to Ferry (for destinations that pass it through)
 * @param studyInstanceUid  the study, for logs and ordering; may be empty
 * @param jobId             the forwarding job that sends it (one object to one destination), 0 when there is none:
 *                          the same for every attempt, so a destination can tell a delivery done again
 * @param queuedAt          when that job was made (the object was received), or null when there is none
 */
public record OutgoingObject(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                             String callingAeTitle, String studyInstanceUid, long jobId, Instant queuedAt) {
    public OutgoingObject {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        callingAeTitle = Objects.requireNonNullElse(callingAeTitle, "");
        studyInstanceUid = Objects.requireNonNullElse(studyInstanceUid, "");
    }

    /** An object sent by no job (a one-off send). */
    public OutgoingObject(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                          String callingAeTitle, String studyInstanceUid) {
        this(file, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle, studyInstanceUid, 0, null);
    }
}
