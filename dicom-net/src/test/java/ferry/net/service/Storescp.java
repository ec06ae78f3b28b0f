package ferry.net.service;

import ferry.core.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dcmtk's storescp as a test peer: AE title {@code SCP}, on a free port, writing to {@code dir/storescp} and
 * logging to {@code dir/storescp.log}, with {@code TCP_NODELAY=1}; {@link #close()} kills it.
 *
 * @param process the running storescp
 * @param port    its port
 * @param out     the folder it writes received objects to
 * @param log     its stdout and stderr
 */
record Storescp(Process process, int port, Path out, Path log) implements AutoCloseable {

    /** Starts storescp with extra {@code options} (placed before the port) and waits until it listens. */
    static Storescp start(Path dir, String... options) throws IOException, InterruptedException {
        Path executable = Peers.requireExecutable("storescp", "apt-get install dcmtk");
        Path out = Files.createDirectories(dir.resolve("storescp"));
        Path log = dir.resolve("storescp.log");
        int port = DcmtkInteropTest.freePort();
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-aet", "SCP", "--output-directory",
                out.toString()));
        command.addAll(List.of(options));
        command.add(String.valueOf(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Storescp storescp = new Storescp(builder.start(), port, out, log);
        try {
            ferry.core.testing.Await.listening(DcmtkInteropTest.LOOPBACK, port); // storescp shrugs off the probe connection and keeps listening
        } catch (AssertionError e) {
            storescp.close();
            throw new AssertionError(e.getMessage() + "; storescp says: " + storescp.logText(), e);
        }
        return storescp;
    }

    /** What storescp printed so far. */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
