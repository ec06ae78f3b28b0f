package ferry.router.replicate;

import static ferry.router.replicate.TestInstances.ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.forward.DestinationConfig;
import ferry.router.replicate.orthanc.OrthancPresence;
import ferry.router.replicate.orthanc.QidoPresence;
import ferry.router.testing.OrthancServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OrthancPresence} and {@link QidoPresence} against a real Orthanc (its REST API, and its DICOMweb plugin):
 * of a mixed batch, larger than a request takes, exactly the instances it holds; credentials refused and a server
 * not there are {@link EndpointException}s naming the destination.
 */
class PresenceTest {
    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(TestInstances.options());

    @TempDir
    static Path dir;
    /** Instances Orthanc holds, as a source lists them. */
    static List<SourceInstance> held = new ArrayList<>();
    /** Instances it does not hold: in its series, in studies it does not have, without study or series. */
    static List<SourceInstance> missing = new ArrayList<>();

    @BeforeAll
    static void uploadTwoStudies() throws Exception {
        List<Path> files = TestInstances.study(dir.resolve("a"), "HELD-A", 2, 5);
        files.addAll(TestInstances.study(dir.resolve("b"), "HELD-B", 1, 3));
        for (Path file : files) {
            orthanc.upload(file);
            DataSet sent = TestInstances.dataSet(file);
            held.add(new SourceInstance(sent.getString(Tags.SOPInstanceUID), "",
                    sent.getString(Tags.StudyInstanceUID), sent.getString(Tags.SeriesInstanceUID), "", -1));
        }
        SourceInstance first = held.get(0);
        for (int i = 0; i < 300; i++) {
            missing.add(new SourceInstance(first.studyInstanceUid() + "." + first.seriesInstanceUid().length() + ".9."
                    + i, "", first.studyInstanceUid(), first.seriesInstanceUid(), "", -1));
        }
        for (int i = 0; i < 200; i++) {
            String study = TestInstances.newUid();
            missing.add(new SourceInstance(study + ".1.1", "", study, study + ".1", "", -1));
        }
        for (int i = 0; i < 20; i++) {
            String uid = TestInstances.newUid();
            missing.add(new SourceInstance(uid, "", i % 2 == 0 ? "" : held.get(0).studyInstanceUid(), "", "", -1));
        }
    }

    /** The held and missing instances shuffled together, with a held one given without its study and series. */
    static List<SourceInstance> mixed() {
        List<SourceInstance> batch = new ArrayList<>(held);
        batch.addAll(missing);
        SourceInstance last = held.get(held.size() - 1);
        batch.set(held.size() - 1, new SourceInstance(last.sopInstanceUid(), "", "", "", "", -1));
        Collections.shuffle(batch, new Random(19));
        return batch;
    }

    static Set<String> heldUids() {
        return Set.copyOf(held.stream().map(SourceInstance::sopInstanceUid).toList());
    }

    static OrthancPresence orthanc(String url, String passwordVariable) {
        return new OrthancPresence("archive", TestInstances.orthanc(url, passwordVariable), ENVIRONMENT::get);
    }

    static QidoPresence qido(String passwordVariable) {
        return new QidoPresence("archive", TestInstances.dicomWeb(orthanc, passwordVariable), ENVIRONMENT::get);
    }

    static String closedPortUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void orthancTellsExactlyWhichOfAMixedBatchItHolds() throws Exception {
        List<SourceInstance> batch = mixed();
        assertThat(batch).hasSizeGreaterThan(OrthancPresence.BATCH);
        try (OrthancPresence presence = orthanc(orthanc.baseUrl(), "ORTHANC_PASSWORD")) {
            assertThat(presence.held(batch)).isEqualTo(heldUids());
            assertThat(presence.held(missing)).isEmpty();
            assertThat(presence.held(List.of())).isEmpty();
        }
    }

    @Test
    void qidoTellsExactlyWhichOfAMixedBatchItHolds() throws Exception {
        List<SourceInstance> batch = mixed();
        try (QidoPresence presence = qido("ORTHANC_PASSWORD")) {
            assertThat(presence.held(batch)).isEqualTo(heldUids());
            assertThat(presence.held(missing)).isEmpty();
        }
    }

    @Test
    void refusedCredentialsAreAnEndpointExceptionNamingTheDestination() {
        try (OrthancPresence presence = orthanc(orthanc.baseUrl(), "WRONG_PASSWORD")) {
            assertThatThrownBy(() -> presence.held(held)).isInstanceOfSatisfying(EndpointException.class, e -> {
                assertThat(e.side()).isEqualTo(EndpointException.Side.DESTINATION);
                assertThat(TestInstances.message(e)).isEqualTo("the destination archive (Orthanc "
                        + orthanc.baseUrl() + ") refused the credentials (HTTP 401): check user and "
                        + "password-variable");
            });
        }
        try (QidoPresence presence = qido("WRONG_PASSWORD")) {
            assertThatThrownBy(() -> presence.held(held)).isInstanceOfSatisfying(EndpointException.class, e -> {
                assertThat(e.side()).isEqualTo(EndpointException.Side.DESTINATION);
                assertThat(TestInstances.message(e)).isEqualTo("the destination archive (DICOMweb QIDO-RS "
                        + orthanc.baseUrl() + OrthancServer.DICOM_WEB_ROOT + ") refused the credentials (HTTP 401): "
                        + "check user and password-variable");
            });
        }
    }

    @Test
    void aDestinationNotThereIsAnEndpointException() throws Exception {
        String url = closedPortUrl();
        try (OrthancPresence presence = orthanc(url, "ORTHANC_PASSWORD")) {
            assertThatThrownBy(() -> presence.held(held)).isInstanceOfSatisfying(EndpointException.class, e -> {
                assertThat(e.side()).isEqualTo(EndpointException.Side.DESTINATION);
                assertThat(TestInstances.message(e)).startsWith("the destination archive (Orthanc " + url
                        + "): cannot connect");
            });
        }
        DestinationConfig.DicomWeb web = TestInstances.dicomWeb(orthanc, "ORTHANC_PASSWORD");
        try (QidoPresence presence = new QidoPresence("archive", new DestinationConfig.DicomWeb(
                URI.create(url + "/dicom-web"), web.auth(), web.user(), web.secretVariable(), web.headers(),
                web.timeout(), web.maxParallel(), null), ENVIRONMENT::get)) {
            assertThatThrownBy(() -> presence.held(held)).isInstanceOf(EndpointException.class)
                    .hasMessageStartingWith("the destination archive (DICOMweb QIDO-RS " + url + "/dicom-web): "
                            + "cannot connect");
        }
    }
}
