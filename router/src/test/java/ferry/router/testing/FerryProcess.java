package ferry.router.testing;

import ferry.core.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./ferry ARGS} as a real process through the launcher, running from the tests' class path, its output in
 * a log file. For tests that kill Ferry or run it as a daemon.
 */
public final class FerryProcess {
    private FerryProcess() {
    }

    /** The repository root (where the {@code ferry} launcher is). */
    public static Path root() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.isExecutable(root.resolve("ferry"))) {
            root = root.getParent();
        }
        return root;
    }

    /** A process builder for {@code ./ferry args}, from the tests' class path, never building. */
    public static ProcessBuilder builder(Path workingDirectory, String... args) {
        List<String> command = new ArrayList<>(List.of(root().resolve("ferry").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().put("FERRY_NO_BUILD", "1");
        builder.environment().put("FERRY_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** Starts {@code ./ferry run ARGS} with its output in {@code log}; returns once it says it is running. */
    public static Process run(Path workingDirectory, Path log, String... args) throws IOException,
            InterruptedException {
        return run(workingDirectory, log, Map.of(), args);
    }

    /** {@link #run(Path, Path, String...)} with {@code environment} added to Ferry's environment. */
    public static Process run(Path workingDirectory, Path log, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        ProcessBuilder builder = builder(workingDirectory, all.toArray(String[]::new));
        builder.environment().putAll(environment);
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until("ferry run saying it runs (log " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("ferry run exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("ferry: running");
        });
        return process;
    }
}
