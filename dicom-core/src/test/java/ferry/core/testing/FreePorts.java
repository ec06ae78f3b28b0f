package ferry.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port for a server a test starts. Never one the kernel hands to outgoing connections (its ephemeral range,
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default): a port asked of the kernel with port 0 is
 * from that range, and a client connection of another test or peer could take it between this answer and the
 * server's bind ("address already in use"). Ports are handed out in turn from a start of this process's own, each one
 * that every local address could bind just now.
 */
public final class FreePorts {
    private static final int LAST = Math.min(32_000, ephemeralStart() - 1);
    private static final int FIRST = Math.max(1_025, LAST - 12_000);
    private static final AtomicInteger NEXT = new AtomicInteger(
            (int) Math.floorMod(ProcessHandle.current().pid() * 997, (long) (LAST - FIRST + 1)));

    private FreePorts() {
    }

    /** A port outside the ephemeral range that nothing listened on, on any local address, a moment ago. */
    public static int next() {
        int span = LAST - FIRST + 1;
        for (int tried = 0; tried < span; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), span);
            try (ServerSocket probe = new ServerSocket(port, 1)) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // in use, or its last connection lingers: the next one
            }
        }
        throw new IllegalStateException("no free port from " + FIRST + " to " + LAST);
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read, or makes no sense). */
    private static int ephemeralStart() {
        try {
            // read by lines: Files.readString of a /proc file (size 0) gives its first byte only on Java 17
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > 5_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
