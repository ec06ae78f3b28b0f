package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.run.FerryVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FerryCommandTest {

    /** The outcome of one run: exit code and what went to stdout and stderr. */
    record Run(int exitCode, String out, String err) {}

    static Run runInProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = FerryCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Like {@link #runInProcess} but always through picocli, even for a plain {@code dump}. */
    static Run runThroughPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FerryCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpPrintsUsageWithTheCommandsAndExitsZero() {
        Run run = runInProcess("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("Usage: ferry ")
                .contains("fast DICOM router")
                .contains("--version")
                .containsPattern("(?m)^\\s+help\\s");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Run run = runInProcess("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("^ferry \\d+\\.\\d+\\.\\d+\\S*\\R").doesNotContain("${");
        assertThat(FerryVersion.version()).isNotBlank();
    }

    @Test
    void helpCommandShowsTheUsageOfAnotherCommand() {
        Run run = runInProcess("help", "help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: ferry help ");
    }

    @Test
    void unknownCommandExitsWithAUsageErrorThatNamesIt() {
        Run run = runInProcess("frobnicate");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("frobnicate").containsAnyOf("Usage: ferry", "Did you mean: ferry ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noCommandExitsWithAUsageError() {
        Run run = runInProcess();

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Missing a command").contains("Usage: ferry");
    }

    /** {@code ferry check} shows each store's layout as the template a person wrote, not a Java record. */
    @Test
    void checkPrintsEachLayoutAsItsTemplate(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("data"));
        Path config = Files.writeString(tmp.resolve("ferry.yaml"), "data-directory: " + tmp.resolve("data") + "\n"
                + "http: off\nlisteners: []\nroutes:\n  - name: research\n    default: true\n    store:\n"
                + "      - {folder: " + tmp.resolve("a") + ", layout: '{PatientID}/{SeriesNumber:%03d}/{SOPInstanceUID}.dcm'}\n"
                + "      - {folder: " + tmp.resolve("b") + ", layout: dcmserver}\n");

        Run run = runInProcess("check", "--config", config.toString());

        assertThat(run.out()).as(run.err())
                .contains("store into " + tmp.resolve("a") + " as {PatientID}/{SeriesNumber:%03d}/{SOPInstanceUID}.dcm,")
                .contains("store into " + tmp.resolve("b") + " as {PatientID}/{SeriesNumber:%03d}-"
                        + "{SeriesDescription:clean-dash}/{InstanceNumber:%04d}.dcm,")
                .doesNotContain("Layout[");
    }

    /**
     * Runs the real {@code ./ferry} script from the repository root. It sets {@code FERRY_NO_BUILD=1}
     * (never a nested Maven build) and {@code FERRY_CLASSPATH} to this JVM's class path, because the
     * router jar does not exist yet when {@code mvn verify} runs the tests: what is checked is the
     * script's argument passing and exec, not Maven.
     */
    @Nested
    @DisabledOnOs(OS.WINDOWS)
    class Launcher {
        @TempDir
        Path tmp;

        Run runLauncher(Map<String, String> env, String... args) throws IOException, InterruptedException {
            Path root = repositoryRoot();
            Path script = root.resolve("ferry");
            assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();

            List<String> command = new ArrayList<>();
            command.add(script.toString());
            command.addAll(List.of(args));
            Path out = tmp.resolve("stdout");
            Path err = tmp.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("FERRY_NO_BUILD", "1");
            builder.environment().put("FERRY_CLASSPATH", System.getProperty("java.class.path"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("FERRY_JAVA_OPTS");
            builder.environment().putAll(env);

            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("./ferry " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        @Test
        void scriptPrintsUsageAndExitsZero() throws Exception {
            Run run = runLauncher(Map.of(), "--help");

            assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
            assertThat(run.out()).startsWith("Usage: ferry ").contains("fast DICOM router");
        }

        @Test
        void scriptPassesArgumentsWithSpacesUnchangedAndTheExitCodeBack() throws Exception {
            Run run = runLauncher(Map.of(), "no such command");

            assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(run.err()).contains("'no such command'");
        }

        @Test
        void scriptSplitsFerryJavaOptsIntoJvmOptions() throws Exception {
            Run run = runLauncher(
                    Map.of("FERRY_JAVA_OPTS", "-Dferry.test.one=1  -Dferry.test.two=2 -XshowSettings:properties"),
                    "--version");

            assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
            assertThat(run.err()).contains("ferry.test.one = 1").contains("ferry.test.two = 2");
            assertThat(run.out()).startsWith("ferry ");
        }
    }

    /** The nearest directory at or above {@code user.dir} that holds the {@code ferry} script and a pom.xml. */
    static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ferry")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory with the ferry script and pom.xml at or above " + start);
    }
}
