package ferry.router.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.testing.Storescp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OrthancServer}, the Orthanc of other tests, does what they rely on: uploads, lists and gives back the files
 * byte for byte, deletes, authenticates as its user with keep-alive on, and stores to a modality configured at start.
 */
class OrthancServerTest {
    @TempDir
    Path dir;

    @Test
    void uploadsListsGivesBackDeletesAndStoresToItsModality() throws Exception {
        List<Path> files = new TestStudy("FIXTURE", "2.25.190190", 1, 3, 256).write(dir.resolve("study"));
        try (Storescp storescp = Storescp.start(Files.createDirectories(dir.resolve("scp")));
             OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")),
                     OrthancServer.Options.DEFAULT.withUser("someone", "secret").withKeepAlive()
                             .withModality("archive", Storescp.AE_TITLE, "127.0.0.1", storescp.port()))) {
            List<String> ids = orthanc.uploadAll(dir.resolve("study"));
            assertThat(ids).hasSize(3);
            assertThat(orthanc.sopInstanceUids()).containsExactly("2.25.190190.1.1", "2.25.190190.1.2",
                    "2.25.190190.1.3");
            assertThat(orthanc.fileOf("2.25.190190.1.2")).isEqualTo(Files.readAllBytes(files.get(1)));
            Thread.sleep(1200); // longer than Orthanc keeps an idle connection: the next request is sent again
            orthanc.delete("2.25.190190.1.2");
            assertThat(orthanc.sopInstanceUids()).containsExactly("2.25.190190.1.1", "2.25.190190.1.3");

            orthanc.post("/modalities/archive/store", "[\"" + ids.get(0) + "\"]");
            try (var stored = Files.list(storescp.out())) {
                assertThat(stored.toList()).hasSize(1).allSatisfy(file -> assertThat(dataSet(file))
                        .isEqualTo(dataSet(files.get(0))));
            }
            assertThat(orthanc.pid()).isPositive();
        }
    }

    private static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }
}
