package ferry.router.forward;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.DataSet;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.tagexport.ContentFlattener;
import ferry.router.tagexport.EventBuffer;
import ferry.router.tagexport.TagEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON lines file as a destination: the tags of each object as one line ({@link TagEvents}), batches of lines
 * appended with one write to the files {@link JsonLinesFiles} keeps (docs/tag-export.md).
 *
 * <p>Exactly once per object: the forwarding queue delivers at least once, so a job whose lines were written just
 * before a {@code kill -9}, and whose "done" was not yet committed, is delivered again after the restart. Every job
 * made before this destination was (so possibly written by an earlier run) is first looked up in the files by its
 * event id ({@link JsonLinesFiles#holds}): found, it is {@code ALREADY_THERE} and not written again. A job made
 * since cannot have been written by an earlier run, and in this run the queue hands a job out again only after a
 * failed write, which leaves no line behind ({@link JsonLinesFiles#append}). Where the durability policy forces
 * placed files, each batch is fsync'd before it counts as delivered, so a power cut cannot lose a line the journal
 * calls done.
 *
 * <p>Outcomes: written, {@code DELIVERED}; found, {@code ALREADY_THERE}; a file that cannot be read as DICOM,
 * {@code REJECTED}; a file system that fails (full, no permission), {@code FAILED}.
 */
public final class JsonLinesDestination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesDestination.class);
    /** One writer at a time for one set of files, also across a reload that makes a new destination for them. */
    private static final Map<Path, Object> WRITERS = new ConcurrentHashMap<>();

    private final String name;
    private final JsonLinesConfig config;
    private final DurabilityPolicy policy;
    private final TagEvents events;
    private final JsonLinesFiles files;
    private final Object writer;
    private final Instant madeAt;

    public JsonLinesDestination(String name, JsonLinesConfig config, DurabilityPolicy policy, Clock clock,
                                ContentFlattener flattener) {
        this.name = name;
        this.config = config;
        this.policy = policy;
        this.events = new TagEvents(name, config.shape(), flattener);
        this.files = new JsonLinesFiles(config.folder(), config.name(), config.maxSize(), config.daily(), clock);
        this.writer = WRITERS.computeIfAbsent(config.folder().resolve(config.name()).toAbsolutePath().normalize(),
                path -> new Object());
        this.madeAt = clock.instant();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "JSON lines " + files.describe() + " (" + config.shape().written()
                + (policy.forcesPlacedFiles() ? ", fsync'd: durability " + policy : "") + ")";
    }

    @Override
    public int maxParallel() {
        return 1;
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public Delivery deliver(OutgoingObject object) {
        return deliverAll(List.of(object)).get(0);
    }

    @Override
    public List<Delivery> deliverAll(List<OutgoingObject> objects) {
        Delivery[] outcomes = new Delivery[objects.size()];
        List<Integer> written = new ArrayList<>();
        EventBuffer lines = new EventBuffer(objects.size() * 2048);
        synchronized (writer) {
            for (int i = 0; i < objects.size(); i++) {
                OutgoingObject object = objects.get(i);
                try {
                    if (writtenBefore(object)) {
                        outcomes[i] = Delivery.alreadyThere("its line is in " + files.describe()
                                + " already (written before the restart)");
                        continue;
                    }
                } catch (IOException e) {
                    outcomes[i] = Delivery.failed("cannot read " + files.describe() + " for the lines written before "
                            + "the restart: " + e.getMessage());
                    continue;
                }
                DataSet header;
                try {
                    header = TagEvents.header(object.file());
                } catch (IOException e) {
                    outcomes[i] = Unreadable.of(object.file(), e);
                    continue;
                }
                int mark = lines.size();
                try (JsonGenerator generator = TagEvents.generator(lines)) {
                    events.write(about(object), header, generator);
                } catch (IOException e) {
                    lines.truncate(mark);
                    outcomes[i] = Unreadable.of(object.file(), e);
                    continue;
                }
                lines.write('\n');
                written.add(i);
            }
            if (!written.isEmpty()) {
                Delivery outcome = append(lines);
                written.forEach(i -> outcomes[i] = outcome);
            }
        }
        return List.of(outcomes);
    }

    private Delivery append(EventBuffer lines) {
        try {
            files.append(lines.array(), lines.size(), policy.forcesPlacedFiles());
            return Delivery.delivered("written to " + files.current());
        } catch (IOException e) {
            return Delivery.failed("cannot write " + (files.current() == null ? files.describe() : files.current())
                    + ": " + e);
        }
    }

    /** Whether {@code object}'s line may have been written by an earlier run, and is in the files. */
    private boolean writtenBefore(OutgoingObject object) throws IOException {
        return object.jobId() != 0 && object.queuedAt() != null && object.queuedAt().isBefore(madeAt)
                && files.holds(events.eventId(object.jobId(), object.sopInstanceUid()), object.queuedAt());
    }

    /** Looks its event id up in the files modified since {@code since}. */
    @Override
    public Holding holds(OutgoingObject object, Instant since) throws IOException {
        synchronized (writer) {
            return files.holds(events.eventId(object.jobId(), object.sopInstanceUid()), since) ? Holding.YES
                    : Holding.NO;
        }
    }

    static TagEvents.About about(OutgoingObject object) {
        return new TagEvents.About(object.file(), object.jobId(), object.sopInstanceUid(), object.sopClassUid(),
                object.studyInstanceUid(), object.callingAeTitle(), object.queuedAt());
    }

    /** Closes the file. */
    @Override
    public void close() {
        synchronized (writer) {
            try {
                files.close();
            } catch (IOException e) {
                LOG.warn("closing {}: {}", files.current(), e.getMessage());
            }
        }
    }
}
