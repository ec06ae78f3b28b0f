package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Dcmqrscp;
import ferry.core.testing.Storescp;
import ferry.router.testing.FerryRun;
import ferry.router.testing.OrthancServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry replicate} from DICOM nodes — dcmtk's dcmqrscp with a small archive, and Orthanc as a plain DICOM node —
 * to a storescp, which cannot say what it holds: every instance arrives with the data set put in, a query selects, and
 * a second run copies nothing by the replication's record.
 */
class ReplicateDicomEndToEndTest {
    @TempDir
    Path dir;
    private DicomArchive archive;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = DicomArchive.sample(dir.resolve("objects"));
    }

    private Path config(String sourceAe, int sourcePort, int storescpPort) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        return Files.writeString(dir.resolve("ferry.yaml"), """
                data-directory: %s
                destinations:
                  archive: {dicom: {ae-title: %s, host: 127.0.0.1, port: %d, calling-ae-title: FERRY}}
                  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: %d}}
                """.formatted(dir.resolve("data"), sourceAe, sourcePort, storescpPort));
    }

    private static FerryRun replicate(Path config, String... args) {
        return FerryRun.of(Stream.concat(Stream.of("replicate", "-c", config.toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    /** The files storescp wrote, by SOP Instance UID. */
    private static Map<String, Path> received(Path folder) throws IOException {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID), file);
            }
        }
        return files;
    }

    private void assertAsPutIn(Map<String, Path> received) throws IOException {
        for (Map.Entry<String, Path> file : received.entrySet()) {
            assertThat(DicomArchive.dataSetBytes(file.getValue())).as(file.getKey())
                    .isEqualTo(DicomArchive.dataSetBytes(archive.files.get(file.getKey())));
        }
    }

    @Test
    void aDcmqrscpArchiveIsCopiedToAStorescpAndASecondRunCopiesNothingByTheRecord() throws Exception {
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files.values()));
             Storescp storescp = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), storescp.port());

            FerryRun ct = replicate(config, "--from", "archive", "--to", "scp", "--query", "Modality=CT");
            assertThat(ct.exitCode()).as(ct.err()).isZero();
            assertThat(ct.out()).contains("0 present, 2 copied, 0 failed");
            assertThat(ct.err()).contains("cannot say what it holds");
            assertThat(received(storescp.out()).keySet()).containsExactlyInAnyOrder("2.25.71.2.1", "2.25.71.2.2");

            FerryRun all = replicate(config, "--from", "archive", "--to", "scp");
            assertThat(all.exitCode()).as(all.err()).isZero();
            assertThat(all.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> received = received(storescp.out());
            assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(archive.files.keySet());
            assertAsPutIn(received);

            FerryRun again = replicate(config, "--from", "archive", "--to", "scp");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("7 present, 0 copied, 0 failed");
        }
    }

    @Test
    void orthancAsADicomNodeIsCopiedToAStorescp() throws Exception {
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")));
             Storescp storescp = Storescp.start(dir)) {
            for (Path file : archive.files.values()) {
                orthanc.upload(file);
            }
            orthanc.addModality("FERRY", "FERRY", "127.0.0.1", 4242); // Orthanc answers known AE titles only
            Path config = config(OrthancServer.AE_TITLE, orthanc.dicomPort(), storescp.port());

            FerryRun run = replicate(config, "--from", "archive", "--to", "scp");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> received = received(storescp.out());
            assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(archive.files.keySet());
            assertAsPutIn(received);
        }
    }
}
