package ferry.core.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM with a small heap ({@link #HEAP}) running a test's main class, so a test can prove that an object much
 * larger than that heap ({@link LargeObject}) is streamed: buffering it would end in OutOfMemoryError, which ends
 * the child at once.
 */
public final class SmallHeap {
    /** The child JVM's maximum heap. */
    public static final String HEAP = "-Xmx64m";

    private SmallHeap() {
    }

    /** Starts {@code main} in a child JVM with {@link #HEAP} and this JVM's class path, output to {@code log}. */
    public static Process start(Class<?> main, Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The highest heap use of this JVM so far, in MiB, as its memory pools report it. */
    public static long peakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
