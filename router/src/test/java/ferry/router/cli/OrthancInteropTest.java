package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.service.DimseScp;
import ferry.net.service.FolderStore;
import ferry.router.testing.OrthancServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry and Orthanc (Debian's package, started privately by {@link OrthancServer}) in both directions:
 * {@code ferry echo} and {@code ferry send} to Orthanc, whose REST API then lists the instances with the data sets sent;
 * Orthanc asked over REST to C-ECHO and C-STORE to Ferry's {@link DicomServer}, where the objects arrive identical.
 */
class OrthancInteropTest {
    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(OrthancServer.Options.DEFAULT);

    @TempDir
    Path dir;
    final List<String> serverLog = new CopyOnWriteArrayList<>();
    DicomServer server;

    @AfterEach
    void stopFerry() {
        if (server != null) {
            server.close(Duration.ofSeconds(5));
        }
    }

    String orthancAddress() {
        return OrthancServer.AE_TITLE + "@127.0.0.1:" + orthanc.dicomPort();
    }

    /** {@code count} small CT objects under one study, with UIDs under {@code root}. */
    static List<Path> makeObjects(Path folder, String root, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            DataSet ds = new DataSet();
            ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
            ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tags.SOPInstanceUID, Vr.UI, root + ".1." + i);
            ds.setString(Tags.StudyInstanceUID, Vr.UI, root);
            ds.setString(Tags.SeriesInstanceUID, Vr.UI, root + ".1");
            ds.setString(Tags.PatientID, Vr.LO, "ORTHANC-" + root);
            ds.setString(Tags.PatientName, Vr.PN, "Ørsted^Ånne");
            ds.setString(Tags.Modality, Vr.CS, "CT");
            ds.setInts(Tags.InstanceNumber, Vr.IS, i);
            ds.setInts(Tags.Rows, Vr.US, 8);
            ds.setInts(Tags.Columns, Vr.US, 8);
            byte[] pixels = new byte[128];
            for (int b = 0; b < pixels.length; b++) {
                pixels[b] = (byte) (b + i);
            }
            ds.setBytes(Tag.PIXEL_DATA, Vr.OW, pixels);
            Path file = folder.resolve("ct" + i + ".dcm");
            DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            files.add(file);
        }
        return files;
    }

    static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    @Test
    void ferryEchoGetsAnAnswerFromOrthanc() {
        NetworkCommandsTest.Result result = NetworkCommandsTest.ferry("echo", orthancAddress());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("answered C-ECHO").contains("Success");
    }

    @Test
    void ferrySendStoresInOrthancWhichListsTheInstancesWithTheSameDataSets() throws Exception {
        List<Path> files = makeObjects(dir.resolve("out"), "2.25.7001", 4);

        NetworkCommandsTest.Result result = NetworkCommandsTest.ferry("send", orthancAddress(),
                dir.resolve("out").toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        List<String> listed = OrthancServer.ids(orthanc.get("/instances"));
        for (Path file : files) {
            DataSet sent = dataSet(file);
            String id = orthanc.instanceId(sent.getString(Tags.SOPInstanceUID));
            assertThat(listed).as("/instances").contains(id);
            DataSet stored = DicomReader.read(orthanc.getBytes("/instances/" + id + "/file"), ReadOptions.IN_MEMORY)
                    .dataSet();
            assertThat(stored).as(file.toString()).isEqualTo(sent);
        }
    }

    Path startFerry() throws IOException, InterruptedException {
        Path received = Files.createDirectories(dir.resolve("received"));
        AcceptorPolicy policy = new AcceptorPolicy(Set.of("FERRY"), List.of(), Set.of(DimseScp.VERIFICATION), true,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()),
                4, ReceiveCommand.MAX_PDU_LENGTH);
        server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0, policy,
                AcceptorLimits.DEFAULT, null), new DimseScp(new FolderStore(received), serverLog::add), serverLog::add);
        orthanc.addModality("FERRY", "FERRY", "127.0.0.1", server.port());
        return received;
    }

    @Test
    void orthancEchoesFerry() throws Exception {
        startFerry();

        String answer = orthanc.post("/modalities/FERRY/echo", "{}");

        assertThat(answer).isNotNull(); // HTTP 200: Orthanc's C-ECHO succeeded
        assertThat(serverLog).isEmpty();
    }

    @Test
    void orthancStoresToFerryAndTheObjectsArriveIdentical() throws Exception {
        Path received = startFerry();
        List<Path> files = makeObjects(dir.resolve("upload"), "2.25.7002", 3);
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            ids.add(OrthancServer.field(orthanc.post("/instances", Files.readAllBytes(file)), "ID"));
        }

        orthanc.post("/modalities/FERRY/store", "{\"Resources\": [\"" + String.join("\", \"", ids)
                + "\"], \"Synchronous\": true}");

        for (Path file : files) {
            DataSet sent = dataSet(file);
            Path copy = received.resolve(sent.getString(Tags.SOPInstanceUID) + ".dcm");
            assertThat(copy).exists();
            assertThat(dataSet(copy)).as(copy.toString()).isEqualTo(sent);
        }
        assertThat(serverLog).isEmpty();
    }
}
