package ferry.router.replicate.folder;

import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.router.replicate.Presence;
import ferry.router.replicate.SourceInstance;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a folder destination holds: the SOP Instance UIDs of the DICOM files under its folder, whatever its layout,
 * read once (up to the SOP Instance UID of each file) when first asked. Files the folder gets afterwards are those
 * this replication writes, which its record knows. Keeps one UID per file in the heap (about 100 bytes each).
 */
public final class FolderPresence implements Presence {
    private static final ReadOptions UP_TO_UID = ReadOptions.DEFAULT.stoppingBefore(Tags.SOPInstanceUID + 1);

    private final Path folder;
    private Set<String> held;

    public FolderPresence(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public Set<String> held(List<SourceInstance> instances) throws IOException {
        if (held == null) {
            held = read();
        }
        Set<String> found = new HashSet<>();
        for (SourceInstance instance : instances) {
            if (held.contains(instance.sopInstanceUid())) {
                found.add(instance.sopInstanceUid());
            }
        }
        return found;
    }

    private Set<String> read() throws IOException {
        Set<String> uids = new HashSet<>();
        if (!Files.isDirectory(folder)) {
            return uids; // made by the first file stored
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    try {
                        DicomFile dicom = DicomReader.read(file, UP_TO_UID);
                        String uid = dicom.dataSet().getString(Tags.SOPInstanceUID,
                                dicom.fileMeta().getString(Tags.MediaStorageSOPInstanceUID, ""));
                        if (!uid.isEmpty()) {
                            uids.add(uid);
                        }
                    } catch (IOException | RuntimeException notAnInstance) {
                        // not DICOM, or unreadable: it holds no instance a copy could replace
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return uids;
    }
}
