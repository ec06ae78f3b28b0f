package ferry.router.replicate.folder;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.NotDicomException;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.net.service.Matching;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A folder tree as a replication source: every DICOM file under it (Part 10, or a bare data set in Implicit VR
 * Little Endian as old storescp folders hold), walked in the file system's order and read up to Pixel Data for its
 * UIDs and, with a query, matched as C-FIND matches. Files that are not DICOM and DICOMDIRs are passed over; a
 * DICOM file that cannot be read is told to {@code problems} (path, offset, element) and passed over too.
 */
public final class FolderSource implements ReplicationSource {
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.stoppingBefore(Tags.FloatPixelData);
    private static final int PAGE = 500;

    private final Path root;
    private final Consumer<String> problems;

    /** @param problems told each DICOM file that cannot be read, as {@code path: why} */
    public FolderSource(Path root, Consumer<String> problems) {
        this.root = root.toAbsolutePath().normalize();
        this.problems = problems;
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    @Override
    public void list(ReplicationQuery query, Pages pages) throws IOException, InterruptedException {
        if (!Files.isDirectory(root)) {
            throw new EndpointException(EndpointException.Side.SOURCE, "the source folder " + root
                    + (Files.exists(root) ? " is not a folder" : " does not exist"));
        }
        Matching matching = query.isAll() ? null : Matching.of(query.keys());
        List<SourceInstance> page = new ArrayList<>(PAGE);
        boolean[] stopped = {false};
        IOException[] failure = {null};
        InterruptedException[] interrupted = {null};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                SourceInstance instance = instance(file, attributes.size(), matching);
                if (instance != null) {
                    page.add(instance);
                }
                if (page.size() >= PAGE) {
                    try {
                        stopped[0] = !pages.accept(List.copyOf(page));
                    } catch (IOException e) {
                        failure[0] = e;
                    } catch (InterruptedException e) {
                        interrupted[0] = e;
                    }
                    page.clear();
                    if (stopped[0] || failure[0] != null || interrupted[0] != null) {
                        return FileVisitResult.TERMINATE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.accept(file + ": cannot be read: " + e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        if (interrupted[0] != null) {
            throw interrupted[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (!stopped[0] && !page.isEmpty()) {
            pages.accept(List.copyOf(page));
        }
    }

    /** The instance in {@code file}, or null when it is not one (or the query does not select it). */
    private SourceInstance instance(Path file, long size, Matching matching) {
        try {
            if (!DicomFile.looksLikeDicom(file)) {
                return null;
            }
            DicomFile dicom = DicomReader.read(file, HEADER);
            DataSet data = dicom.dataSet();
            String sop = data.getString(Tags.SOPInstanceUID, dicom.fileMeta().getString(
                    Tags.MediaStorageSOPInstanceUID, ""));
            if (sop.isEmpty() || Uids.MediaStorageDirectoryStorage.equals(
                    dicom.fileMeta().getString(Tags.MediaStorageSOPClassUID))) {
                return null;
            }
            if (matching != null && !matching.matches(data)) {
                return null;
            }
            return new SourceInstance(sop, data.getString(Tags.SOPClassUID, ""),
                    data.getString(Tags.StudyInstanceUID, ""), data.getString(Tags.SeriesInstanceUID, ""),
                    file.toString(), size);
        } catch (NotDicomException e) {
            return null;
        } catch (DicomParseException e) {
            problems.accept(file + ": unreadable at offset " + e.offset() + " " + e.elementPath() + ": "
                    + e.reason());
            return null;
        } catch (IOException | RuntimeException e) {
            problems.accept(file + ": " + e.getMessage());
            return null;
        }
    }

    @Override
    public void fetch(SourceInstance instance, Path target) throws IOException {
        try {
            Files.copy(Path.of(instance.locator()), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new InstanceException(instance.locator() + " is gone since it was listed");
        }
    }

    @Override
    public void close() {
    }
}
