package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.router.config.ConfigLoader;
import ferry.router.replicate.service.Endpoints;
import ferry.router.run.FerryService;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry replicate} and {@code replications:} between folders and from Ferry's own store: what is copied is
 * byte for byte the source's file, a second run copies nothing, a dry run copies and records nothing, a query
 * selects, a de-identified copy is found again by its new UIDs, unreadable source files are listed and the rest
 * goes on, bad ends are refused with clear messages, and a running Ferry follows a folder source.
 */
class ReplicateFolderEndToEndTest {
    @TempDir
    Path dir;
    private Path source;
    private Path config;

    @BeforeEach
    void twoSeries() throws IOException {
        source = dir.resolve("source");
        new TestStudy("PID-1", "2.25.7001", 2, 30, 4096).write(source);
        Files.createDirectories(dir.resolve("data"));
        config = dir.resolve("ferry.yaml");
        Files.writeString(config, "data-directory: " + dir.resolve("data") + "\n");
    }

    private FerryRun replicate(String... args) {
        String[] all = Stream.concat(Stream.of("replicate", "-c", config.toString()), Arrays.stream(args))
                .toArray(String[]::new);
        return FerryRun.of(all);
    }

    /** The files of {@code folder}, by the SOP Instance UID in each; fails when one UID is in two files. */
    private static Map<String, Path> byUid(Path folder) throws IOException {
        Map<String, Path> files = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String uid = DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID);
                Path before = files.put(uid, file);
                assertThat(before).as("%s in two files: %s and %s", uid, before, file).isNull();
            }
        }
        return files;
    }

    private static void assertSameBytes(Map<String, Path> copies, Map<String, Path> originals) throws IOException {
        for (Map.Entry<String, Path> copy : copies.entrySet()) {
            Path original = originals.get(copy.getKey());
            assertThat(original).as("a copy of %s, which the source has", copy.getKey()).isNotNull();
            assertThat(Files.readAllBytes(copy.getValue())).as(copy.getKey()).isEqualTo(Files.readAllBytes(original));
        }
    }

    @Test
    void everyInstanceIsCopiedByteForByteAndASecondRunCopiesNothing() throws IOException {
        Path target = dir.resolve("target");
        FerryRun first = replicate("--from", source.toString(), "--to", target.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("0 present, 60 copied, 0 failed");
        Map<String, Path> copies = byUid(target);
        assertThat(copies).hasSize(60);
        assertSameBytes(copies, byUid(source));

        FerryRun second = replicate("--from", source.toString(), "--to", target.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("60 present, 0 copied, 0 failed");
        assertThat(byUid(target)).hasSize(60);
    }

    @Test
    void aQuerySelectsAndADryRunListsWhatWouldBeCopiedWithoutCopyingOrRecording() throws IOException {
        Path target = dir.resolve("target");
        FerryRun series1 = replicate("--from", source.toString(), "--to", target.toString(), "--query",
                "SeriesDescription=t1 mprage 1");
        assertThat(series1.exitCode()).as(series1.err()).isZero();
        assertThat(series1.out()).contains("0 present, 30 copied, 0 failed");
        assertThat(byUid(target).keySet()).allMatch(uid -> uid.startsWith("2.25.7001.1."));

        FerryRun dry = replicate("--from", source.toString(), "--to", target.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("30 present, 30 to copy");
        List<String> would = dry.out().lines().filter(line -> line.startsWith("would copy ")).toList();
        assertThat(would).hasSize(30).allMatch(line -> line.startsWith("would copy 2.25.7001.2."));
        assertThat(byUid(target)).hasSize(30);

        FerryRun rest = replicate("--from", source.toString(), "--to", target.toString());
        assertThat(rest.out()).as("the dry run recorded nothing: the destination was asked again")
                .contains("30 present, 30 copied, 0 failed");
        assertSameBytes(byUid(target), byUid(source));
    }

    @Test
    void anUnreadableSourceFileIsListedWithWhereAndTheRestIsCopied() throws IOException {
        byte[] whole = Files.readAllBytes(source.resolve("s01_i00001.dcm"));
        Files.write(source.resolve("broken.dcm"), Arrays.copyOf(whole, 200));
        Files.writeString(source.resolve("notes.txt"), "not DICOM\n");
        Path target = dir.resolve("target");

        FerryRun run = replicate("--from", source.toString(), "--to", target.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("broken.dcm: unreadable at offset").doesNotContain("notes.txt");
        assertThat(run.out()).contains("60 copied, 1 failed");
        assertThat(byUid(target)).hasSize(60);
    }

    @Test
    void endsThatNameNothingUsableAreRefusedWithWhyAndItsExitCode() throws IOException {
        FerryRun unknown = replicate("--from", "nosuchnode", "--to", dir.resolve("t").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'nosuchnode' is no destination under destinations:", "nor local",
                "a path with a /");

        FerryRun missing = replicate("--from", dir.resolve("no/such/folder").toString(), "--to",
                dir.resolve("t").toString());
        assertThat(missing.exitCode()).as(missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("the source folder", "does not exist");

        FerryRun intoLocal = replicate("--from", source.toString(), "--to", "local");
        assertThat(intoLocal.exitCode()).isEqualTo(2);
        assertThat(intoLocal.err()).contains("'local' is a source only");

        FerryRun password = replicate("--from", "http://admin:s3cret@127.0.0.1:1", "--to",
                dir.resolve("t").toString());
        assertThat(password.exitCode()).isEqualTo(2);
        assertThat(password.err()).contains("give the user only", Endpoints.FROM_PASSWORD)
                .doesNotContain("s3cret");
        assertThat(password.out()).doesNotContain("s3cret");

        FerryRun neither = replicate("--to", dir.resolve("t").toString());
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give --from SOURCE and --to DEST");

        FerryRun folderByMove = replicate("--from", source.toString(), "--to", dir.resolve("t").toString(),
                "--move-to", "FERRYMOVE@11113");
        assertThat(folderByMove.exitCode()).isEqualTo(2);
        assertThat(folderByMove.err()).contains("retrieval by C-MOVE is for a DICOM node (a dicom: destination); '"
                + source + "' is none");

        for (String moveTo : List.of("11113", "FERRYMOVE@", "FERRYMOVE@70000", "A-MUCH-TOO-LONG-AE@11113")) {
            FerryRun badMoveTo = replicate("--from", source.toString(), "--to", dir.resolve("t").toString(),
                    "--move-to", moveTo);
            assertThat(badMoveTo.exitCode()).as(moveTo).isEqualTo(2);
            assertThat(badMoveTo.err()).as(moveTo).contains("--move-to");
        }
    }

    @Test
    void aTagExportDestinationGetsEachInstancesTagsOnceByTheRecord() throws IOException {
        Path lines = dir.resolve("lines");
        Files.writeString(config, "data-directory: " + dir.resolve("data") + "\ndestinations:\n  lines: {json-lines: "
                + "{folder: " + lines + ", daily: false}}\n");
        FerryRun first = replicate("--from", source.toString(), "--to", "lines");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("0 present, 60 copied, 0 failed");
        FerryRun second = replicate("--from", source.toString(), "--to", "lines");
        assertThat(second.out()).contains("60 present, 0 copied, 0 failed");
        List<String> events = Files.readAllLines(lines.resolve("ferry-tags.jsonl"));
        assertThat(events).hasSize(60);
        assertThat(events.stream().map(line -> line.replaceAll(".*\"SOPInstanceUID\":\"([0-9.]+)\".*", "$1"))
                .distinct()).hasSize(60).allMatch(uid -> uid.startsWith("2.25.7001."));
    }

    @Test
    void ferrysOwnStoreIsASourceByAnIndexQuery() throws IOException {
        FerryRun indexed = FerryRun.of("index", "-c", config.toString(), source.toString());
        assertThat(indexed.exitCode()).as(indexed.err()).isZero();
        Path target = dir.resolve("target");

        FerryRun run = replicate("--from", "local", "--to", target.toString(), "--query", "SeriesNumber=2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("0 present, 30 copied, 0 failed");
        Map<String, Path> copies = byUid(target);
        assertThat(copies.keySet()).hasSize(30).allMatch(uid -> uid.startsWith("2.25.7001.2."));
        assertSameBytes(copies, byUid(source));
    }

    @Test
    void aDeidentifyingReplicationFindsItsCopiesAgainByTheirNewUids() throws Exception {
        Path target = dir.resolve("target");
        String entry = """
                  - name: %s
                    from: %s
                    to: %s
                    modify: [{deidentify: {secret-variable: FERRY_DEID_SECRET}}]
                """;
        Files.writeString(config, "data-directory: " + dir.resolve("data") + "\nreplications:\n"
                + entry.formatted("anonymised", source, target) + entry.formatted("again", source, target));

        String first = replicateProcess("anonymised");
        assertThat(first).contains("0 present, 60 copied, 0 failed");
        Map<String, Path> copies = byUid(target);
        assertThat(copies).hasSize(60);
        for (Path copy : copies.values()) {
            DataSet data = DicomReader.read(copy, ReadOptions.DEFAULT).dataSet();
            assertThat(data.getString(Tags.SOPInstanceUID)).startsWith("2.25.").doesNotStartWith("2.25.7001.");
            assertThat(data.getString(Tags.PatientName, "")).doesNotContain("Test");
            assertThat(data.getString(Tags.PatientID, "")).isNotEqualTo("PID-1");
        }
        assertThat(replicateProcess("anonymised")).as("its record").contains("60 present, 0 copied, 0 failed");
        assertThat(replicateProcess("again")).as("no record: the folder's files, by the new UIDs")
                .contains("60 present, 0 copied, 0 failed");
        assertThat(byUid(target)).hasSize(60);
    }


    private String replicateProcess(String name) throws IOException, InterruptedException {
        ProcessBuilder builder = FerryProcess.builder(dir, "replicate", "-c", config.toString(), name);
        builder.environment().put("FERRY_DEID_SECRET", "a project secret of some length");
        Path log = dir.resolve("replicate.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aRunningFerryFollowsAFolderSourceAndShowsItInStatus() throws Exception {
        Path incoming = dir.resolve("incoming");
        Path target = dir.resolve("target");
        Files.createDirectories(incoming);
        Files.writeString(config, """
                data-directory: %s
                http: off
                listeners: [{port: %d}]
                replications:
                  - name: watched
                    from: %s
                    to: %s
                    relist: 1s
                """.formatted(dir.resolve("data"), FreePorts.next(), incoming, target));
        try (FerryService ferry = FerryService.start(ConfigLoader.load(config))) {
            for (Path file : byUid(source).values().stream().limit(10).toList()) {
                Files.copy(file, incoming.resolve(file.getFileName()));
            }
            Await.until("10 copies in the target", () -> byUid(target).size() == 10);
            assertSameBytes(byUid(target), byUid(source));
            assertThat(ferry.status()).contains("replications:", "watched", "folder " + incoming, "folder " + target);
        }
    }
}
