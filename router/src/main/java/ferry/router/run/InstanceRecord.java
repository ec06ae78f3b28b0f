package ferry.router.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Which data directory the Ferry started with a configuration file really uses: a small file named after the
 * configuration file's real path, in a directory of the user's own ({@code ferry-USER} in the temporary directory,
 * mode 700, like tmux's sockets), or in the directory {@value #VARIABLE} names (the Debian package: {@code /run/ferry},
 * which systemd makes for the service and which is visible to an administrator's {@code ferry status}, unlike the
 * service's private {@code /tmp}). {@code ferry status}, {@code stop}, {@code reload} and {@code start} look there
 * first, so they find the running Ferry even after its file's {@code data-directory} was edited, or the file broken
 * (docs/running.md). The file holds the configuration's real path, the data directory and the pid; the data
 * directory's lock ({@link InstanceLock}) still decides whether that Ferry runs, so a record left by a killed Ferry
 * misleads no one.
 */
public final class InstanceRecord implements AutoCloseable {
    /** The environment variable naming the directory of records instead of {@code ferry-USER} in {@code /tmp}. */
    public static final String VARIABLE = "FERRY_RUNTIME_DIR";
    private static final String CONFIG = "config ";
    private static final String DATA = "data-directory ";
    private static final String PID = "pid ";

    private final Path file;
    private final String content;

    private InstanceRecord(Path file, String content) {
        this.file = file;
        this.content = content;
    }

    /**
     * Records that this process runs with {@code configFile} on {@code dataDirectory}.
     *
     * @throws IOException when the directory of records cannot be made private to this user, or written
     */
    public static InstanceRecord write(Path configFile, Path dataDirectory) throws IOException {
        Path config = configFile.toRealPath();
        Path data = dataDirectory.toRealPath();
        if ((config.toString() + data).indexOf('\n') >= 0) {
            throw new IOException("a path with a line break cannot be recorded: " + config + ", " + data);
        }
        String content = CONFIG + config + "\n" + DATA + data + "\n" + PID + ProcessHandle.current().pid() + "\n";
        Path directory = directory(true);
        Path file = directory.resolve(name(config));
        Path temporary = directory.resolve(name(config) + "." + ProcessHandle.current().pid() + ".part");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new InstanceRecord(file, content);
    }

    /** The data directory recorded for {@code configFile}, when a Ferry started with it recorded one. */
    public static Optional<Path> dataDirectory(Path configFile) {
        try {
            Path config = configFile.toRealPath();
            List<String> lines = Files.readAllLines(directory(false).resolve(name(config)), StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(CONFIG + config) || !lines.get(1).startsWith(DATA)) {
                return Optional.empty();
            }
            return Optional.of(Path.of(lines.get(1).substring(DATA.length())));
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }

    /** Removes the record, unless another Ferry with the same file has written its own since. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                Files.delete(file);
            }
        } catch (NoSuchFileException gone) {
            // removed by someone else: nothing to do
        }
    }

    /**
     * The directory of records: {@value #VARIABLE}, or {@code ferry-USER} in the temporary directory, made private to
     * us. Refused when anyone but its owner could write it; to write a record, when we are not its owner either.
     */
    static Path directory(boolean writing) throws IOException {
        String user = System.getProperty("user.name", "");
        String named = System.getenv(VARIABLE);
        Path directory = named != null && !named.isBlank() ? Path.of(named) : Path.of(System.getProperty(
                "java.io.tmpdir"), "ferry-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (writing) {
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(named == null ? "rwx------" : "rwxr-xr-x")));
            } catch (FileAlreadyExistsException exists) {
                // checked below
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        boolean ours = attributes.owner().equals(
                FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user));
        if (!attributes.isDirectory() || (writing || named == null) && !ours
                || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(directory + " is not a directory of " + user + " that only " + user + " can write");
        }
        return directory;
    }

    private static String name(Path config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(config.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".run";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
