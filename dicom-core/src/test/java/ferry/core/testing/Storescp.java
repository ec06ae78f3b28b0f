package ferry.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dcmtk's storescp as a test peer: AE title {@code SCP}, on a free port, writing to {@code dir/storescp} and
 * logging to {@code dir/storescp.log}, with {@code TCP_NODELAY=1}; {@link #close()} kills it. It can be stopped and
 * started again on the same port, as a destination that goes down and comes back.
 *
 * <pre>{@code
 * try (Storescp storescp = Storescp.start(dir, "-v")) {
 *     // send to SCP@127.0.0.1:storescp.port(); files appear in storescp.out()
 * }
 * }</pre>
 */
public final class Storescp implements AutoCloseable {
    /** storescp's AE title. */
    public static final String AE_TITLE = "SCP";

    /** storescp and its options up to the output directory; the other options and the port follow. */
    private final List<String> base;
    private List<String> options;
    private final int port;
    private final Path out;
    private final Path log;
    private Process process;

    private Storescp(List<String> base, List<String> options, int port, Path out, Path log) {
        this.base = List.copyOf(base);
        this.options = List.copyOf(options);
        this.port = port;
        this.out = out;
        this.log = log;
    }

    /**
     * Starts storescp with extra {@code options} (placed before the port) and waits until it listens. Skips the test
     * when dcmtk is not installed, or fails it when peers are required ({@link Peers}).
     */
    public static Storescp start(Path dir, String... options) throws IOException, InterruptedException {
        Path executable = Peers.requireExecutable("storescp", "apt-get install dcmtk");
        Path out = Files.createDirectories(dir.resolve("storescp"));
        Path log = dir.resolve("storescp.log");
        int port = FreePorts.next();
        Storescp storescp = new Storescp(List.of(executable.toString(), "-aet", AE_TITLE, "--output-directory",
                out.toString()), List.of(options), port, out, log);
        storescp.restart();
        return storescp;
    }

    /** Starts storescp again on the same port with the same options (after {@link #stop()}), its log appended. */
    public void restart() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(base);
        command.addAll(options);
        command.add(String.valueOf(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TCP_NODELAY", "1");
        process = builder.start();
        try {
            Await.listening(InetAddress.getLoopbackAddress(), port); // storescp shrugs off the probe connection
        } catch (AssertionError e) {
            stop();
            throw new AssertionError(e.getMessage() + "; storescp says: " + logText(), e);
        }
    }

    /**
     * Starts storescp again on the same port with {@code newOptions} instead of its options (after {@link #stop()}):
     * a peer whose configuration was changed. Later {@link #restart}s keep them.
     */
    public void restartWith(String... newOptions) throws IOException, InterruptedException {
        options = List.of(newOptions);
        restart();
    }

    /** Its port, on every address. */
    public int port() {
        return port;
    }

    /** The folder it writes received objects to. */
    public Path out() {
        return out;
    }

    /** What storescp printed so far (all runs). */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills storescp and waits for it to go: the port stops answering. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

}
