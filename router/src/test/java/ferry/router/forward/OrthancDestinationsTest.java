package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.TcpRelay;
import ferry.router.testing.TestStudy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways to Orthanc (Debian's package with orthanc-dicomweb, started privately, HTTP with a user): DICOM
 * C-STORE, DICOMweb STOW-RS and the REST API, each checked in Orthanc's own REST API.
 */
class OrthancDestinationsTest {
    static final String USER = "ferry";
    static final String PASSWORD = "s3cret";
    static final Map<String, String> ENVIRONMENT = Map.of("ORTHANC_PASSWORD", PASSWORD, "WRONG_PASSWORD", "nope");

    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(
            OrthancServer.Options.DEFAULT.withDicomWeb().withUser(USER, PASSWORD));

    @TempDir
    Path dir;

    /** The data set Orthanc holds for this SOP Instance UID, or null. */
    static DataSet inOrthanc(String sopInstanceUid) throws Exception {
        String id = orthanc.instanceId(sopInstanceUid);
        return id == null ? null : DicomReader.read(orthanc.getBytes("/instances/" + id + "/file"),
                ReadOptions.IN_MEMORY).dataSet();
    }

    /** How many instances Orthanc holds with this SOP Instance UID. */
    static long instancesWith(String sopInstanceUid) throws Exception {
        return OrthancServer.ids(orthanc.post("/tools/lookup", sopInstanceUid)).size();
    }

    static Destination stowRs(String passwordVariable) {
        return Destinations.create("archive", new DestinationConfig.DicomWeb(URI.create(orthanc.baseUrl()
                + OrthancServer.DICOM_WEB_ROOT), DestinationConfig.DicomWeb.Auth.BASIC, USER, passwordVariable,
                Map.of(), Duration.ofSeconds(30), 2, null), ENVIRONMENT::get);
    }

    static Destination rest(String url, String passwordVariable, boolean skipExisting) {
        return Destinations.create("research", new DestinationConfig.Orthanc(URI.create(url), USER, passwordVariable,
                skipExisting, Duration.ofSeconds(30), 2, null), ENVIRONMENT::get);
    }

    @Test
    void dicomArrivesIdenticalUnderTheSendersAeTitlePassedThrough() throws Exception {
        List<Path> files = TestStudy.of("O1", "2.25.601", 5).write(dir.resolve("out"));
        DestinationConfig.Dicom config = new DestinationConfig.Dicom(OrthancServer.AE_TITLE, "127.0.0.1",
                orthanc.dicomPort(), null, 2, Duration.ofSeconds(30), Duration.ofSeconds(30), null);
        try (Destination pacs = Destinations.create("pacs", config, ENVIRONMENT::get)) {
            for (Path file : files) {
                Delivery delivery = pacs.deliver(Outgoing.of(file, "SCANNER1"));
                assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.DELIVERED);
            }
        }

        for (Path file : files) {
            OutgoingObject object = Outgoing.of(file);
            assertThat(inOrthanc(object.sopInstanceUid())).isEqualTo(Outgoing.dataSet(file));
            String id = orthanc.instanceId(object.sopInstanceUid());
            assertThat(orthanc.get("/instances/" + id + "/metadata/RemoteAET")).isEqualTo("SCANNER1");
        }
    }

    @Test
    void stowRsStoresAndTheSameObjectAgainNeverMakesADuplicate() throws Exception {
        Path file = TestStudy.of("O2", "2.25.602", 1).write(dir.resolve("out")).get(0);
        OutgoingObject object = Outgoing.of(file);
        try (Destination archive = stowRs("ORTHANC_PASSWORD")) {
            Delivery first = archive.deliver(object);
            Delivery second = archive.deliver(object);

            assertThat(archive.describe()).isEqualTo("DICOMweb STOW-RS " + orthanc.baseUrl()
                    + OrthancServer.DICOM_WEB_ROOT);
            assertThat(first).isEqualTo(Delivery.delivered(orthanc.baseUrl() + OrthancServer.DICOM_WEB_ROOT
                    + " answered HTTP 200"));
            assertThat(second.done()).as(second.detail()).isTrue();
        }
        assertThat(instancesWith(object.sopInstanceUid())).isEqualTo(1);
        assertThat(inOrthanc(object.sopInstanceUid())).isEqualTo(Outgoing.dataSet(file));
    }

    @Test
    void stowRsRejectsAFileThatIsNotDicomAndAWrongPassword() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.dcm"), "hello, not DICOM");
        Path file = TestStudy.of("O3", "2.25.603", 1).write(dir.resolve("out")).get(0);
        try (Destination archive = stowRs("ORTHANC_PASSWORD");
             Destination wrong = stowRs("WRONG_PASSWORD")) {
            Delivery notDicom = archive.deliver(new OutgoingObject(junk, TestStudy.MR, "2.25.603.9",
                    "1.2.840.10008.1.2.1", "SCANNER", ""));
            Delivery unauthorized = wrong.deliver(Outgoing.of(file));

            assertThat(notDicom.result()).as(notDicom.detail()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(notDicom.detail()).startsWith(orthanc.baseUrl() + OrthancServer.DICOM_WEB_ROOT + ": HTTP 400");
            assertThat(unauthorized.result()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(unauthorized.detail()).contains("HTTP 401");
        }
        assertThat(instancesWith("2.25.603.1.1")).isZero();
    }

    @Test
    void restStoresThenSkipsTheSameObjectWithoutASecondUpload() throws Exception {
        Path file = TestStudy.of("O4", "2.25.604", 1).write(dir.resolve("out")).get(0);
        OutgoingObject object = Outgoing.of(file);
        // Orthanc here closes each connection after one request, so the relay counts requests
        try (TcpRelay relay = TcpRelay.start(orthanc.httpPort());
             Destination research = rest("http://127.0.0.1:" + relay.port(), "ORTHANC_PASSWORD", true)) {
            Delivery first = research.deliver(object);
            int requestsOfFirst = relay.connections();
            Delivery second = research.deliver(object);

            assertThat(first.result()).as(first.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(first.detail()).endsWith(": Success");
            assertThat(requestsOfFirst).as("lookup and upload").isEqualTo(2);
            assertThat(second.result()).as(second.detail()).isEqualTo(Delivery.Result.ALREADY_THERE);
            assertThat(second.detail()).contains("has it already");
            assertThat(relay.connections() - requestsOfFirst).as("the lookup only").isEqualTo(1);
        }
        assertThat(inOrthanc(object.sopInstanceUid())).isEqualTo(Outgoing.dataSet(file));
    }

    @Test
    void restWithoutTheLookupHearsAlreadyStoredFromOrthanc() throws Exception {
        Path file = TestStudy.of("O5", "2.25.605", 1).write(dir.resolve("out")).get(0);
        try (Destination research = rest(orthanc.baseUrl(), "ORTHANC_PASSWORD", false)) {
            Delivery first = research.deliver(Outgoing.of(file));
            Delivery second = research.deliver(Outgoing.of(file));

            assertThat(first.result()).as(first.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(second.result()).as(second.detail()).isEqualTo(Delivery.Result.ALREADY_THERE);
            assertThat(second.detail()).endsWith(": AlreadyStored");
        }
        assertThat(instancesWith("2.25.605.1.1")).isEqualTo(1);
    }

    @Test
    void restRejectsAFileThatIsNotDicomWithOrthancsReasonAndAWrongPassword() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.dcm"), "hello, not DICOM");
        try (Destination research = rest(orthanc.baseUrl(), "ORTHANC_PASSWORD", true);
             Destination wrong = rest(orthanc.baseUrl(), "WRONG_PASSWORD", true)) {
            OutgoingObject object = new OutgoingObject(junk, TestStudy.MR, "2.25.606.9", "1.2.840.10008.1.2.1",
                    "SCANNER", "");
            Delivery notDicom = research.deliver(object);
            Delivery unauthorized = wrong.deliver(object);

            assertThat(notDicom).isEqualTo(Delivery.rejected(orthanc.baseUrl() + ": HTTP 400: Bad file "
                    + "format: Cannot parse an invalid DICOM file (size: 16 bytes)"));
            assertThat(unauthorized.result()).isEqualTo(Delivery.Result.REJECTED);
            assertThat(unauthorized.detail()).contains("HTTP 401");
        }
    }

    @Test
    void aServerThatIsNotThereFails() throws Exception {
        Path file = TestStudy.of("O7", "2.25.607", 1).write(dir.resolve("out")).get(0);
        int closedPort;
        try (TcpRelay relay = TcpRelay.start(1)) {
            closedPort = relay.port();
        }
        try (Destination research = rest("http://127.0.0.1:" + closedPort, "ORTHANC_PASSWORD", true)) {
            Delivery delivery = research.deliver(Outgoing.of(file));

            assertThat(delivery.result()).isEqualTo(Delivery.Result.FAILED);
            assertThat(delivery.detail()).startsWith("http://127.0.0.1:" + closedPort + ": cannot connect");
        }
    }
}
