package ferry.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One finished run of an external tool (dcmdump, dump2dcm, python3, …): its exit code, stdout bytes and stderr
 * text. Runs are capped in time, and dcmtk tools get {@code TCP_NODELAY=1} as the project asks of every dcmtk run.
 */
public record ToolRun(List<String> command, int exitCode, byte[] out, String err) {

    /** The standard output decoded with {@code charset}. */
    public String out(Charset charset) {
        return new String(out, charset);
    }

    /** A one-line description for assertion messages. */
    public String describe() {
        return String.join(" ", command) + " → exit " + exitCode + (err.isBlank() ? "" : ", stderr: " + err.strip());
    }

    /** Runs {@code command} to its end (at most {@code timeout}); a run over time is killed and reported as such. */
    public static ToolRun run(Duration timeout, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ferry-tool-", ".out");
            err = Files.createTempFile("ferry-tool-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("TCP_NODELAY", "1");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new ToolRun(List.copyOf(command), process.exitValue(), Files.readAllBytes(out),
                    new String(Files.readAllBytes(err), Charset.defaultCharset()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Runs {@code command} with a 60 s cap. */
    public static ToolRun run(String... command) {
        return run(Duration.ofSeconds(60), List.of(command));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; nothing to do
            }
        }
    }
}
