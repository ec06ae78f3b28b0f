package ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry-VERSION.tar.gz unpacked anywhere runs with Java alone: no Maven, no build, the jars in lib/. */
class TarballIT {
    private static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final List<String> SENT = List.of("CT_small.dcm", "MR_small.dcm", "test-SR.dcm");

    @TempDir
    Path temp;

    @Test
    void holdsTheLauncherTheJarsTheExampleConfigurationAndTheLicences() throws IOException {
        List<String> entries = List.of(run("tar", "tzf", Artifacts.tarball().toString()).out(StandardCharsets.UTF_8)
                .split("\n"));
        String top = Artifacts.tarballFolder() + "/";
        assertThat(entries).contains(top + "bin/ferry", top + "conf/ferry.yaml", top + "conf/ferry.service",
                top + "LICENSE", top + "NOTICE", top + "THIRD-PARTY.md", top + "docs/operations.md");
        assertThat(entries).anyMatch(e -> e.matches(java.util.regex.Pattern.quote(top) + "lib/router-.+\\.jar"));
        assertThat(entries).allMatch(e -> e.startsWith(top));
        assertThat(Files.readString(Artifacts.repository().resolve("LICENSE"))).contains("Apache License",
                "Version 2.0");
    }

    @Test
    void unpackedItStartsWithoutBuildingAndStoresWhatStorescuSends() throws Exception {
        Path storescu = Peers.requireExecutable("storescu", "apt-get install dcmtk");
        Peers.requireFile(PYDICOM_FILES.resolve("CT_small.dcm"), "apt-get install python3-pydicom");
        run("tar", "xzf", Artifacts.tarball().toString(), "-C", temp.toString());
        Path home = temp.resolve(Artifacts.tarballFolder());
        Path launcher = home.resolve("bin/ferry");
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE);

        ToolRun version = run(launcher.toString(), "--version");
        assertThat(version.out(StandardCharsets.UTF_8)).startsWith("ferry " + System.getProperty("dist.name").substring("ferry-".length()));
        assertThat(version.err()).doesNotContain("building");
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("target")).toList())
                    .as("nothing built inside the installation").isEmpty();
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(temp.resolve("data"));
        Path config = temp.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: " + data + "\n"
                + "http: off\nlisteners:\n  - {port: " + port + ", ae-titles: [FERRY]}\n"
                + "routes:\n  - name: all\n    default: true\n    store: " + temp.resolve("store") + "\n");
        Path log = temp.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run", "--config", config.toString())
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("FERRY_CLASSPATH");
        Process ferry = builder.start();
        try {
            Await.until("the unpacked Ferry listening (log " + log + ")", () -> {
                assertThat(ferry.isAlive()).as("ferry run alive; log: %s", read(log)).isTrue();
                return read(log).contains("ferry: running");
            });
            Path outgoing = Files.createDirectories(temp.resolve("outgoing"));
            for (String name : SENT) {
                asStorescuSendsIt(PYDICOM_FILES.resolve(name), outgoing.resolve(name));
            }
            ToolRun sent = ToolRun.run(Duration.ofMinutes(2), List.of(storescu.toString(), "-aec", "FERRY",
                    "+sd", "127.0.0.1", Integer.toString(port), outgoing.toString()));
            assertThat(sent.exitCode()).as(sent.describe()).isZero();
            Map<String, byte[]> sentDataSets = dataSets(outgoing);
            Await.until("every object stored", () -> dataSets(temp.resolve("store")).size() == SENT.size());
            Map<String, byte[]> stored = dataSets(temp.resolve("store"));
            assertThat(stored.keySet()).isEqualTo(sentDataSets.keySet());
            sentDataSets.forEach((uid, bytes) -> assertThat(stored.get(uid)).as("data set of " + uid)
                    .isEqualTo(bytes));
        } finally {
            ferry.destroy();
            ferry.waitFor();
        }
    }

    /**
     * Writes {@code original} again as storescu sends it: dcmtk re-encodes a data set and drops Data Set Trailing
     * Padding, so a file that has it could not be compared byte for byte with what arrives.
     */
    private static void asStorescuSendsIt(Path original, Path copy) throws IOException {
        DicomFile read = DicomReader.read(original, ReadOptions.IN_MEMORY);
        DataSet dataSet = read.dataSet();
        dataSet.remove(Tags.DataSetTrailingPadding);
        DicomWriter.writeFile(copy, DicomWriter.completeMeta(new DataSet(), dataSet, read.transferSyntax()), dataSet,
                read.transferSyntax());
    }

    /** SOP Instance UID to the bytes of the data set (after the file meta group), of every file under a folder. */
    private static Map<String, byte[]> dataSets(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toMap(file -> {
                try {
                    return DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID, "");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, TarballIT::dataSetBytes));
        }
    }

    private static byte[] dataSetBytes(Path file) {
        try {
            DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT);
            byte[] bytes = Files.readAllBytes(file);
            return Arrays.copyOfRange(bytes, (int) read.dataSetOffset(), bytes.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static ToolRun run(String... command) {
        ToolRun run = ToolRun.run(Duration.ofMinutes(2), List.of(command));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }
}
