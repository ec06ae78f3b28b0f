package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.Implementation;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.dimse.Status;
import ferry.net.pdu.UserInformation;
import ferry.net.service.StoreScu;
import ferry.router.rules.RoutingInput;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unrouted area ({@code DATA/unrouted}): objects that no route matched (docs/running.md). It lists them, and
 * routes them again after the configuration was fixed ({@link #reroute}): an object that a route now matches goes
 * through the receive pipeline as if its sender had sent it again (journaled, stored, forwarded, counted in its
 * study), then leaves the unrouted area; one that still matches no route stays. A file is named by its path relative
 * to the area, and only regular files inside the area are ever read or removed.
 */
public final class UnroutedArea {
    private static final Logger LOG = LoggerFactory.getLogger(UnroutedArea.class);

    /** Where an object came from, as the index remembers its first receipt. */
    public record Origin(String callingAeTitle, String calledAeTitle, String peerAddress) {
    }

    /**
     * An object of the unrouted area.
     *
     * @param path              its path relative to the area (what {@link #reroute} takes)
     * @param size              its size in bytes
     * @param modifiedAt        when it was placed there
     * @param sopClassUid       of the object
     * @param sopInstanceUid    of the object
     * @param studyInstanceUid  of the object
     * @param seriesInstanceUid of the object
     * @param patientId         of the object
     * @param patientName       of the object
     * @param modality          of the object
     * @param callingAeTitle    who sent it (from its file meta information)
     * @param error             why it could not be read, or null
     */
    public record Entry(String path, long size, Instant modifiedAt, String sopClassUid, String sopInstanceUid,
                        String studyInstanceUid, String seriesInstanceUid, String patientId, String patientName,
                        String modality, String callingAeTitle, String error) {
    }

    /** A page of the area: how many objects it holds, and some of them in path order. */
    public record Listing(long total, int offset, List<Entry> entries) {
    }

    /**
     * What a re-route did to one object.
     *
     * @param path    the object's path in the area
     * @param outcome {@code routed} (left the area), {@code unrouted} (still matches no route: stays),
     *                {@code refused} (the pipeline refused it: stays) or {@code error}
     * @param routes  the routes it took, when routed
     * @param detail  why, when it stayed
     */
    public record Rerouted(String path, String outcome, List<String> routes, String detail) {
    }

    private final Path folder;
    private final Supplier<Routing> routing;
    private final ReceivePipeline pipeline;
    private final Function<String, Optional<Origin>> origins;

    /**
     * @param folder   the unrouted area
     * @param routing  the routing in force
     * @param pipeline the receive pipeline objects are re-received through
     * @param origins  where an object (by SOP Instance UID) first came from: the index's record of it
     */
    public UnroutedArea(Path folder, Supplier<Routing> routing, ReceivePipeline pipeline,
                        Function<String, Optional<Origin>> origins) {
        this.folder = folder;
        this.routing = routing;
        this.pipeline = pipeline;
        this.origins = origins;
    }

    /** The objects from {@code offset} on, at most {@code limit}, in path order, with how many there are. */
    public Listing list(int offset, int limit) throws IOException {
        List<Path> files = files();
        List<Entry> entries = new ArrayList<>();
        for (Path file : files.subList(Math.min(offset, files.size()), Math.min(files.size(), offset + limit))) {
            entries.add(entry(file));
        }
        return new Listing(files.size(), offset, entries);
    }

    /** Every regular file of the area, in path order (no link is followed). */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private Entry entry(Path file) {
        String path = folder.relativize(file).toString();
        long size = -1;
        Instant modified = null;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toInstant();
            var read = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(Tags.PixelData));
            DataSet data = read.dataSet();
            return new Entry(path, size, modified, read.fileMeta().getString(Tags.MediaStorageSOPClassUID, ""),
                    read.fileMeta().getString(Tags.MediaStorageSOPInstanceUID, ""),
                    data.getString(Tags.StudyInstanceUID, ""), data.getString(Tags.SeriesInstanceUID, ""),
                    data.getString(Tags.PatientID, ""), data.getString(Tags.PatientName, ""),
                    data.getString(Tags.Modality, ""), read.fileMeta().getString(Tags.SourceApplicationEntityTitle, ""),
                    null);
        } catch (IOException | RuntimeException e) {
            return new Entry(path, size, modified, "", "", "", "", "", "", "", "", "unreadable: " + e.getMessage());
        }
    }

    /**
     * Routes the objects at {@code paths} again (every object of the area when it is empty) with the routing in force,
     * one by one.
     *
     * @throws IllegalArgumentException naming each path that is not an object of the area (outside it, a link, a
     *                                  folder, missing); then nothing is done
     */
    public List<Rerouted> reroute(List<String> paths) throws IOException {
        List<Path> chosen = new ArrayList<>();
        if (paths.isEmpty()) {
            chosen.addAll(files());
        } else {
            List<String> wrong = new ArrayList<>();
            for (String path : paths) {
                Optional<Path> file = inside(path);
                if (file.isEmpty()) {
                    wrong.add("'" + path.replaceAll("\\p{Cntrl}", "?") + "'");
                } else {
                    chosen.add(file.get());
                }
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException("not objects of the unrouted area: " + String.join(", ", wrong));
            }
        }
        List<Rerouted> results = new ArrayList<>();
        for (Path file : chosen) {
            results.add(reroute(file));
        }
        return results;
    }

    /**
     * The file {@code path} names inside the area: relative, no {@code ..}, a regular file reached without
     * following a link out of it.
     */
    Optional<Path> inside(String path) {
        if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path relative;
        try {
            relative = Path.of(path);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (relative.isAbsolute() || relative.normalize().startsWith("..") || !relative.normalize().equals(relative)
                || relative.toString().isEmpty()) {
            return Optional.empty();
        }
        Path file = folder.resolve(relative);
        try {
            Path real = file.toRealPath(LinkOption.NOFOLLOW_LINKS);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !file.toRealPath().startsWith(folder.toRealPath())) {
                return Optional.empty();
            }
            return Optional.of(real);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Rerouted reroute(Path file) {
        String path = folder.relativize(file).toString();
        try {
            StoreScu.FileToSend object = StoreScu.inspect(file);
            var read = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(routing.get().stopBefore()));
            Origin origin = origins.apply(object.sopInstanceUid()).orElse(new Origin(
                    read.fileMeta().getString(Tags.SourceApplicationEntityTitle, ""), "", "0.0.0.0"));
            InetAddress peer = InetAddress.getByName(origin.peerAddress().isEmpty() ? "0.0.0.0"
                    : origin.peerAddress());
            List<String> routes = routing.get().table().decide(new RoutingInput(origin.callingAeTitle(),
                    origin.calledAeTitle(), peer, read.dataSet())).routes();
            if (routes.isEmpty()) {
                return new Rerouted(path, "unrouted", List.of(), "still matches no route");
            }
            PresentationContext context = new PresentationContext(1, object.sopClassUid(),
                    object.transferSyntax().uid());
            AssociationInfo association = new AssociationInfo(origin.callingAeTitle(), origin.calledAeTitle(),
                    new InetSocketAddress(peer, 0), List.of(context), 0,
                    UserInformation.of(0, Implementation.CLASS_UID, Implementation.VERSION_NAME), false);
            Status status;
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(object.dataSetOffset());
                status = pipeline.store(association, context, new CStoreRq(1, object.sopClassUid(),
                        object.sopInstanceUid(), Priority.MEDIUM), in);
            }
            if (!status.isSuccessOrWarning()) {
                return new Rerouted(path, "refused", List.of(), status.toString());
            }
            Files.delete(file);
            LOG.info("re-routed {} from the unrouted area: routes {}", object.sopInstanceUid(), routes);
            return new Rerouted(path, "routed", routes, null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("re-routing {} from the unrouted area failed: {}", path, e.toString());
            return new Rerouted(path, "error", List.of(), e.getMessage());
        }
    }
}
