package ferry.router.replicate.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.router.replicate.ChangeFeed;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.InstanceException;
import ferry.router.replicate.ReplicationQuery;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.SourceInstance;
import ferry.core.testing.FreePorts;
import ferry.router.testing.OrthancServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DicomSource} and {@link DicomPresence} with Orthanc as a plain DICOM node (C-FIND, C-GET and C-MOVE, not its
 * REST API): everything put in is listed, with its SOP Class UID, a query selects by Modality, each fetch gives the
 * data set put in (a JPEG Lossless one in its own transfer syntax), by C-GET and by C-MOVE to Ferry's own move
 * destination, a move destination Orthanc does not know is refused, and presence tells held from not held.
 */
class OrthancAsDicomNodeTest {
    @TempDir
    Path dir;

    /**
     * Puts {@code archive} and a JPEG Lossless CT image (returned) into Orthanc, and makes Ferry's calling AE title
     * known to it (Orthanc answers known AE titles only).
     */
    private Path putIn(OrthancServer orthanc, DicomArchive archive) throws Exception {
        for (Path file : archive.files().values()) {
            orthanc.post("/instances", Files.readAllBytes(file));
        }
        Path jpeg = DicomArchive.jpegImage(dir, "2.25.93", "2.25.93.1", "2.25.93.1.1");
        orthanc.post("/instances", Files.readAllBytes(jpeg));
        orthanc.addModality("FERRY", "FERRY", "127.0.0.1", 4242);
        return jpeg;
    }

    /** Fetches the JPEG image: it comes in its own transfer syntax, with the data set bytes put in. */
    private void assertFetchedAsKept(DicomSource source, SourceInstance compressed, Path jpeg) throws Exception {
        Path target = dir.resolve("fetched-jpeg.dcm");
        source.fetch(compressed, target);
        assertThat(DicomReader.read(target, ReadOptions.DEFAULT).transferSyntax().uid())
                .isEqualTo(Uids.JPEGLosslessSV1);
        assertThat(DicomArchive.dataSetBytes(target)).isEqualTo(DicomArchive.dataSetBytes(jpeg));
    }

    @Test
    void orthancIsListedFetchedAndAskedLikeAnyDicomNode() throws Exception {
        DicomArchive archive = new DicomArchive(dir.resolve("objects"))
                .series("PID1", "2.25.91", "20240115", "2.25.91.1", "MR", 2, 30_000)
                .series("PID1", "2.25.91", "20240115", "2.25.91.2", "CT", 1, 3_000)
                .series("PID2", "2.25.92", "20250610", "2.25.92.1", "MR", 1, 30_000);
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")))) {
            Path jpeg = putIn(orthanc, archive);
            var config = DicomArchive.node(OrthancServer.AE_TITLE, orthanc.dicomPort(), 2);
            List<SourceInstance> all = new ArrayList<>();
            List<SourceInstance> ct = new ArrayList<>();
            try (DicomSource source = new DicomSource("orthanc", config, Retrieve.GET, name -> null)) {
                source.list(ReplicationQuery.ALL, page -> all.addAll(page));
                DataSet modality = new DataSet();
                modality.setString(Tags.Modality, Vr.CS, "CT");
                source.list(new ReplicationQuery(modality), page -> ct.addAll(page));

                SourceInstance compressed = all.stream().filter(i -> i.sopInstanceUid().equals("2.25.93.1.1"))
                        .findFirst().orElseThrow();
                all.remove(compressed);
                assertThat(all).extracting(SourceInstance::sopInstanceUid).as(orthanc.logText())
                        .containsExactlyInAnyOrderElementsOf(archive.files().keySet());
                assertThat(ct).extracting(SourceInstance::sopInstanceUid)
                        .containsExactlyInAnyOrder("2.25.91.2.1", "2.25.93.1.1");
                assertThat(ct).extracting(SourceInstance::sopClassUid).containsOnly(Uids.CTImageStorage);
                archive.assertFetchedAsPutIn(source, all, dir.resolve("fetched"));
                // sent on the JPEG Lossless context proposed beside the uncompressed one, as it is kept
                assertFetchedAsKept(source, compressed, jpeg);
            }
            try (DicomPresence presence = new DicomPresence("orthanc", config, name -> null)) {
                List<SourceInstance> batch = new ArrayList<>(all);
                batch.add(new SourceInstance("2.25.91.1.7", "", "2.25.91", "2.25.91.1", "", -1));
                assertThat(presence.held(batch)).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
            }
        }
    }

    @Test
    void orthancMovesEachInstanceToFerrysMoveDestinationAsItKeepsItAndRefusesAnUnknownOne() throws Exception {
        DicomArchive archive = new DicomArchive(dir.resolve("objects"))
                .series("PID1", "2.25.91", "20240115", "2.25.91.1", "MR", 2, 30_000);
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")))) {
            // chosen once Orthanc listens: a port picked before could be the one Orthanc then takes
            int movePort = FreePorts.next();
            Path jpeg = putIn(orthanc, archive);
            orthanc.addModality("ferrymove", "FERRYMOVE", "127.0.0.1", movePort);
            var config = DicomArchive.node(OrthancServer.AE_TITLE, orthanc.dicomPort(), 2);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (DicomSource source = new DicomSource("orthanc", config, new Retrieve.Move("FERRYMOVE", loopback,
                    movePort), name -> null);
                 DicomSource unknown = new DicomSource("orthanc", config, new Retrieve.Move("ELSEWHERE", loopback,
                         FreePorts.next()), name -> null)) {
                List<SourceInstance> all = new ArrayList<>();
                source.list(ReplicationQuery.ALL, page -> all.addAll(page));
                SourceInstance compressed = all.stream().filter(i -> i.sopInstanceUid().equals("2.25.93.1.1"))
                        .findFirst().orElseThrow();
                all.remove(compressed);

                archive.assertFetchedAsPutIn(source, all, dir.resolve("fetched"));
                assertFetchedAsKept(source, compressed, jpeg);

                // Orthanc answers both with 0xC000: a C-FIND tells them apart
                assertThatThrownBy(() -> source.fetch(new SourceInstance("2.25.91.1.99", "", "2.25.91", "2.25.91.1",
                        DicomLocator.of("2.25.91", "2.25.91.1", "2.25.91.1.99"), -1), dir.resolve("y.dcm")))
                        .as(orthanc.logText()).isInstanceOf(InstanceException.class)
                        .hasMessageContaining("has no instance 2.25.91/2.25.91.1/2.25.91.1.99")
                        .hasMessageContaining("0xC000").hasMessageContaining("a C-FIND at IMAGE level finds nothing");
                assertThatThrownBy(() -> unknown.fetch(compressed, dir.resolve("x.dcm"))).as(orthanc.logText())
                        .isInstanceOf(EndpointException.class)
                        .hasMessageContaining("refused the C-MOVE of 2.25.93/2.25.93.1/2.25.93.1.1, an instance it "
                                + "holds, with 0xC000")
                        .hasMessageContaining("it may not know the move destination ELSEWHERE");
            }
        }
    }

    @Test
    void theChangeFeedListsAStudyAgainOnlyWhenOrthancCountsMoreInstancesInIt() throws Exception {
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        DicomArchive first = new DicomArchive(dir.resolve("first"))
                .series("PID1", "2.25.94", today, "2.25.94.1", "MR", 2, 100);
        DicomArchive more = new DicomArchive(dir.resolve("more"))
                .series("PID1", "2.25.94", today, "2.25.94.2", "CT", 1, 100);
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")))) {
            orthanc.addModality("FERRY", "FERRY", "127.0.0.1", 4242);
            for (Path file : first.files().values()) {
                orthanc.post("/instances", Files.readAllBytes(file));
            }
            try (DicomSource source = new DicomSource("orthanc", DicomArchive.node(OrthancServer.AE_TITLE,
                    orthanc.dicomPort(), 1), Retrieve.GET, name -> null)) {
                ChangeFeed feed = source.changes(ReplicationQuery.ALL).orElseThrow();
                ChangeFeed.Page listed = feed.after(feed.latest());
                ChangeFeed.Page unchanged = feed.after(listed.cursor());
                for (Path file : more.files().values()) {
                    orthanc.post("/instances", Files.readAllBytes(file));
                }
                ChangeFeed.Page grown = feed.after(unchanged.cursor());

                assertThat(listed.instances()).extracting(SourceInstance::sopInstanceUid)
                        .containsExactlyInAnyOrder("2.25.94.1.1", "2.25.94.1.2");
                assertThat(unchanged.instances()).isEmpty();
                assertThat(grown.instances()).extracting(SourceInstance::sopInstanceUid)
                        .containsExactlyInAnyOrder("2.25.94.1.1", "2.25.94.1.2", "2.25.94.2.1");
            }
        }
    }
}
