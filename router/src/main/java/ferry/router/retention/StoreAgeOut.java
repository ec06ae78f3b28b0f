package ferry.router.retention;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ages out a store folder used as a short-term cache ({@code store: {folder: …, keep: 90d}}): files last modified
 * longer ago than {@code keep} are deleted, then the folders that became empty, never the store folder itself. The
 * store folder may itself be a symbolic link (to a disk mounted elsewhere); links inside it are neither followed nor
 * deleted, so nothing outside the folder is touched.
 */
public final class StoreAgeOut {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAgeOut.class);

    /**
     * A store folder and how long its files are kept.
     *
     * @param route the route it belongs to, for messages
     */
    public record Folder(String route, Path folder, Duration keep) {
    }

    private StoreAgeOut() {
    }

    /** Deletes (or, for a dry run, counts) what is older than the folder's {@code keep}; returns the files. */
    public static long ageOut(Folder store, Instant now, boolean dryRun) {
        if (!Files.isDirectory(store.folder())) {
            return 0;
        }
        Path root;
        try {
            root = store.folder().toRealPath(); // a store folder reached through a link: the folder it leads to
        } catch (IOException e) {
            LOG.warn("route {}: cannot age out {}: {}", store.route(), store.folder(), e.getMessage());
            return 0;
        }
        Instant cutoff = now.minus(store.keep());
        long[] deleted = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        if (!dryRun) {
                            Files.deleteIfExists(file);
                        }
                        deleted[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        LOG.warn("route {}: cannot age out {}: {}", store.route(), file, e.getMessage());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                    if (!dryRun && !directory.equals(root)) {
                        try {
                            Files.deleteIfExists(directory);
                        } catch (DirectoryNotEmptyException notEmpty) {
                            // still holds younger files
                        } catch (IOException other) {
                            LOG.warn("route {}: cannot remove the empty folder {}: {}", store.route(), directory,
                                    other.getMessage());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("route {}: ageing out {} stopped: {}", store.route(), root, e.getMessage());
        }
        return deleted[0];
    }
}
