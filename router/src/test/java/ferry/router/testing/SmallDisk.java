package ferry.router.testing;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A real file system of a known size for disk-full tests: a tmpfs mounted on a test folder, which a filler file fills
 * up to a chosen number of free bytes and then gives back. Mounting needs root (as the tests run in CI and here); as
 * another user the test is skipped with a message saying so, or fails with {@code -Dpeers.required=true}, since no
 * unprivileged way gives a file system whose free space a test controls to the process under test.
 *
 * <pre>{@code
 * try (SmallDisk disk = SmallDisk.mount(dir.resolve("data"), 16 << 20)) {
 *     disk.fill(8 * 1024);
 *     ...
 *     disk.release();
 * }
 * }</pre>
 */
public final class SmallDisk implements AutoCloseable {
    private final Path folder;
    private final Path filler;

    private SmallDisk(Path folder) {
        this.folder = folder;
        this.filler = folder.resolve(".filler");
    }

    /** Mounts a tmpfs of {@code bytes} on {@code folder} (made when missing); skips the test when it cannot. */
    public static SmallDisk mount(Path folder, long bytes) throws IOException {
        Files.createDirectories(folder);
        ToolRun run = ToolRun.run(Duration.ofSeconds(30),
                List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", folder.toString()));
        Peers.require(run.exitCode() == 0, "a file system of known size for a disk-full test (a tmpfs, and mounting"
                + " one needs root: " + run.describe() + ")");
        return new SmallDisk(folder);
    }

    public Path folder() {
        return folder;
    }

    /** The free space now, in bytes. */
    public long free() throws IOException {
        return Files.getFileStore(folder).getUsableSpace();
    }

    /** Grows the filler file until at most {@code leaving} bytes are free (a tmpfs counts whole pages). */
    public void fill(long leaving) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (long free = free(); free > leaving; free = free()) {
                out.write(chunk, 0, (int) Math.min(chunk.length, Math.max(1, free - leaving)));
                out.flush();
            }
        }
    }

    /** Deletes the filler file: the space it took is free again. */
    public void release() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Unmounts (lazily, so a process still holding files in it does not stop it). */
    @Override
    public void close() {
        ToolRun.run(Duration.ofSeconds(30), List.of("umount", "-l", folder.toString()));
    }
}
