package ferry.router.tagexport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes the event of one object for a tag export: its header read from its file (values over 1 KiB left in the
 * file until written, bulk ones never read) and written in a {@link TagShape}, with what Ferry knows of the object
 * around it. One event is one JSON object (docs/tag-export.md):
 *
 * <pre>{@code
 * {"event_id": "…", "job": 41, "sop_instance_uid": "…", "sop_class_uid": "…", "study_instance_uid": "…",
 *  "calling_ae_title": "CT1", "received_at": "2024-05-02T10:11:12.345Z", "shape": "simplified",
 *  "tags": {…}}
 * }</pre>
 *
 * <p>{@code event_id} comes first (a JSON lines file finds the events it holds by it) and is the same however often
 * the object is sent to the same sink: a name-based UUID of the destination's name, the forwarding job and the SOP
 * Instance UID ({@link #eventId}), so that a sink that got an event twice can tell. Immutable and thread-safe.
 */
public final class TagEvents {
    private static final ReadOptions HEADER = new ReadOptions(0xFFFFFFFF, 1024, false, 64);
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * What an event says of its object besides its tags.
     *
     * @param file             the object's Part 10 file (the header is read from it)
     * @param job              the forwarding job that exports it, or 0
     * @param sopInstanceUid   the SOP Instance UID
     * @param sopClassUid      the SOP Class UID
     * @param studyInstanceUid the study, or empty
     * @param callingAeTitle   who sent it to Ferry, or empty
     * @param receivedAt       when Ferry received it (its job was made), or null
     */
    public record About(Path file, long job, String sopInstanceUid, String sopClassUid, String studyInstanceUid,
                        String callingAeTitle, Instant receivedAt) {
        public About {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            sopClassUid = Objects.requireNonNullElse(sopClassUid, "");
            studyInstanceUid = Objects.requireNonNullElse(studyInstanceUid, "");
            callingAeTitle = Objects.requireNonNullElse(callingAeTitle, "");
        }
    }

    private final String destination;
    private final TagShape shape;
    private final ContentFlattener flattener;

    /**
     * @param destination the name of the destination the events go to (part of each event id)
     * @param flattener   adds content beside the tags ({@link ContentFlattener#NONE} for none)
     */
    public TagEvents(String destination, TagShape shape, ContentFlattener flattener) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.flattener = Objects.requireNonNull(flattener, "flattener");
    }

    public TagShape shape() {
        return shape;
    }

    /** A generator writing UTF-8 to {@code out}, which it neither closes nor owns. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * The event id of {@code job}'s object for this destination: a name-based (version 3) UUID of
     * {@code "ferry-tag-export"}, the destination's name, the job and the SOP Instance UID, one per line.
     */
    public String eventId(long job, String sopInstanceUid) {
        String name = "ferry-tag-export\n" + destination + "\n" + job + "\n" + sopInstanceUid;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Reads the header of {@code object}'s file; the event can be written from it without failing on the file. */
    public static DataSet header(Path file) throws IOException {
        return DicomReader.read(file, HEADER).dataSet();
    }

    /**
     * Writes the event of {@code object}, whose header {@link #header} read, as one JSON object.
     *
     * @throws IOException when a value left in the file cannot be read, or the generator fails
     */
    public void write(About object, DataSet header, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", eventId(object.job(), object.sopInstanceUid()));
        if (object.job() != 0) {
            g.writeNumberField("job", object.job());
        }
        g.writeStringField("sop_instance_uid", object.sopInstanceUid());
        g.writeStringField("sop_class_uid", object.sopClassUid());
        g.writeStringField("study_instance_uid", object.studyInstanceUid());
        g.writeStringField("calling_ae_title", object.callingAeTitle());
        if (object.receivedAt() != null) {
            g.writeStringField("received_at", object.receivedAt().toString());
        }
        g.writeStringField("shape", shape.written());
        g.writeFieldName("tags");
        shape.write(header, g);
        flattener.write(header, g);
        g.writeEndObject();
    }
}
