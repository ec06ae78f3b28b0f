package ferry.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dcmtk's {@code dcmqrscp} (a query/retrieve SCP with its own index) running on a free loopback port for a test:
 * a temporary configuration with one storage area, the given files indexed into it by {@code dcmqridx}, the
 * server started with {@code TCP_NODELAY=1}. Skips (or fails, see {@link Peers}) when dcmtk is missing. It accepts
 * associations from any AE title, and stores with C-MOVE at the {@link MoveDestination}s it was started with.
 *
 * <pre>{@code
 * try (Dcmqrscp archive = Dcmqrscp.start(dir, "ARCHIVE", files)) {
 *     ... query archive.aeTitle() at 127.0.0.1:archive.port() ...
 * }
 * }</pre>
 *
 * @param aeTitle the AE title it answers to
 * @param port its port on 127.0.0.1
 * @param log the file its output goes to (verbose)
 */
public record Dcmqrscp(String aeTitle, int port, Path log, Process process) implements AutoCloseable {

    /** A peer dcmqrscp knows as a C-MOVE destination: its AE title, listening on 127.0.0.1 at {@code port}. */
    public record MoveDestination(String aeTitle, int port) {
    }

    /** Indexes {@code files} under {@code dir} and starts dcmqrscp serving them as {@code aeTitle}. */
    public static Dcmqrscp start(Path dir, String aeTitle, List<Path> files) throws IOException, InterruptedException {
        return start(dir, aeTitle, files, List.of());
    }

    /** Like {@link #start(Path, String, List)}, with the move destinations dcmqrscp knows (its HostTable). */
    public static Dcmqrscp start(Path dir, String aeTitle, List<Path> files, List<MoveDestination> destinations)
            throws IOException, InterruptedException {
        Path dcmqrscp = Peers.requireExecutable("dcmqrscp", "apt-get install dcmtk");
        Peers.requireExecutable("dcmqridx", "apt-get install dcmtk");
        Path storage = Files.createDirectories(dir.resolve("dcmqrscp-" + aeTitle));
        List<String> index = new ArrayList<>(List.of("dcmqridx", storage.toString()));
        files.forEach(f -> index.add(f.toString()));
        // dcmqridx's index is one flat file searched at each insertion: 2,000 files take 5 s, 10,000 minutes
        ToolRun indexed = ToolRun.run(java.time.Duration.ofSeconds(60 + files.size() / 20), index);
        if (indexed.exitCode() != 0) {
            throw new IOException(indexed.describe());
        }
        int port = FreePorts.next();
        // No UserName/GroupName: dcmqrscp would switch to that user when started as root.
        Path config = dir.resolve("dcmqrscp-" + aeTitle + ".cfg");
        List<String> hosts = new ArrayList<>();
        for (MoveDestination destination : destinations) {
            hosts.add(destination.aeTitle() + " = (" + destination.aeTitle() + ", 127.0.0.1, " + destination.port()
                    + ")");
        }
        Files.writeString(config, String.join("\n",
                "NetworkTCPPort  = " + port,
                "MaxPDUSize      = 16384",
                "MaxAssociations = 16",
                "HostTable BEGIN", String.join("\n", hosts), "HostTable END",
                "VendorTable BEGIN", "VendorTable END",
                "AETable BEGIN",
                aeTitle + "  " + storage + "  RW (1000, 1024mb)  ANY",
                "AETable END", ""), StandardCharsets.US_ASCII);
        Path log = dir.resolve("dcmqrscp-" + aeTitle + ".log");
        // The default mode forks a child per association; single-process mode (-s) of dcmtk 3.6.7 crashes after
        // the first association is released.
        ProcessBuilder builder = new ProcessBuilder(dcmqrscp.toString(), "-v", "-c", config.toString(),
                String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        Dcmqrscp started = new Dcmqrscp(aeTitle, port, log, process);
        try {
            started.waitUntilListening();
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private void waitUntilListening() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IOException("dcmqrscp exited with " + process.exitValue() + ": " + logText());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("dcmqrscp does not listen on port " + port + " after 10 s: " + logText());
    }

    /** What dcmqrscp wrote so far, for assertion messages. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops dcmqrscp and the children it forked for associations. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
