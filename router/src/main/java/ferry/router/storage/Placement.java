package ferry.router.storage;

import ferry.router.journal.DurabilityPolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a file into a folder under a relative path, atomically: the file appears there complete or not at all.
 * On the same file system it is a hard link to the source (then the source's name is removed when moving), so no
 * byte is copied; across file systems, or where hard links are not supported, the source is copied to a hidden
 * temporary name ({@code .ferry-….part}) in the target directory and then linked or renamed into place.
 *
 * <p>A new name is taken with an operation that fails when the name exists (link(2)), never with check-then-act,
 * so concurrent callers placing into the same directory never overwrite each other: under
 * {@link CollisionPolicy#KEEP_BOTH} two objects with the same name both survive. On a file system without hard
 * links the final rename cannot refuse an existing name, and a concurrent collision there may replace a file.
 *
 * <p>The target must resolve inside the folder: a relative path with {@code ..} or an absolute one is refused, and so
 * is a directory whose real path (symbolic links followed) leads out of the folder's real path, before any directory
 * is created where the link leads. Directories are created as needed and remembered, so the common case costs one
 * system call; a remembered directory deleted by someone else is created again.
 *
 * <p>Where the durability policy forces placed files ({@link DurabilityPolicy#forcesPlacedFiles}), copied bytes are
 * fsync'd before they are linked into place, and every directory whose entries changed (the target directory, new
 * directories' parents) is fsync'd before {@link #place} returns, through {@code FileChannel.force} on the directory
 * opened for reading, which works on Linux; a moved source keeps its name until the new one is durable. Thread-safe.
 */
public final class Placement {
    /** What placing did. */
    public enum Outcome {
        /** The file is in place under the asked name (or under a name that was free). */
        PLACED,
        /** An identical file was already there ({@link CollisionPolicy#SKIP_IDENTICAL}); the new one was dropped. */
        SKIPPED_IDENTICAL,
        /** The file replaced an existing one ({@link CollisionPolicy#OVERWRITE}). */
        OVERWROTE,
        /** The name was taken; the file is in place under a suffixed name. */
        KEPT_BOTH
    }

    /**
     * Where the file now is and how it got there.
     *
     * @param path    the file's path in the folder (for {@link Outcome#SKIPPED_IDENTICAL}, the identical file's)
     * @param outcome what was done
     */
    public record Placed(Path path, Outcome outcome) {
    }

    /** The most suffixed names tried before giving up (A … ZZZ). */
    static final int MAX_SUFFIXES = 26 + 26 * 26 + 26 * 26 * 26;
    private static final int MAX_REMEMBERED_DIRECTORIES = 100_000;

    private final boolean forceToDisk;
    private final Set<Path> directories = ConcurrentHashMap.newKeySet();
    private final Map<Path, Path> realFolders = new ConcurrentHashMap<>();

    /** A placement at {@code policy}'s durability: see {@link DurabilityPolicy#forcesPlacedFiles}. */
    public Placement(DurabilityPolicy policy) {
        this.forceToDisk = policy.forcesPlacedFiles();
    }

    /**
     * Places {@code source} into {@code folder} under {@code relative} following {@code policy}; when
     * {@code moveSource}, the source's name is gone afterwards (also when the file was skipped as identical),
     * otherwise the source stays as it is.
     *
     * @throws IOException when the target would lie outside the folder, or the file system fails
     */
    public Placed place(Path source, Path folder, Path relative, CollisionPolicy policy, boolean moveSource)
            throws IOException {
        return place(source, folder, relative, policy, moveSource, true).placed();
    }

    /**
     * A file placed whose name may not be durable yet.
     *
     * @param placed    where the file is and how it got there
     * @param directory the directory to fsync before the name is relied on (with {@link DirectorySyncs}), or null
     */
    record Unsynced(Placed placed, Path directory) {
    }

    /**
     * {@link #place}; unless {@code syncNow}, the fsync of the directory that got the new name is left to the caller
     * (for a source that keeps its name only): it is {@link Unsynced#directory}, or null where nothing is left to sync
     * (the policy does not force placed files, or an identical file was there already). New directories and copied
     * bytes are made durable before this returns either way.
     */
    Unsynced place(Path source, Path folder, Path relative, CollisionPolicy policy, boolean moveSource,
                   boolean syncNow) throws IOException {
        if (moveSource && !syncNow) {
            throw new IllegalArgumentException("a moved source's name goes only once the new one is durable");
        }
        Path target = inside(folder, relative);
        Path directory = target.getParent();
        ensureDirectory(folder, directory);
        // With forceToDisk the source's name goes only once the new one is durable: a file system that does not
        // keep its metadata changes in order (ext4 without a journal) could otherwise keep the removal and lose
        // the new name at a power cut.
        boolean removeSourceNow = moveSource && !forceToDisk;
        Placed placed;
        try {
            placed = attempt(source, target, policy, removeSourceNow);
        } catch (NoSuchFileException e) {
            if (!Files.exists(source)) {
                throw e;
            }
            // the directory was deleted under us (another thread may have made it again already): make sure it
            // exists, and try once more
            directories.remove(directory);
            ensureDirectory(folder, directory);
            placed = attempt(source, target, policy, removeSourceNow);
        }
        Path unsynced = null;
        if (forceToDisk && placed.outcome() != Outcome.SKIPPED_IDENTICAL) {
            if (syncNow) {
                forceDirectory(directory);
            } else {
                unsynced = placed.path().getParent();
            }
        }
        if (moveSource && !removeSourceNow && !source.toAbsolutePath().normalize().equals(placed.path())) {
            Files.deleteIfExists(source);
        }
        return new Unsynced(placed, unsynced);
    }

    /**
     * The directory of {@code file}, a file placed before (found in place again) whose name may not have been made
     * durable yet, where the policy forces placed files; else null.
     */
    public Path unsyncedDirectoryOf(Path file) {
        return forceToDisk ? file.getParent() : null;
    }

    /** Makes a directory's entries (files created, renamed or removed in it) durable; Linux supports this. */
    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private Placed attempt(Path source, Path target, CollisionPolicy policy, boolean moveSource) throws IOException {
        if (policy == CollisionPolicy.OVERWRITE) {
            boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            replace(source, target, moveSource);
            return new Placed(target, existed ? Outcome.OVERWROTE : Outcome.PLACED);
        }
        for (int attempt = 0; attempt <= MAX_SUFFIXES; attempt++) {
            Path candidate = attempt == 0 ? target : withSuffix(target, letters(attempt));
            if (create(source, candidate, moveSource)) {
                return new Placed(candidate, attempt == 0 ? Outcome.PLACED : Outcome.KEPT_BOTH);
            }
            if (policy == CollisionPolicy.SKIP_IDENTICAL && SameDataSet.identical(source, candidate)) {
                if (moveSource && !source.toAbsolutePath().normalize().equals(candidate)) {
                    Files.deleteIfExists(source);
                }
                return new Placed(candidate, Outcome.SKIPPED_IDENTICAL);
            }
        }
        throw new IOException("cannot place " + target + ": " + MAX_SUFFIXES + " suffixed names are taken too");
    }

    /** Takes the name {@code target} for the source's bytes; false when the name is taken. */
    private boolean create(Path source, Path target, boolean moveSource) throws IOException {
        try {
            Files.createLink(target, source);
            if (moveSource) {
                Files.delete(source);
            }
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (NoSuchFileException missing) {
            throw missing;
        } catch (FileSystemException | UnsupportedOperationException notLinkable) {
            return createByCopy(source, target, moveSource);
        }
    }

    private boolean createByCopy(Path source, Path target, boolean moveSource) throws IOException {
        Path temporary = copyBeside(source, target);
        try {
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (FileSystemException | UnsupportedOperationException noHardLinks) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
            if (moveSource) {
                Files.delete(source);
            }
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Puts the source's bytes under {@code target}, atomically replacing whatever is there. */
    private void replace(Path source, Path target, boolean moveSource) throws IOException {
        if (moveSource) {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                // copied below
            }
        }
        Path temporary = target.resolveSibling(".ferry-" + UUID.randomUUID() + ".part");
        try {
            try {
                Files.createLink(temporary, source);
            } catch (FileSystemException | UnsupportedOperationException notLinkable) {
                Files.deleteIfExists(temporary);
                temporary = copyBeside(source, target);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            if (moveSource) {
                Files.delete(source);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A complete copy of {@code source} under a hidden temporary name beside {@code target}, fsync'd if asked. */
    private Path copyBeside(Path source, Path target) throws IOException {
        Path temporary = target.resolveSibling(".ferry-" + UUID.randomUUID() + ".part");
        try {
            Files.copy(source, temporary);
            if (forceToDisk) {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** {@code folder/relative}, refused when {@code relative} is absolute or would climb out of the folder. */
    static Path inside(Path folder, Path relative) throws IOException {
        if (relative.isAbsolute() || relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            throw new IOException("refusing to place at '" + relative + "': not a relative path inside " + folder);
        }
        for (Path name : relative) {
            String text = name.toString();
            if (text.equals("..") || text.equals(".")) {
                throw new IOException("refusing to place at '" + relative + "': it climbs out of " + folder);
            }
        }
        Path base = folder.toAbsolutePath().normalize();
        Path target = base.resolve(relative).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new IOException("refusing to place at '" + relative + "': it is not inside " + folder);
        }
        return target;
    }

    /**
     * Makes {@code directory} (inside {@code folder}) exist. It is walked down from the folder one name at a time,
     * and each name, found or made, must resolve (symbolic links followed) inside the folder's real path before
     * anything is made under it: a link leading out of the folder is refused before a single directory is made
     * where it leads.
     */
    private void ensureDirectory(Path folder, Path directory) throws IOException {
        if (directories.contains(directory)) {
            return;
        }
        Path base = folder.toAbsolutePath().normalize();
        Files.createDirectories(base); // the folder itself may be a link to where the user keeps it
        Path realFolder = realFolders.get(base);
        if (realFolder == null) {
            realFolder = base.toRealPath();
            realFolders.put(base, realFolder);
        }
        Path current = base;
        Path firstMade = null;
        for (Path name : directory.equals(base) ? List.<Path>of() : base.relativize(directory)) {
            current = current.resolve(name);
            boolean made = false;
            try {
                Files.createDirectory(current);
                made = true;
            } catch (FileAlreadyExistsException exists) {
                // a directory, a link or a file: which one is found out below
            }
            Path real;
            try {
                real = current.toRealPath();
            } catch (NoSuchFileException dangling) {
                throw new IOException("refusing to place into " + directory + ": " + current
                        + " is a symbolic link to nothing", dangling);
            }
            if (!real.startsWith(realFolder)) {
                throw new IOException("refusing to place into " + directory + ": the symbolic link " + current
                        + " leads out of " + folder);
            }
            if (!Files.isDirectory(real)) {
                throw new FileSystemException(current.toString(), null, "not a directory (a file is in the way)");
            }
            if (made && firstMade == null) {
                firstMade = current;
            }
        }
        if (forceToDisk && firstMade != null) {
            for (Path made = directory; made != null && made.startsWith(firstMade); made = made.getParent()) {
                forceDirectory(made.getParent());
            }
        }
        if (directories.size() >= MAX_REMEMBERED_DIRECTORIES) {
            directories.clear();
        }
        directories.add(directory);
    }

    /** {@code name} with {@code suffix} before its extension: {@code 0001.dcm} → {@code 0001A.dcm}. */
    static Path withSuffix(Path target, String suffix) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        boolean extension = dot > 0 && name.length() - dot - 1 <= 8
                && name.substring(dot + 1).chars().allMatch(Character::isLetterOrDigit)
                && name.substring(dot + 1).chars().anyMatch(Character::isLetter);
        String renamed = extension ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return target.resolveSibling(renamed);
    }

    /** The suffix of the {@code n}-th extra copy, n ≥ 1: A … Z, AA, AB, … (bijective base 26). */
    static String letters(int n) {
        StringBuilder out = new StringBuilder();
        for (int rest = n; rest > 0; rest = (rest - 1) / 26) {
            out.append((char) ('A' + (rest - 1) % 26));
        }
        return out.reverse().toString();
    }
}
